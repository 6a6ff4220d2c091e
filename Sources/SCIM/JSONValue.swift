/// A JSON value as SCIM request and response bodies travel inside the simulation.
///
/// Shapes: objects keep their member order (``JSONObject``), integers stay exact (`Int64`), other
/// numbers are `Double`, strings are Unicode `String`s. Equality is structural and order-sensitive
/// for objects, which is what a byte-level comparison of two encodings would see.
///
/// The codec to and from UTF-8 bytes lives in `JSONCodec`; value mode links carry this enum
/// directly, bytes mode links carry the codec's output (DESIGN.md section 4).
public enum JSONValue: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// JSON `true` / `false`.
    case bool(Bool)
    /// A JSON number without fraction or exponent that fits in 64 bits, kept exact.
    case int(Int64)
    /// Any other JSON number.
    case double(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array, in order.
    case array([JSONValue])
    /// A JSON object, members in insertion order.
    case object(JSONObject)
}

extension JSONValue {
    /// The string payload, or `nil` for any other case.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The boolean payload, or `nil` for any other case (no string coercion; see the SCIM
    /// service for the Entra `"True"`/`"False"` tolerance).
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The exact integer payload, or `nil` for any other case.
    public var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The object payload, or `nil` for any other case.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array payload, or `nil` for any other case.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// `true` for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Member lookup on an object value, exact key match; `nil` for non-objects or absent keys.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Members keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
}
