import SCIM
import Testing

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so every property run is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random filter trees and JSON values for property tests.
struct Generator {
    var rng: SplitMix64

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

    static let names = [
        "userName", "USERNAME", "title", "emails", "name", "a", "x-y_z", "$ref", "not", "and", "or", "pr", "eq", "Z9",
    ]
    static let subs = ["value", "givenName", "TYPE", "primary", "$ref", "b-c"]
    static let urns = [
        SCIMSchema.userURN, SCIMSchema.enterpriseUserURN, "urn:example:custom:1.0:Thing",
        "URN:IETF:params:scim:schemas:core:2.0:Group",
    ]
    static let interesting: [Unicode.Scalar] = [
        "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", " ", "(", ")", "[", "]", "é", "ß", "日", "😀",
        "\u{301}",
        "\u{2028}", "\u{FEFF}", "a", "Z", "0", "'", "+", "%",
    ]

    mutating func string() -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<int(0...12) {
            if chance(70) {
                s.append(pick(Self.interesting))
            } else {
                // Any scalar but a surrogate.
                let v = UInt32(int(0...0x10FFFF))
                s.append(Unicode.Scalar(v) ?? "?")
            }
        }
        return String(s)
    }

    mutating func value() -> SCIMFilterValue {
        switch int(0...5) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2: return .int(pick([0, 1, -1, Int64.max, Int64.min, Int64(int(-1_000_000...1_000_000))]))
        case 3:
            var d: Double
            repeat { d = Double(bitPattern: rng.next()) } while !d.isFinite
            return .decimal(pick([d, 0.5, -2.25, 1e-7, 6.02e23]))
        default: return .string(string())
        }
    }

    mutating func path(plain: Bool) -> AttributePath {
        let name = pick(Self.names)
        if plain { return AttributePath(name: name) }
        return AttributePath(
            schema: chance(20) ? pick(Self.urns) : nil, name: name, subAttribute: chance(30) ? pick(Self.subs) : nil)
    }

    mutating func filter(depth: Int, insideValuePath: Bool = false) -> SCIMFilter {
        let leaf = depth <= 0 || chance(30)
        if leaf {
            let p = path(plain: insideValuePath)
            if chance(15) { return .present(p) }
            return .compare(p, pick(SCIMFilterOperator.allCases), value())
        }
        switch int(0...4) {
        case 0:
            return .and(
                filter(depth: depth - 1, insideValuePath: insideValuePath),
                filter(depth: depth - 1, insideValuePath: insideValuePath))
        case 1:
            return .or(
                filter(depth: depth - 1, insideValuePath: insideValuePath),
                filter(depth: depth - 1, insideValuePath: insideValuePath))
        case 2: return .not(filter(depth: depth - 1, insideValuePath: insideValuePath))
        case 3 where !insideValuePath:
            var p = path(plain: false)
            p.subAttribute = nil
            return .valuePath(p, filter(depth: depth - 1, insideValuePath: true))
        default: return filter(depth: 0, insideValuePath: insideValuePath)
        }
    }

    mutating func json(depth: Int) -> JSONValue {
        switch depth <= 0 ? int(0...4) : int(0...6) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2: return .int(pick([0, -1, Int64.max, Int64.min, Int64(int(-99_999...99_999))]))
        case 3:
            var d: Double
            repeat { d = Double(bitPattern: rng.next()) } while !d.isFinite
            return .double(d)
        case 4: return .string(string())
        case 5: return .array((0..<int(0...4)).map { _ in json(depth: depth - 1) })
        default:
            var o = JSONObject()
            for _ in 0..<int(0...5) { o[string()] = json(depth: depth - 1) }
            return .object(o)
        }
    }
}

@Suite struct FilterPropertyTests {
    @Test func printThenParseGivesTheSameTree() throws {
        var gen = Generator(rng: SplitMix64(seed: 0x5C1A_2026))
        var maxLength = 0
        for _ in 0..<2_000 {
            let f = gen.filter(depth: gen.int(0...6))
            let text = f.description
            maxLength = max(maxLength, text.utf8.count)
            let parsed = try SCIMFilter.parse(text)
            #expect(parsed == f, "\(text)")
            #expect(try SCIMFilter.parse(text, options: .strict) == f, "\(text)")
            #expect(parsed.description == text)
        }
        #expect(maxLength > 200)  // the generator produces non-trivial trees
    }

    @Test func mutatedFiltersParseOrGiveInvalidFilter() {
        var gen = Generator(rng: SplitMix64(seed: 42))
        let noise: [Character] = ["(", ")", "[", "]", "\"", "\\", " ", "a", ".", ":"]
        for _ in 0..<1_500 {
            var chars = Array(gen.filter(depth: gen.int(0...4)).description)
            for _ in 0..<gen.int(1...3) where !chars.isEmpty {
                let i = gen.int(0...(chars.count - 1))
                if gen.chance(50) { chars.remove(at: i) } else { chars.insert(gen.pick(noise), at: i) }
            }
            let text = String(chars)
            do {
                let f = try SCIMFilter.parse(text)
                #expect(try SCIMFilter.parse(f.description) == f, "\(text)")
                _ = f.matches(Fixtures.u1, schema: .user)
            } catch {
                #expect(error.status == 400 && error.scimType == .invalidFilter, "\(text)")
            }
        }
    }

    @Test func jsonRoundTripsThroughTheCodec() throws {
        var gen = Generator(rng: SplitMix64(seed: 7))
        for _ in 0..<1_000 {
            let v = gen.json(depth: 4)
            let bytes = JSONCodec.encode(v)
            #expect(try JSONCodec.decode(bytes) == v)
        }
    }
}
