/// A filter checked against a schema and prepared for fast evaluation: attribute paths resolved to their
/// definitions, string literals case-folded where the attribute is not caseExact, dateTime literals parsed.
///
/// Build with ``SCIMFilter/compile(for:)`` (resource filters) or ``SCIMFilter/compile(forSubAttributesOf:)``
/// (the filter inside `emails[...]` or a PATCH value path, evaluated on each element). Evaluation is pure and
/// never throws; the rules are on ``matches(_:)``.
public struct CompiledFilter: Sendable {
    /// The filter this was compiled from.
    public let filter: SCIMFilter
    let root: FilterNode

    /// Evaluates the filter on `object` (a resource, or one element of a multi-valued complex attribute when
    /// compiled for sub-attributes), RFC 7644 section 3.4.2.2:
    /// - attribute names match JSON member names ignoring ASCII case;
    /// - `eq ne co sw ew gt ge lt le` compare strings honouring the attribute's `caseExact` (case folding is
    ///   Unicode lower-casing; canonically equivalent strings, e.g. NFC and NFD, are equal), dateTimes as
    ///   instants, numbers numerically, booleans by value;
    /// - on a multi-valued attribute the comparison matches if any value matches; a multi-valued complex
    ///   attribute without sub-attribute compares each element's `value` (RFC example `emails co "x"`);
    /// - `ne` matches when some value differs and also when the attribute has no value;
    /// - `eq null` matches an absent, null or empty attribute, `ne null` a present one;
    /// - `pr` matches a value that is not null, not `""`, not `[]` and not `{}`;
    /// - a path naming an attribute the schema does not define never matches (not even with `ne`);
    ///   `not (...)` of it therefore matches everything (documented choice; the RFC leaves it open).
    /// O(size of the filter x values inspected); allocation-free for ASCII strings.
    public func matches(_ object: JSONObject) -> Bool { root.matches(object) }
}

extension SCIMFilter {
    /// Checks the filter against `schema` and prepares it for evaluation.
    ///
    /// - Throws: ``SCIMError`` 400 `invalidFilter` (RFC 7644 section 3.4.2.2) when an ordering operator
    ///   (`gt ge lt le`) is applied to a boolean or binary attribute; any comparison other than `eq`/`ne` to a
    ///   boolean; `co`/`sw`/`ew`/ordering on a number; a literal of the wrong type (a string that is not a
    ///   dateTime for a dateTime attribute, a string other than `true`/`false` for a boolean, a non-number for
    ///   a number); a comparison on a complex attribute that has no `value` sub-attribute; `null` with an
    ///   operator other than `eq`/`ne`; a value path on a non-complex attribute. Unknown attributes are not
    ///   errors (they never match). Numbers and booleans compared to a string attribute are compared as their
    ///   JSON text (lenient, for unquoted values such as `employeeNumber eq 1815`).
    public func compile(for schema: SCIMResourceSchema) throws(SCIMError) -> CompiledFilter {
        CompiledFilter(filter: self, root: try FilterCompiler(scope: .resource(schema)).compile(self))
    }

    /// Like ``compile(for:)``, for a filter over the sub-attributes of the complex attribute `attribute`,
    /// e.g. `type eq "work"` for `emails`, or `value eq "u1"` for a PATCH path `members[value eq "u1"]`.
    public func compile(forSubAttributesOf attribute: SCIMAttribute) throws(SCIMError) -> CompiledFilter {
        CompiledFilter(filter: self, root: try FilterCompiler(scope: .element(attribute)).compile(self))
    }

    /// Evaluates the filter on `resource` of the given schema: `true` iff ``compile(for:)`` succeeds and the
    /// compiled filter matches. A filter that does not compile matches nothing, so callers that must answer
    /// 400 `invalidFilter` (list endpoints) should call ``compile(for:)`` once and reuse the result, which is
    /// also much faster for scans.
    public func matches(_ resource: JSONObject, schema: SCIMResourceSchema) -> Bool {
        guard let compiled = try? compile(for: schema) else { return false }
        return compiled.matches(resource)
    }
}

/// Resolves and type-checks filter nodes in one scope.
struct FilterCompiler {
    enum Scope {
        case resource(SCIMResourceSchema)
        case element(SCIMAttribute)
    }

    let scope: Scope

    func resolve(_ path: AttributePath) -> SCIMAttributeResolution? {
        switch scope {
        case .resource(let schema): return schema.resolve(path)
        case .element(let parent):
            guard path.schema == nil, path.subAttribute == nil, let sub = parent.subAttribute(named: path.name) else {
                return nil
            }
            return SCIMAttributeResolution(extensionURN: nil, attribute: sub, subAttribute: nil)
        }
    }

    func compile(_ filter: SCIMFilter) throws(SCIMError) -> FilterNode {
        switch filter {
        case .and(let l, let r): return .and(try compile(l), try compile(r))
        case .or(let l, let r): return .or(try compile(l), try compile(r))
        case .not(let inner): return .not(try compile(inner))
        case .present(let path):
            guard let r = resolve(path) else { return .never }
            return .present(FilterAccessor(r, implicitValue: false))
        case .valuePath(let path, let inner):
            guard let r = resolve(path) else { return .never }
            guard r.leaf.type == .complex else {
                throw SCIMError.invalidFilter(
                    "Invalid filter: '\(path)' is not a complex attribute, so '[...]' does not apply")
            }
            let element = try FilterCompiler(scope: .element(r.leaf)).compile(inner)
            return .valuePath(FilterAccessor(r, implicitValue: false), element)
        case .compare(let path, let op, let value):
            guard let r = resolve(path) else { return .never }
            var leaf = r.leaf
            var implicitValue = false
            if leaf.type == .complex {
                guard let valueSub = leaf.subAttribute(named: "value") else {
                    throw SCIMError.invalidFilter(
                        "Invalid filter: '\(path)' is complex; name a sub-attribute to compare")
                }
                leaf = valueSub
                implicitValue = true
            }
            let accessor = FilterAccessor(r, implicitValue: implicitValue)
            return .compare(accessor, try FilterComparison(op: op, value: value, attribute: leaf, path: path))
        }
    }
}
