import SCIM

/// A SCIM response as it travels back over the IdP link: the body as a value (value mode) or as the UTF-8
/// bytes the codec produced (bytes mode).
public struct SCIMWireResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// Header fields (`Retry-After`, `Location`, `ETag`, ...).
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: SCIMBody?
}

/// One webhook delivery attempt as it travels over the organization link: a `POST` to the endpoint with the
/// `WorkOS-Signature` header.
public struct WebhookDelivery: Sendable {
    /// The broker's delivery record and attempt (to report the outcome).
    public var dispatch: WebhookDeliveryID
    /// 1 for the first attempt.
    public var attempt: Int
    /// The event envelope and the `WorkOS-Signature` header: the typed event (value mode, as the broker sends
    /// it), a JSON value, or bytes.
    public var content: WebhookContent
    /// The broker's log sequence of the event (for the trace; 0 for an injected delivery).
    public var eventSequence: Int64
    /// True for a delivery injected with a deliberately wrong signature (a forgery fault or a test).
    public var forged: Bool
}

/// How bodies cross links in a run (``WireMode``): value mode passes `JSONValue`s through; bytes mode encodes
/// every SCIM body and webhook with ``JSONCodec`` at the sender and decodes it at the receiver.
struct WireFormat: Sendable {
    let mode: WireMode

    /// The request as the IdP puts it on the link.
    @inline(__always)
    func outgoing(_ request: consuming SCIMRequest) -> SCIMRequest {
        guard mode == .bytes, case .value(let value)? = request.body else { return request }
        request.body = .bytes(JSONCodec.encode(value))
        return request
    }

    /// The response as the broker puts it on the link.
    @inline(__always)
    func outgoing(_ response: consuming SCIMResponse) -> SCIMWireResponse {
        var response = response
        guard let value = response.body.take() else {  // moved out, not copied
            return SCIMWireResponse(status: response.status, headers: response.headers, body: nil)
        }
        return SCIMWireResponse(
            status: response.status, headers: response.headers,
            body: mode == .bytes ? .bytes(JSONCodec.encode(value)) : .value(value))
    }

    /// The response as the IdP reads it. An undecodable body (never produced by the codec) reads as a 502
    /// without a body, which the IdP treats as a server error.
    @inline(__always)
    func incoming(_ wire: consuming SCIMWireResponse) -> SCIMResponse {
        switch wire.body.take() {  // moved out, not copied
        case nil: return SCIMResponse(status: wire.status, headers: wire.headers)
        case .value(let value)?: return SCIMResponse(status: wire.status, headers: wire.headers, body: value)
        case .bytes(let bytes)?:
            do {
                return SCIMResponse(status: wire.status, headers: wire.headers, body: try JSONCodec.decode(bytes))
            } catch {
                return SCIMResponse(status: 502, headers: wire.headers)
            }
        }
    }

    /// A webhook body as the broker sends it.
    @inline(__always)
    func outgoing(event body: JSONValue) -> SCIMBody { mode == .bytes ? .bytes(JSONCodec.encode(body)) : .value(body) }

    /// A webhook body as the organization reads it (`nil` when it cannot be decoded).
    @inline(__always)
    func incoming(event body: SCIMBody) -> JSONValue? {
        switch body {
        case .value(let value): return value
        case .bytes(let bytes): return try? JSONCodec.decode(bytes)
        }
    }
}
