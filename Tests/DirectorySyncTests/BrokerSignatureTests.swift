import SCIM
import Testing

@testable import DirectorySync

@Suite struct BrokerSignatureTests {
    @Test func keyedDigestIsDeterministicAndKeyed() {
        var a = KeyedDigest(key: "k1")
        a.update("hello")
        var b = KeyedDigest(key: "k1")
        b.update("hello")
        var c = KeyedDigest(key: "k2")
        c.update("hello")
        var d = KeyedDigest(key: "k1")
        d.update("hellp")
        #expect(a.hexDigest() == b.hexDigest())
        #expect(a.hexDigest().count == 32)
        #expect(a.hexDigest() != c.hexDigest())
        #expect(a.hexDigest() != d.hexDigest())
    }

    @Test func headerRoundTripsAndRejectsTamperingWrongKeyAndOldTimestamps() {
        let body: JSONValue = [
            "id": "event_1", "event": "dsync.user.created", "created_at": "2026-01-01T00:00:00.000Z",
            "data": ["id": "directory_user_1", "email": "a@example.com", "state": "active"],
        ]
        let payload = WebhookSignature.signedPayload(of: body)
        let header = WebhookSignature.header(timestampMillis: 5000, payload: payload, secret: "s")
        #expect(WebhookSignature.parse(header)?.timestampMillis == 5000)
        #expect(
            WebhookSignature.verify(
                header: header, payload: payload, secret: "s", nowMillis: 5000, toleranceMillis: 180_000) == nil)
        #expect(
            WebhookSignature.verify(
                header: header, payload: payload, secret: "s", nowMillis: 185_000, toleranceMillis: 180_000) == nil)
        #expect(
            WebhookSignature.verify(
                header: header, payload: payload, secret: "s", nowMillis: 185_001, toleranceMillis: 180_000)
                == .timestampOutsideTolerance)
        #expect(
            WebhookSignature.verify(
                header: header, payload: payload, secret: "other", nowMillis: 5000, toleranceMillis: 180_000)
                == .digestMismatch)
        var tampered = body.objectValue!
        tampered["data"] = ["id": "directory_user_1", "email": "mallory@example.com", "state": "active"]
        #expect(
            WebhookSignature.verify(
                header: header, payload: WebhookSignature.signedPayload(of: .object(tampered)), secret: "s",
                nowMillis: 5000,
                toleranceMillis: 180_000) == .digestMismatch)
        for bad in [nil, "", "t=5000", "v1=abc", "t=x, v1=abc"] as [String?] {
            #expect(
                WebhookSignature.verify(header: bad, payload: payload, secret: "s", nowMillis: 5000, toleranceMillis: 1)
                    == .malformedHeader)
        }
    }

    @Test func timestampsRenderAndParseExactly() {
        #expect(EventTimestamp.iso8601(.zero) == "2026-01-01T00:00:00.000Z")
        #expect(EventTimestamp.iso8601(.milliseconds(86_400_000 * 59 + 3_723_004)) == "2026-03-01T01:02:03.004Z")
        for ms: Int64 in [0, 1, 999, 86_399_999, 31_536_000_123, 4_000_000_000_000] {
            #expect(EventTimestamp.parseVirtualMilliseconds(EventTimestamp.iso8601(.milliseconds(ms))) == ms)
        }
        #expect(EventTimestamp.parseUnixMilliseconds("2026-01-01T00:00:00Z") == nil)
        #expect(EventTimestamp.parseUnixMilliseconds("2026-13-01T00:00:00.000Z") == nil)
        #expect(EventTimestamp.milliseconds(.microseconds(1999)) == 1)
    }

    @Test func byteLevelHelpersMatchTheirSpecifications() {
        #expect(SCIMResourceReader.asciiEqualIgnoringCase("userName", "USERNAME"))
        #expect(!SCIMResourceReader.asciiEqualIgnoringCase("a", "b"))
        #expect(!SCIMResourceReader.asciiEqualIgnoringCase("a@", "a`"))
        #expect(!SCIMResourceReader.asciiEqualIgnoringCase("ab", "abc"))
        #expect(DirectorySyncBrokerState.route("/scim/v2.0/d1/Users/x")! == ("d1", "/Users/x"))
        #expect(DirectorySyncBrokerState.route("/scim/v2.0/d1")! == ("d1", "/"))
        #expect(DirectorySyncBrokerState.route("/scim/v2.0/") == nil)
        #expect(DirectorySyncBrokerState.route("/scim/v2.0//Users") == nil)
        #expect(DirectorySyncBrokerState.route("/scim/v2/d1/Users") == nil)
        #expect(OrganizationState.emailKey("Ada@X.com") == "ada@x.com")
        #expect(OrganizationState.emailKey("ada@x.com") == "ada@x.com")
        #expect(OrganizationState.emailKey("ÉLAN@x.example") == "élan@x.example")
        #expect(WebhookSignature.parse("t=12, v1=ab")! == (12, "ab"))
        #expect(WebhookSignature.parse("v1=ab,t=12 ")! == (12, "ab"))
        #expect(WebhookSignature.parse("t=99999999999999999999, v1=ab") == nil)
    }

    @Test func streamedValueModeDigestEqualsTheDocumentedPayloadDigest() {
        let body: JSONValue = [
            "id": "event_7", "event": "dsync.group.user_added", "created_at": "2026-01-01T00:00:00.000Z",
            "data": [
                "directory_id": "directory_1",
                "user": ["id": "directory_user_1", "email": "a@example.com", "updated_at": "x"],
                "group": ["id": "directory_group_1", "name": "Eng", "updated_at": "y"],
            ],
        ]
        let viaString = WebhookSignature.header(
            timestampMillis: 77, payload: WebhookSignature.signedPayload(of: body), secret: "k")
        #expect(WebhookSignature.header(timestampMillis: 77, body: body, secret: "k") == viaString)
        #expect(WebhookSignature.signedPayload(of: body).contains("\nEng\n"))
        #expect(
            WebhookSignature.verify(header: viaString, body: body, secret: "k", nowMillis: 77, toleranceMillis: 0)
                == nil)
    }

    @Test func idsAreZeroPaddedCountersThatRoundTrip() {
        #expect(BrokerID.make("event_", 42) == "event_" + String(repeating: "0", count: 24) + "42")
        #expect(BrokerID.make("event_", 42).count == 32)
        #expect(BrokerID.number(BrokerID.make("event_", 123_456), prefix: "event_") == 123_456)
        #expect(BrokerID.number("event_12a", prefix: "event_") == nil)
        #expect(BrokerID.number("directory_1", prefix: "event_") == nil)
    }

    /// The signed payload writes event names and user states from static strings: their bytes must be the raw
    /// values the JSON envelope carries, or value-mode signatures would diverge from the envelope's.
    @Test func signedNamesAreTheRawValues() {
        for kind in DirectoryEventKind.allCases {
            #expect(kind.signedName.description == kind.rawValue)
        }
        for state in [DirectoryUserState.active, .inactive] {
            #expect(state.signedName.description == state.rawValue)
        }
    }

    /// The signed-payload writer copies fields with overlapping word loads and stores: every length from 1 to 80
    /// (each branch and its edges) copies exactly the source bytes and writes nothing outside the target range.
    @Test func inlineByteCopyCopiesExactlyTheRange() {
        let source = (0..<96).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for n in 1...80 {
            for offset in [0, 3] {
                var target = [UInt8](repeating: 0xEE, count: 100)
                source.withUnsafeBytes { src in
                    target.withUnsafeMutableBytes { dst in
                        copyBytes(from: src.baseAddress! + offset, to: dst.baseAddress! + 5, n)
                    }
                }
                #expect(Array(target[5..<(5 + n)]) == Array(source[offset..<(offset + n)]), "n \(n)")
                #expect(target[0..<5].allSatisfy { $0 == 0xEE } && target[(5 + n)...].allSatisfy { $0 == 0xEE })
            }
        }
    }
}
