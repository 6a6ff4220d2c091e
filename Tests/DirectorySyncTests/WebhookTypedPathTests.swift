import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Value mode carries the typed event instead of a JSON envelope. These tests pin that the typed path signs,
/// verifies, probes and consumes exactly as the JSON path does for every event kind the broker emits.
@Suite struct WebhookTypedPathTests {
    /// A broker log with every event kind: activation, users created / updated / deactivated / reactivated /
    /// renamed / deleted, a group created / renamed with members added and removed, a group deleted, and the
    /// directory deleted. Returns the world (before delivery) and its log.
    static func richHistory(deleteInactive: Bool, mappings: Bool) throws -> (HandWiredWorld, [DirectoryEvent]) {
        var w = HandWiredWorld(
            configure: { $0.deleteInactiveUsers = deleteInactive },
            groupMappings: mappings ? [GroupRoleMapping(groupName: "claude-admins", role: .admin)] : nil)
        let enabled = w.enableSCIM()
        let setup = try #require(enabled)
        let a = w.createUser(0, "ada@acme.example", now: .seconds(1))
        let b = w.createUser(0, "Bob@Acme.example", given: "Bob", now: .seconds(1))
        let po = w.createUser(0, HandWiredWorld.ownerEmail, now: .seconds(1))
        _ = w.scim(
            0, .patch, "/Users/" + a, body: Fixture.patchReplace(["name": ["givenName": "Aug"]]), now: .seconds(2))
        let g =
            w.scim(0, .post, "/Groups", body: Fixture.group("Claude-Admins", members: [a, po]), now: .seconds(3))
            .body?["id"]?.stringValue ?? ""
        _ = w.scim(0, .patch, "/Groups/" + g, body: Fixture.patchMembers("add", [b]), now: .seconds(4))
        _ = w.scim(0, .patch, "/Groups/" + g, body: Fixture.patchMembers("remove", [a]), now: .seconds(5))
        _ = w.scim(0, .patch, "/Users/" + b, body: Fixture.patchActive(false), now: .seconds(6))
        _ = w.scim(0, .patch, "/Users/" + b, body: Fixture.patchActive(true), now: .seconds(7))
        _ = w.scim(
            0, .patch, "/Users/" + a,
            body: Fixture.patchReplace(["emails": [["value": "ada.l@acme.example", "primary": true]]]),
            now: .seconds(8))
        _ = w.scim(0, .delete, "/Users/" + po, now: .seconds(9))
        _ = w.scim(0, .delete, "/Groups/" + g, now: .seconds(10))
        _ = try w.broker.deleteDirectory(
            DirectoryDeletionRequest(organizationID: "org_0", directoryID: setup.directoryID), now: .seconds(11)
        ).get()
        let events = Array(w.broker.retainedEvents)
        let kinds = Set(events.map(\.kind))
        #expect(kinds.isSuperset(of: [.activated, .deleted, .userCreated, .userUpdated, .groupCreated]))
        #expect(kinds.contains(.groupUserAdded) && kinds.contains(.groupUserRemoved))
        return (w, events)
    }

    @Test(arguments: [true, false])
    func typedSignedPayloadAndHeaderEqualTheJSONOnes(deleteInactive: Bool) throws {
        let (_, events) = try Self.richHistory(deleteInactive: deleteInactive, mappings: true)
        for (n, event) in events.enumerated() {
            let body = event.body
            #expect(WebhookSignature.signedPayload(of: event) == WebhookSignature.signedPayload(of: body))
            let t = Int64(n) * 1_234_567 + 7
            let typed = WebhookSignature.header(timestampMillis: t, event: event, secret: "whsec_\(n)")
            let text = WebhookSignature.header(timestampMillis: t, body: body, secret: "whsec_\(n)")
            #expect(typed.text == text)
            let payload = WebhookPayload(event)
            #expect(WebhookSignature.header(timestampMillis: t, payload: payload, secret: "whsec_\(n)") == typed)
            #expect(String(decoding: payload.signedPayload, as: UTF8.self) == WebhookSignature.signedPayload(of: body))
            #expect(WebhookSignatureHeader(text) == typed)
            #expect(
                WebhookSignature.verify(
                    signature: typed, event: event, secret: "whsec_\(n)", nowMillis: t, toleranceMillis: 0) == nil)
            #expect(
                WebhookSignature.verify(
                    signature: typed, event: event, secret: "other", nowMillis: t, toleranceMillis: 0)
                    == .digestMismatch)
            #expect(
                WebhookSignature.verify(
                    signature: typed, event: event, secret: "whsec_\(n)", nowMillis: t + 2, toleranceMillis: 1)
                    == .timestampOutsideTolerance)
        }
    }

    @Test func typedSignatureCoversTheConsumedFields() throws {
        let (_, events) = try Self.richHistory(deleteInactive: true, mappings: false)
        let created = try #require(events.first { $0.kind == .userCreated })
        let signature = WebhookSignature.header(timestampMillis: 5, event: created, secret: "s")
        var tampered = created
        guard case .user(var user) = created.data else {
            Issue.record("expected a user")
            return
        }
        user.email = "mallory@evil.example"
        tampered.data = .user(user)
        #expect(
            WebhookSignature.verify(
                signature: signature, event: tampered, secret: "s", nowMillis: 5, toleranceMillis: 0)
                == .digestMismatch)
        #expect(
            WebhookSignature.verify(signature: nil, event: created, secret: "s", nowMillis: 5, toleranceMillis: 0)
                == .malformedHeader)
        #expect(
            WebhookSignature.verify(
                signature: signature, payload: WebhookPayload(tampered), secret: "s", nowMillis: 5, toleranceMillis: 0)
                == .digestMismatch)
        #expect(
            WebhookSignature.verify(
                signature: signature, payload: WebhookPayload(created), secret: "s", nowMillis: 5, toleranceMillis: 0)
                == nil)
    }

    @Test func signatureHeaderTextRoundTripsAndRejectsNonCanonicalDigests() {
        let header = WebhookSignatureHeader(timestampMillis: 42, digestHigh: 0x0123_4567_89ab_cdef, digestLow: 7)
        #expect(header.text == "t=42, v1=0123456789abcdef0000000000000007")
        #expect(WebhookSignatureHeader(header.text) == header)
        #expect(WebhookSignatureHeader("v1=0123456789abcdef0000000000000007, t=42") == header)
        for bad in ["", "garbage", "t=42", "t=42, v1=ab", "t=42, v1=0123456789ABCDEF0000000000000007"] {
            #expect(WebhookSignatureHeader(bad) == nil, "\(bad)")
        }
    }

    /// Consuming the typed events and consuming their JSON bodies give the same outcome per event, the same
    /// members and the same counters, in log order and with every event delivered twice.
    @Test(arguments: [(true, false), (false, true), (true, true)])
    func typedConsumptionEqualsJSONConsumption(deleteInactive: Bool, mappings: Bool) throws {
        let (w, events) = try Self.richHistory(deleteInactive: deleteInactive, mappings: mappings)
        var typed = w.orgs[0]
        var json = w.orgs[0]
        var applied = 0
        for event in events + events {
            let a = typed.consumeEvent(event)
            let b = json.consumeEvent(event.body)
            #expect(a == b, "\(event.kind)")
            if a == .applied { applied += 1 }
            #expect(typed.members == json.members)
        }
        #expect(applied > events.count / 2)
        #expect(typed.counters == json.counters)
        #expect(typed.scimSetup == json.scimSetup)
    }

    /// The monitor reads the same probe from the typed event as from its JSON body.
    @Test func typedProbeEqualsJSONProbe() throws {
        let (w, events) = try Self.richHistory(deleteInactive: false, mappings: true)
        let monitor = InvariantMonitor(simulation: .init(seed: 1))
        var org = w.orgs[0]
        for event in events {
            let typed = monitor.probe(EventFields(event), organization: org)
            let json = monitor.probe(event.body, organization: org)
            #expect(typed.eventKind == json.eventKind && typed.kind == json.kind)
            #expect(typed.userID == json.userID && typed.email == json.email)
            #expect(typed.organizationID == json.organizationID)
            #expect(typed.byUser == json.byUser && typed.byEmail == json.byEmail)
            #expect(typed.memberCount == json.memberCount)
            _ = org.consumeEvent(event)
        }
    }

    /// Typed deliveries through the broker's dispatches: accepted when signed by the endpoint, refused (and
    /// forgotten) with a missing or wrong signature.
    @Test func typedDeliveriesAreVerifiedLikeJSONOnes() throws {
        var w = HandWiredWorld()
        w.enableSCIM()
        _ = w.createUser(0, "ada@acme.example", now: .seconds(1))
        let created = try #require(w.broker.dueWebhookDispatches(now: .seconds(1)).last)
        guard case .event(let payload, let signature) = created.content else {
            Issue.record("value mode must dispatch the typed event")
            return
        }
        #expect(payload.event.id == created.eventID && signature == created.signature)
        let wrong = WebhookSignature.header(timestampMillis: 1000, event: payload.event, secret: "whsec_other")
        for bad in [nil, wrong] as [WebhookSignatureHeader?] {
            let receipt = w.orgs[0].receiveWebhook(payload, signature: bad, now: .seconds(1))
            #expect(receipt == WebhookReceipt(status: 401, outcome: .rejectedSignature))
        }
        #expect(w.orgs[0].member(email: "ada@acme.example") == nil)
        let late = w.orgs[0].receiveWebhook(payload, signature: signature, now: .seconds(200))
        #expect(late == WebhookReceipt(status: 401, outcome: .rejectedTimestamp))
        let ok = w.orgs[0].receiveWebhook(payload, signature: signature, now: .seconds(1))
        #expect(ok == WebhookReceipt(status: 200, outcome: .applied))
        #expect(w.orgs[0].member(email: "ada@acme.example") != nil)
        #expect(w.orgs[0].counters.rejectedSignatures == 2 && w.orgs[0].counters.rejectedTimestamps == 1)
    }

    /// The streamed digest equals its definition (little-endian eight-byte words, the last zero-padded, through
    /// two multiply-rotate lanes; the byte length folded in at the end; the key digested the same way from fixed
    /// seeds), however the input is split into `update` calls. (Session 2026-11-30: the definition here follows
    /// the word-at-a-time algorithm that replaced the byte-serial FNV-1a lanes.)
    @Test func keyedDigestWordPathEqualsByteDefinition() {
        func reference(key: String, _ message: [UInt8]) -> (UInt64, UInt64) {
            func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
            func digest(_ seedA: UInt64, _ seedB: UInt64, _ bytes: [UInt8]) -> (UInt64, UInt64) {
                let p1: UInt64 = 0x9e37_79b1_85eb_ca87
                let p2: UInt64 = 0xc2b2_ae3d_27d4_eb4f
                let p3: UInt64 = 0x1656_67b1_9e37_79f9
                let p4: UInt64 = 0x85eb_ca77_c2b2_ae63
                var a = seedA
                var b = seedB
                var i = 0
                while i < bytes.count {
                    var w: UInt64 = 0
                    for j in 0..<8 where i + j < bytes.count { w |= UInt64(bytes[i + j]) << UInt64(8 * j) }
                    a = rotl(a &+ w &* p2, 31) &* p1
                    b = rotl(b ^ (w &* p3), 27) &* p1 &+ p4
                    i += 8
                }
                let x = KeyedDigest.mix(a ^ seedB ^ (UInt64(bytes.count) &* p3))
                return (x, KeyedDigest.mix(b ^ seedA ^ x))
            }
            let (keyA, keyB) = digest(0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4, Array(key.utf8))
            return digest(keyA, keyB, message)
        }
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 250] {
            let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
            let expected = reference(key: "whsec_\(length)", message)
            var whole = KeyedDigest(key: "whsec_\(length)")
            whole.update(message)
            #expect(whole.finalize() == expected)
            var split = KeyedDigest(key: "whsec_\(length)")
            var i = 0
            while i < message.count {
                let n = min(Int(next() % 11), message.count - i)
                if n == 0 {
                    split.update(byte: message[i])
                    i += 1
                } else {
                    split.update(message[i..<(i + n)].lazy.map { $0 })  // non-contiguous: byte loop
                    i += n
                }
            }
            #expect(split.finalize() == expected)
            var contiguous = KeyedDigest(key: "whsec_\(length)")  // contiguous pieces: the pending-word path
            i = 0
            while i < message.count {
                let n = min(Int(next() % 13), message.count - i)
                message[i..<(i + n)].withUnsafeBytes { contiguous.update($0) }
                i += n
            }
            #expect(contiguous.finalize() == expected)
            if length < 250 {
                var padded = KeyedDigest(key: "whsec_\(length)")  // a trailing zero byte changes the digest
                padded.update(message + [0])
                #expect(padded.finalize() != expected)
            }
        }
        for value: Int64 in [0, 7, 10, 1_234_567_890_123, .max, .min, -5] {
            var a = KeyedDigest(key: "k")
            a.update(decimal: value)
            var b = KeyedDigest(key: "k")
            b.update(String(value))
            #expect(a.finalize() == b.finalize())
        }
        var text = KeyedDigest(key: "k")
        text.update("héllo, wörld: a longer text than fifteen bytes")
        var bytes = KeyedDigest(key: "k")
        bytes.update(Array("héllo, wörld: a longer text than fifteen bytes".utf8))
        #expect(text.hexDigest() == bytes.hexDigest())
    }

    /// The streamed timestamp bytes equal ``EventTimestamp/iso8601(_:)`` across days, years and leap days.
    @Test func streamedTimestampsEqualTheRenderedOnes() {
        for ms: Int64 in [
            0, 1, 999, 86_399_999, 86_400_000, 59 * 86_400_000 + 3_723_004, 31_536_000_123, 4_000_000_000_000,
        ] {
            var sink = StringSink()
            sink.timestamp(.milliseconds(ms))
            #expect(String(decoding: sink.bytes, as: UTF8.self) == EventTimestamp.iso8601(.milliseconds(ms)) + "\n")
        }
    }

    /// The payload keeps its last signature (key identity, `t`, digest): a repeat with the same fresh key and `t`
    /// returns the same header as a fresh computation, and any other key, `t` or digest is decided as without it.
    @Test func payloadSignatureMemoNeverChangesADecision() throws {
        let (_, events) = try Self.richHistory(deleteInactive: false, mappings: true)
        for (n, event) in events.enumerated() {
            let payload = WebhookPayload(event)
            let t = Int64(n) * 1_000 + 3
            let key = KeyedDigest(key: "whsec_\(n)")
            let signed = payload.signature(timestampMillis: t, key: key)
            #expect(signed == WebhookSignature.header(timestampMillis: t, event: event, secret: "whsec_\(n)"))
            #expect(payload.signature(timestampMillis: t, key: key) == signed)
            #expect(
                WebhookSignature.verify(signature: signed, payload: payload, key: key, nowMillis: t, toleranceMillis: 0)
                    == nil)
            #expect(
                WebhookSignature.verify(
                    signature: signed, payload: payload, key: KeyedDigest(key: "other"), nowMillis: t,
                    toleranceMillis: 0) == .digestMismatch)
            var forged = signed
            forged.digestLow ^= 1
            #expect(
                WebhookSignature.verify(signature: forged, payload: payload, key: key, nowMillis: t, toleranceMillis: 0)
                    == .digestMismatch)
            let later = payload.signature(timestampMillis: t + 1, key: key)
            #expect(later == WebhookSignature.header(timestampMillis: t + 1, event: event, secret: "whsec_\(n)"))
            #expect(
                later
                    != WebhookSignatureHeader(
                        timestampMillis: t + 1, digestHigh: signed.digestHigh,
                        digestLow: signed.digestLow))
            // A key that already absorbed bytes is not a fresh key: never served from the memo.
            var used = key
            used.update(byte: 0)
            #expect(used.freshKeyLanes == nil)
            #expect(payload.signature(timestampMillis: t + 1, key: used) != later)
        }
    }

    /// The streamed signature writes `"<t>."` into its buffer itself: every `t` (zero, one digit, negative, the
    /// extremes) must give the digest of the rendered `"<t>." + payload`.
    @Test func streamedTimestampPrefixEqualsTheRenderedOne() throws {
        let (_, events) = try Self.richHistory(deleteInactive: false, mappings: false)
        let event = try #require(events.first)
        let body = event.body
        for t: Int64 in [0, 7, 10, 99, 1_764_000_000_000, -1, -42, Int64.max, Int64.min] {
            let typed = WebhookSignature.header(timestampMillis: t, event: event, secret: "whsec_t")
            let text = WebhookSignature.header(timestampMillis: t, body: body, secret: "whsec_t")
            #expect(typed.text == text, "t=\(t)")
            #expect(typed.timestampMillis == t)
        }
    }
}
