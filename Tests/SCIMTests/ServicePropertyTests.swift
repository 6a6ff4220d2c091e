import Testing

@testable import SCIM

/// Seeded property tests of the service (SplitMix64 from FilterPropertyTests.swift).
@Suite struct ServicePropertyTests {
    /// A pool of PATCH operations on u-0001 (users) of which some must fail. No valid operation touches
    /// `userName`, so the colliding rename fails wherever it appears.
    static let userOps: [(text: String, valid: Bool)] = [
        (#"{"op":"replace","path":"title","value":"Lead"}"#, true),
        (#"{"op":"Add","path":"nickName","value":"Al"}"#, true),
        (#"{"op":"replace","value":{"active":false,"name.givenName":"Ally"}}"#, true),
        (#"{"op":"Replace","path":"emails[type eq \"work\"].value","value":"a2@example.com"}"#, true),
        (#"{"op":"remove","path":"title"}"#, true),
        (
            #"{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"}"#,
            true
        ),
        (#"{"op":"merge","path":"title","value":"X"}"#, false),
        (#"{"op":"remove"}"#, false),
        (#"{"op":"replace","path":"active","value":"maybe"}"#, false),
        (#"{"op":"replace","path":"userName","value":"BOB@example.com"}"#, false),
        (#"{"op":"remove","path":"userName"}"#, false),
        (#"{"op":"replace","path":"id","value":"x"}"#, false),
        (#"{"op":"replace","path":"noSuchAttribute","value":"x"}"#, false),
        (#"{"op":"replace","path":"emails[type eq]","value":"x"}"#, false),
        (#"{"op":"replace","path":"name","value":"not an object"}"#, false),
    ]

    static let groupOps: [(text: String, valid: Bool)] = [
        (#"{"op":"remove","path":"members[value eq \"u-0002\"]"}"#, true),
        (#"{"op":"Remove","path":"members","value":[{"value":"u-0003"}]}"#, true),
        (#"{"op":"add","path":"members","value":[{"value":"u-0004"}]}"#, true),
        (#"{"op":"replace","value":{"displayName":"Renamed"}}"#, true),
        (#"{"op":"add","path":"members","value":[{"value":"u-9999"}]}"#, false),
        (#"{"op":"remove","path":"displayName"}"#, false),
        (#"{"op":"add","path":"members","value":[{"display":"no value"}]}"#, false),
        (#"{"op":"replace","value":{"id":"g-0002"}}"#, false),
    ]

    @Test func aFailedPatchLeavesEverythingUnchanged() {
        var rng = SplitMix64(seed: 0x5C1D)
        for _ in 0..<300 {
            var s = T.seeded()
            _ = s.handle(T.request(.post, "/Users", #"{"userName":"dan@example.com"}"#))
            let group = Bool.random(using: &rng)
            let pool = group ? Self.groupOps : Self.userOps
            let n = Int.random(in: 1...4, using: &rng)
            let ops = (0..<n).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }
            let usersBefore = s.users.resources
            let groupsBefore = s.groups.resources
            let r = s.handle(
                T.patch(group ? "/Groups/g-0001" : "/Users/u-0001", "[" + ops.map(\.text).joined(separator: ",") + "]"))
            if ops.allSatisfy(\.valid) {
                #expect(r.response.status < 300, "\(ops.map(\.text))")
            } else {
                #expect(r.response.status == 400 || r.response.status == 409, "\(ops.map(\.text))")
                #expect(r.response.body?["schemas"] == [.string(T.errorURN)])
                #expect(r.changes.isEmpty)
                #expect(s.users.resources == usersBefore)
                #expect(s.groups.resources == groupsBefore)
            }
            // A version moves exactly when a change is recorded.
            let target = group ? s.resource(.group, id: "g-0001") : s.resource(.user, id: "u-0001")
            let bumped = target?.version != 1
            #expect(bumped == !r.changes.isEmpty)
        }
    }

    @Test func pagingReturnsEveryResourceExactlyOnce() {
        var rng = SplitMix64(seed: 0xBA6E)
        for _ in 0..<60 {
            var s = T.service(SCIMServiceConfiguration(maxResults: 50))
            let n = Int.random(in: 0...40, using: &rng)
            for i in 0..<n {
                let title = ["Eng", "Ops", "Sales"][Int.random(in: 0...2, using: &rng)]
                _ = s.handle(T.request(.post, "/Users", #"{"userName":"p\#(i)@example.com","title":"\#(title)"}"#))
            }
            for i in 1...max(1, n) where Int.random(in: 0...4, using: &rng) == 0 {
                _ = s.handle(T.request(.delete, "/Users/u-" + format4(i)))
            }
            let filter = Bool.random(using: &rng) ? "&filter=title%20ne%20%22Ops%22" : ""
            let sort = Bool.random(using: &rng) ? "&sortBy=title&sortOrder=descending" : ""
            let expected = s.users.resources.filter { filter.isEmpty || $0.object["title"] != "Ops" }.map(\.id)
            let count = Int.random(in: 1...15, using: &rng)
            var seen: [String] = []
            var start = 1
            while true {
                let r = s.handle(T.request(.get, "/Users?startIndex=\(start)&count=\(count)" + filter + sort)).response
                #expect(T.int(r, "totalResults") == Int64(expected.count))
                let page = T.ids(r)
                #expect(page.count <= count)
                if page.isEmpty { break }
                seen += page
                start += count
            }
            #expect(seen.count == expected.count)
            #expect(Set(seen) == Set(expected))
            if sort.isEmpty { #expect(seen == expected) }
        }
    }

    @Test func userNamesStayUniqueUnderCreatesRenamesAndDeletes() {
        var rng = SplitMix64(seed: 0x0A11CE)
        let names = ["ann", "Ann", "ANN", "bob", "Bob", "cy", "dee", "DEE"]
        for _ in 0..<40 {
            var s = T.service()
            var model: [String: String] = [:]  // lower-cased userName -> id
            for _ in 0..<60 {
                let name = names[Int.random(in: 0..<names.count, using: &rng)] + "@example.com"
                let live = s.users.resources.map(\.id)
                switch Int.random(in: 0...3, using: &rng) {
                case 0,
                    1 where live.isEmpty:
                    let r = s.handle(T.request(.post, "/Users", #"{"userName":"\#(name)"}"#)).response
                    let free = model[name.lowercased()] == nil
                    #expect(r.status == (free ? 201 : 409))
                    if free, let id = r.body?["id"]?.stringValue { model[name.lowercased()] = id }
                case 1:
                    let id = live[Int.random(in: 0..<live.count, using: &rng)]
                    let old = s.resource(.user, id: id)?.object["userName"]?.stringValue?.lowercased() ?? ""
                    let put = Bool.random(using: &rng)
                    let r =
                        put
                        ? s.handle(T.request(.put, "/Users/\(id)", #"{"userName":"\#(name)"}"#)).response
                        : s.handle(T.patch("/Users/\(id)", #"[{"op":"replace","path":"userName","value":"\#(name)"}]"#))
                            .response
                    let owner = model[name.lowercased()]
                    #expect(r.status == (owner == nil || owner == id ? 200 : 409))
                    if r.status == 200 {
                        model[old] = nil
                        model[name.lowercased()] = id
                    }
                case 2:
                    guard let id = live.first else { continue }
                    #expect(s.handle(T.request(.delete, "/Users/\(id)")).response.status == 204)
                    model = model.filter { $0.value != id }
                default:
                    let r = s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22\(name)%22")).response
                    #expect(T.ids(r) == (model[name.lowercased()].map { [$0] } ?? []))
                }
                let lowered = s.users.resources.compactMap { $0.object["userName"]?.stringValue?.lowercased() }
                #expect(Set(lowered).count == lowered.count)
                #expect(lowered.count == model.count)
            }
        }
    }
}
