import SCIM
import Testing

/// Differential and algebraic properties of filter evaluation over seeded random users: the compiled
/// evaluator (with its allocation-free ASCII path) agrees with a direct `String` oracle, and the logical
/// operators obey their laws.
@Suite struct FilterSemanticsPropertyTests {
    /// Letters whose case folding differs between ASCII and Unicode rules, plus separators.
    static let alphabet = ["a", "A", "b", "B", "é", "É", "ß", "@", ".", "z", "Z", "0"]

    struct Draw {
        var gen: Generator
        mutating func text() -> String {
            (0..<gen.int(0...5)).map { _ in gen.pick(FilterSemanticsPropertyTests.alphabet) }.joined()
        }
        mutating func user() -> JSONObject {
            var o = JSONObject()
            if gen.chance(90) { o["userName"] = .string(text()) }
            if gen.chance(80) { o["externalId"] = .string(text()) }
            if gen.chance(70) { o["title"] = .string(text()) }
            if gen.chance(80) { o["active"] = .bool(gen.chance(50)) }
            return o
        }
    }

    /// The oracle: RFC 7644 section 3.4.2.2 on one single-valued string attribute, straight from `String`.
    static func oracle(_ value: String?, _ op: SCIMFilterOperator, _ literal: String, caseExact: Bool) -> Bool {
        guard let value else { return op == .ne }
        let v = caseExact ? value : value.lowercased()
        let l = caseExact ? literal : literal.lowercased()
        switch op {
        case .eq: return v == l
        case .ne: return v != l
        case .co: return l.isEmpty || v.contains(l)
        case .sw: return v.hasPrefix(l)
        case .ew: return v.hasSuffix(l)
        case .gt: return v > l
        case .ge: return v >= l
        case .lt: return v < l
        case .le: return v <= l
        }
    }

    @Test func stringComparisonsAgreeWithTheOracle() throws {
        var draw = Draw(gen: Generator(rng: SplitMix64(seed: 2026)))
        let users = (0..<40).map { _ in draw.user() }
        for _ in 0..<400 {
            let attribute = draw.gen.pick(["userName", "externalId", "title", "USERNAME", "ExternalID"])
            let caseExact = attribute.lowercased() == "externalid"
            let op = draw.gen.pick(SCIMFilterOperator.allCases)
            let literal = draw.text()
            let filter = SCIMFilter.compare(AttributePath(name: attribute), op, .string(literal))
            let compiled = try SCIMFilter.parse(filter.description).compile(for: .user)
            for user in users {
                let stored = user.members.first { $0.key.lowercased() == attribute.lowercased() }?.value.stringValue
                let expected = Self.oracle(stored, op, literal, caseExact: caseExact)
                #expect(compiled.matches(user) == expected, "\(filter) on \(stored ?? "<absent>")")
            }
        }
    }

    @Test func logicalLaws() throws {
        var draw = Draw(gen: Generator(rng: SplitMix64(seed: 99)))
        let users = (0..<30).map { _ in draw.user() }
        func leaf() -> SCIMFilter {
            switch draw.gen.int(0...3) {
            case 0: return .present(AttributePath(name: draw.gen.pick(["title", "userName", "externalId"])))
            case 1:
                return .compare(AttributePath(name: "active"), draw.gen.pick([.eq, .ne]), .bool(draw.gen.chance(50)))
            default:
                return .compare(
                    AttributePath(name: draw.gen.pick(["title", "userName", "externalId"])),
                    draw.gen.pick(SCIMFilterOperator.allCases), .string(draw.text()))
            }
        }
        for _ in 0..<500 {
            let a = leaf()
            let b = leaf()
            let schema = SCIMResourceSchema.user
            let ca = try a.compile(for: schema)
            let cb = try b.compile(for: schema)
            let and = try SCIMFilter.parse(SCIMFilter.and(a, b).description).compile(for: schema)
            let or = try SCIMFilter.parse(SCIMFilter.or(a, b).description).compile(for: schema)
            let notA = try SCIMFilter.parse(SCIMFilter.not(a).description).compile(for: schema)
            let deMorgan = try SCIMFilter.not(.and(a, b)).compile(for: schema)
            let deMorganRight = try SCIMFilter.or(.not(a), .not(b)).compile(for: schema)
            for user in users {
                #expect(and.matches(user) == (ca.matches(user) && cb.matches(user)))
                #expect(or.matches(user) == (ca.matches(user) || cb.matches(user)))
                #expect(notA.matches(user) == !ca.matches(user))
                #expect(deMorgan.matches(user) == deMorganRight.matches(user))
            }
            // On single-valued attributes, `ne` is exactly `not eq` (absent attributes included).
            if case .compare(let p, .eq, let v) = a {
                let ne = try SCIMFilter.compare(p, .ne, v).compile(for: schema)
                for user in users { #expect(ne.matches(user) == !ca.matches(user)) }
            }
        }
    }
}
