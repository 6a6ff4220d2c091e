import SCIM

/// The answer to one webhook delivery.
public struct WebhookReceipt: Sendable, Hashable {
    /// The HTTP status to answer: 200 when the event was processed or safely ignored (the broker stops
    /// retrying), 401 for a refused signature or timestamp, 400 for an unreadable body.
    public var status: Int
    /// What happened.
    public var outcome: ConsumerOutcome
}

/// Webhook delivery to the consumer: verifies the `WorkOS-Signature` header (``WebhookSignature``) over the
/// delivery's signed payload in value mode (typed event or JSON body) or bytes mode (raw body), then hands the
/// event's fields to ``consumeEvent(_:)-(EventFields)``. A refused delivery changes nothing but the refusal
/// counters and is not remembered, so a correctly signed retry is still processed (the WorkOS guidance cited on
/// the consumer's extension in `OrganizationState+Consumer.swift`).
extension OrganizationState {
    /// Verifies and consumes one value-mode webhook delivery as the broker sends it: the typed event and the
    /// parsed header (`nil`: missing or unreadable, refused). The signed payload is
    /// ``WebhookSignature/signedPayload(of:)-(DirectoryEvent)`` of `payload.event`; the event's fields are read
    /// directly (no JSON). Same outcome as ``receiveWebhook(body:signatureHeader:now:)`` with `payload.body` and
    /// the header's text.
    public mutating func receiveWebhook(
        _ payload: WebhookPayload, signature: WebhookSignatureHeader?, now: Duration
    ) -> WebhookReceipt {
        let failure = WebhookSignature.verify(
            signature: signature, payload: payload, key: webhookKey, nowMillis: EventTimestamp.milliseconds(now),
            toleranceMillis: signatureToleranceMillis)
        if let refused = refusal(failure) { return refused }
        // The shared payload's user is read in place (no fields value is built for a user event).
        let outcome = consumeEvent(payload)
        return WebhookReceipt(status: outcome == .malformed ? 400 : 200, outcome: outcome)
    }

    /// Verifies and consumes one webhook delivery whose body is a JSON value, at virtual time `now` (value-mode
    /// signature: the signed payload is ``WebhookSignature/signedPayload(of:)-(JSONValue)`` of the body). A
    /// refused delivery changes nothing and is not remembered, so a correctly signed retry is still processed.
    public mutating func receiveWebhook(body: JSONValue, signatureHeader: String?, now: Duration) -> WebhookReceipt {
        receiveWebhook(body: body, fields: nil, signatureHeader: signatureHeader, now: now)
    }

    /// ``receiveWebhook(body:signatureHeader:now:)`` with the body's fields already read (`nil`: read them here).
    mutating func receiveWebhook(
        body: JSONValue, fields: EventFields?, signatureHeader: String?, now: Duration
    ) -> WebhookReceipt {
        let failure = WebhookSignature.verify(
            header: signatureHeader, body: body, secret: configuration.webhookSecret,
            nowMillis: EventTimestamp.milliseconds(now), toleranceMillis: signatureToleranceMillis)
        return receipt(after: failure) { fields ?? EventFields(json: body) }
    }

    /// Verifies and consumes one webhook delivery in bytes mode: the signature covers the raw body (as
    /// WorkOS signs), which is then decoded with ``JSONCodec`` (undecodable: 400, no change).
    public mutating func receiveWebhook(rawBody: [UInt8], signatureHeader: String?, now: Duration) -> WebhookReceipt {
        receiveWebhook(rawBody: rawBody, fields: nil, signatureHeader: signatureHeader, now: now)
    }

    /// ``receiveWebhook(rawBody:signatureHeader:now:)`` with the fields of the decoded body already read (`nil`:
    /// decode and read them here).
    mutating func receiveWebhook(
        rawBody: [UInt8], fields: EventFields?, signatureHeader: String?, now: Duration
    ) -> WebhookReceipt {
        let failure = WebhookSignature.verify(
            header: signatureHeader, rawBody: rawBody, secret: configuration.webhookSecret,
            nowMillis: EventTimestamp.milliseconds(now), toleranceMillis: signatureToleranceMillis)
        return receipt(after: failure) { fields ?? (try? JSONCodec.decode(rawBody)).map { EventFields(json: $0) } }
    }

    /// ``OrganizationConfiguration/signatureTolerance`` in milliseconds, as the `verify` functions take it.
    private var signatureToleranceMillis: Int64 { EventTimestamp.milliseconds(configuration.signatureTolerance) }

    /// The one answer of every `receiveWebhook` once its signature is checked: a refusal (``refusal(_:)``), else
    /// the outcome of consuming the fields `read` returns (read only after the signature passed; `nil`, an
    /// unreadable body, is a counted ``ConsumerOutcome/malformed``), with status 400 for a malformed event and
    /// 200 otherwise.
    @inline(__always)
    private mutating func receipt(
        after failure: WebhookSignature.Failure?, _ read: () -> EventFields?
    ) -> WebhookReceipt {
        if let refused = refusal(failure) { return refused }
        guard let event = read() else {
            counters.malformed += 1
            return WebhookReceipt(status: 400, outcome: .malformed)
        }
        let outcome = consumeEvent(event)
        return WebhookReceipt(status: outcome == .malformed ? 400 : 200, outcome: outcome)
    }

    /// The receipt for a refused signature (401, counted as a rejected signature or timestamp); `nil` when
    /// `failure` is `nil` (accepted).
    private mutating func refusal(_ failure: WebhookSignature.Failure?) -> WebhookReceipt? {
        switch failure {
        case .malformedHeader?, .digestMismatch?:
            counters.rejectedSignatures += 1
            return WebhookReceipt(status: 401, outcome: .rejectedSignature)
        case .timestampOutsideTolerance?:
            counters.rejectedTimestamps += 1
            return WebhookReceipt(status: 401, outcome: .rejectedTimestamp)
        case nil:
            return nil
        }
    }
}
