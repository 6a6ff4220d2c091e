extension SCIMFilter {
    /// The canonical text of the filter (RFC 7644 section 3.4.2.2 syntax): lower-case operators and logical
    /// keywords, single spaces, attribute paths as the client spelled them, string literals JSON-escaped, and
    /// parentheses only where precedence or left-associativity needs them. ``parse(_:)`` of this text gives a
    /// value equal to `self`.
    ///
    /// Example: `.or(a, .and(b, c))` prints `a or b and c`; `.and(.or(a, b), c)` prints `(a or b) and c`.
    public var description: String {
        var out = ""
        print(into: &out)
        return out
    }

    /// Binding strength: `or` 1, `and` 2, everything else (atoms, `not`, value paths) 3.
    private var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        default: return 3
        }
    }

    private func print(into out: inout String) {
        switch self {
        case .compare(let path, let op, let value):
            out += path.description
            out += " "
            out += op.rawValue
            out += " "
            out += value.description
        case .present(let path):
            out += path.description
            out += " pr"
        case .and(let l, let r):
            l.print(into: &out, parenthesisedBelow: 2)
            out += " and "
            r.print(into: &out, parenthesisedBelow: 3)
        case .or(let l, let r):
            l.print(into: &out, parenthesisedBelow: 1)
            out += " or "
            r.print(into: &out, parenthesisedBelow: 2)
        case .not(let inner):
            out += "not ("
            inner.print(into: &out)
            out += ")"
        case .valuePath(let path, let inner):
            out += path.description
            out += "["
            inner.print(into: &out)
            out += "]"
        }
    }

    /// Prints `self`, wrapped in parentheses when it binds more loosely than `minimum` (for a right operand,
    /// `minimum` is one more than the operator's own precedence, which keeps left-associativity).
    private func print(into out: inout String, parenthesisedBelow minimum: Int) {
        if precedence < minimum {
            out += "("
            print(into: &out)
            out += ")"
        } else {
            print(into: &out)
        }
    }
}
