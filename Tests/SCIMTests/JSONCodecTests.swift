import SCIM
import Testing

@Suite struct JSONCodecTests {
    private func decode(_ text: String) throws -> JSONValue { try JSONCodec.decode(text) }

    private func expectInvalidSyntax(
        _ bytes: [UInt8], mentioning fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let v = try JSONCodec.decode(bytes)
            Issue.record("expected invalidSyntax, decoded \(v)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.status == 400 && error.scimType == .invalidSyntax, sourceLocation: sourceLocation)
            if let fragment {
                #expect(error.detail.contains(fragment), "detail: \(error.detail)", sourceLocation: sourceLocation)
            }
        }
    }

    private func expectInvalidSyntax(
        _ text: String, mentioning fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectInvalidSyntax(Array(text.utf8), mentioning: fragment, sourceLocation: sourceLocation)
    }

    static let oktaCreate = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
         "userName":"ada.lovelace@example.com",
         "name":{"givenName":"Ada","familyName":"Lovelace"},
         "emails":[{"primary":true,"value":"ada.lovelace@example.com","type":"work"}],
         "displayName":"Ada Lovelace","locale":"en-US","externalId":"00uAda0001",
         "groups":[],"password":"pl4ceh0lder","active":true}
        """

    @Test func decodesAnOktaCreateBodyInOrder() throws {
        let body = try JSONCodec.decodeObject(Array(Self.oktaCreate.utf8))
        #expect(
            body.keys == [
                "schemas", "userName", "name", "emails", "displayName", "locale", "externalId", "groups", "password",
                "active",
            ])
        #expect(body["userName"] == "ada.lovelace@example.com")
        #expect(body["name"]?["givenName"] == "Ada")
        #expect(body["emails"]?.arrayValue?.first?["primary"] == .bool(true))
        #expect(body["groups"] == .array([]))
        #expect(body["active"] == true)
    }

    @Test func roundTripKeepsOrderAndValues() throws {
        let value: JSONValue = [
            "z": 1, "a": [true, false, nil, -0.5, 1e-7, 12345678901234, "x"], "m": ["nested": ["deeper": [[], [:]]]],
            "s": "quote \" backslash \\ slash / tab \t nl \n cr \r bell \u{07} del \u{7F} é 😀 \u{2028}",
        ]
        let bytes = JSONCodec.encode(value)
        #expect(try JSONCodec.decode(bytes) == value)
        // Encoding is compact, ordered, escapes only what JSON requires.
        let text = JSONCodec.encodeToString(["b": 1, "a": "é/\u{01}"])
        #expect(text == #"{"b":1,"a":"é/\u0001"}"#)
        #expect(JSONCodec.encodeToString("\u{08}\u{0C}\n\r\t\"\\") == #""\b\f\n\r\t\"\\""#)
    }

    @Test func integersStayExact() throws {
        #expect(try decode("9223372036854775807") == .int(Int64.max))
        #expect(try decode("-9223372036854775808") == .int(Int64.min))
        #expect(JSONCodec.encodeToString(.int(Int64.min)) == "-9223372036854775808")
        #expect(JSONCodec.encodeToString(.int(Int64.max)) == "9223372036854775807")
        #expect(JSONCodec.encodeToString([0, -1, 10, 1000000]) == "[0,-1,10,1000000]")
        #expect(try decode("9007199254740993") == .int(9_007_199_254_740_993))  // not representable as Double
        #expect(try decode("9223372036854775808") == .double(9_223_372_036_854_775_808))  // beyond Int64
        #expect(try decode("1.0") == .double(1))
        #expect(try decode("1e2") == .double(100))
        #expect(try decode("-0") == .int(0))
        #expect(try decode("0.1") == .double(0.1))
        #expect(try JSONCodec.decode(JSONCodec.encode(.double(0.1))) == .double(0.1))
        #expect(try JSONCodec.decode(JSONCodec.encode(.double(5e20))) == .double(5e20))
        #expect(JSONCodec.encodeToString(.double(.infinity)) == "null")
    }

    @Test func unicodeAndEscapes() throws {
        #expect(try decode(#""Jos\u00e9 M\u00FCller""#) == "José Müller")
        #expect(try decode(#""\ud83d\ude00""#) == "😀")
        #expect(try decode(#""\"\\\/\b\f\n\r\t""#) == "\"\\/\u{08}\u{0C}\n\r\t")
        #expect(try decode("\"日本語 😀\"") == "日本語 😀")
        expectInvalidSyntax(#""\ud83d""#, mentioning: "surrogate")
        expectInvalidSyntax(#""\ude00""#, mentioning: "surrogate")
        expectInvalidSyntax(#""\ud83d\u0041""#, mentioning: "surrogate")
        expectInvalidSyntax(#""\x""#, mentioning: "escape")
        expectInvalidSyntax(#""\u12G4""#, mentioning: "hex")
        expectInvalidSyntax("\"raw\nnewline\"", mentioning: "control")
        expectInvalidSyntax([0x22, 0xC3, 0x28, 0x22], mentioning: "UTF-8")  // invalid UTF-8
        expectInvalidSyntax([0x22, 0x5C, 0x6E, 0xFF, 0x22], mentioning: "UTF-8")  // invalid UTF-8 on the slow path
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)
        #expect(try JSONCodec.decodeObject(bytes) == Fixtures.object(["a": 1]))
    }

    @Test func duplicateKeysKeepFirstPositionLastValue() throws {
        #expect(try decode(#"{"a":1,"b":2,"a":3}"#) == .object(Fixtures.object(["a": 3, "b": 2])))
        // Past 16 members the decoder switches to a hash index; same rule.
        var text = "{"
        for k in 0..<40 { text += "\"k\(k)\":\(k)," }
        text += "\"k3\":\"last\"}"
        let o = try JSONCodec.decodeObject(Array(text.utf8))
        #expect(o.count == 40)
        #expect(o.keys[3] == "k3")
        #expect(o["k3"] == "last")
    }

    @Test func malformedInputIsInvalidSyntax() {
        for text in [
            "", "   ", "{", "}", "[1,]", "{\"a\":1,}", "{'a':1}", "{\"a\" 1}", "{\"a\":}", "{a:1}", "[1 2]", "01", "1.",
            ".5", "-", "1e", "+1", "NaN", "Infinity", "tru", "nul", "[true false]", "{\"a\":1}x", "\"abc", "1e999",
            "{\"a\":1]", "[1}", "//c\n{}", "\u{0}",
        ] {
            expectInvalidSyntax(text)
        }
        expectInvalidSyntax("{\"a\": [1, 2", mentioning: "offset")
    }

    @Test func bodiesMustBeObjects() {
        for text in ["[]", "\"x\"", "1", "null", "true"] {
            do {
                _ = try JSONCodec.decodeObject(Array(text.utf8))
                Issue.record("\(text) accepted as a body")
            } catch {
                #expect(error.scimType == .invalidSyntax)
                #expect(error.detail.contains("must be a JSON object"))
            }
        }
    }

    @Test func nestingIsLimited() throws {
        let ok = String(repeating: "[", count: JSONCodec.maxDepth) + String(repeating: "]", count: JSONCodec.maxDepth)
        _ = try decode(ok)
        let tooDeep =
            String(repeating: "[", count: JSONCodec.maxDepth + 1)
            + String(repeating: "]", count: JSONCodec.maxDepth + 1)
        expectInvalidSyntax(tooDeep, mentioning: "nesting")
        expectInvalidSyntax(String(repeating: "{\"a\":", count: 100_000), mentioning: "nesting")
        expectInvalidSyntax(String(repeating: "[", count: 1_000_000))
    }

    @Test func errorBodyEncodesWithStatusAsString() throws {
        let error = SCIMError(status: 409, scimType: .uniqueness, detail: "userName already exists")
        let text = JSONCodec.encodeToString(error.body)
        #expect(
            text
                == #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness","detail":"userName already exists"}"#
        )
    }
}
