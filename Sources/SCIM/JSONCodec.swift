/// The codec between ``JSONValue`` and UTF-8 JSON text (RFC 8259), used for bytes-mode bodies, `scimsim
/// replay` lines and traces.
///
/// Standard library only (no Foundation). Decoding is a hand-written single-pass parser over the bytes: object members keep their order (a
/// duplicate key keeps its first position and takes the last value, RFC 8259 section 4 leaves this open);
/// a number without fraction or exponent that fits in `Int64` becomes ``JSONValue/int(_:)`` exactly (`-0`
/// becomes `0`), any
/// other number ``JSONValue/double(_:)`` (an integer beyond 64 bits loses precision; a number that overflows
/// `Double` is an error); strings are validated UTF-8 with every JSON escape, including surrogate pairs; a
/// leading UTF-8 byte order mark is skipped. Anything malformed (including invalid UTF-8, lone surrogates,
/// raw control characters in strings, trailing content, empty input) and nesting of arrays/objects deeper
/// than ``maxDepth`` throws ``SCIMError`` 400 `invalidSyntax` whose detail names the byte offset; the
/// parser never traps on input.
///
/// Encoding is hand-written too (Foundation's JSONSerialization writer is 7-10x slower, perf-limits.md
/// section 4): compact output, members in order, non-ASCII written as raw UTF-8, `"`, `\` and control
/// characters escaped (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX`), `/` not escaped, doubles in Swift's
/// shortest round-trip form (an integral double keeps its `.0`), non-finite doubles as `null`.
/// `decode(encode(v)) == v` for every value whose doubles are finite.
///
/// Complexity: both directions are O(input size) plus O(k^2) per object of k members when k <= 16 (duplicate
/// check by scan; larger objects use a hash index).
public enum JSONCodec {
    /// The deepest nesting of arrays and objects ``decode(_:)`` accepts: 64 (the top-level container is
    /// depth 1). SCIM resources nest at most 3 deep; the limit bounds the parser's recursion.
    public static let maxDepth = 64

    /// Decodes any JSON value (RFC 8259 allows scalars at top level).
    /// - Throws: ``SCIMError`` 400 `invalidSyntax` naming the offset, for the inputs listed on the type.
    public static func decode(_ bytes: [UInt8]) throws(SCIMError) -> JSONValue {
        let result: Result<JSONValue, SCIMError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            do throws(SCIMError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes JSON text given as a `String` (its UTF-8 form); same rules as ``decode(_:)-([UInt8])``.
    public static func decode(_ text: String) throws(SCIMError) -> JSONValue {
        try decode(Array(text.utf8))
    }

    /// Decodes a SCIM request body, which must be a JSON object (RFC 7644 section 3.1 and section 3.12:
    /// a body of another shape is `invalidSyntax`).
    /// - Throws: ``SCIMError`` 400 `invalidSyntax` for malformed JSON or a top-level value that is not an
    ///   object.
    public static func decodeObject(_ bytes: [UInt8]) throws(SCIMError) -> JSONObject {
        let value = try decode(bytes)
        guard case .object(let object) = value else {
            throw SCIMError.invalidSyntax("The request body must be a JSON object, not \(kindName(value))")
        }
        return object
    }

    /// Encodes `value` as compact UTF-8 JSON text; `decode(encode(v)) == v` for every value without
    /// non-finite doubles. O(output size).
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    /// Appends the encoding of `value` to `out` (for building JSON Lines without copies).
    public static func encode(_ value: JSONValue, into out: inout [UInt8]) {
        write(value, into: &out)
    }

    /// The encoding of `value` as a `String`.
    public static func encodeToString(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// A short name of the value's JSON type for error details: `null`, `boolean`, `number`, `string`,
    /// `array` or `object`.
    static func kindName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
