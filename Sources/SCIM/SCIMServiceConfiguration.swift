/// Settings of one ``SCIMService`` (one directory's SCIM endpoint).
///
/// The tolerance switches make the real-IdP deviations listed in `research/scim-protocol.md`
/// section 5 switchable; all default to the lenient (IdP-compatible) behaviour.
public struct SCIMServiceConfiguration: Sendable, Hashable {
    /// The bearer token every request must carry (`Authorization: Bearer <token>`, RFC 6750
    /// section 2.1); `nil` disables authentication. A missing or wrong token gives 401 with nothing applied.
    public var bearerToken: String?
    /// The largest accepted request body in bytes (bytes-mode bodies; value-mode bodies have no
    /// byte size and are not checked). A larger body gives 413 with nothing applied.
    public var maxBodyBytes: Int
    /// The absolute base URL that `meta.location` and the `Location` header start with, without a
    /// trailing slash, e.g. `https://broker.example.test/scim/v2/d_0001`.
    public var baseLocation: String
    /// `filter.maxResults` of `/ServiceProviderConfig`: the most resources one list page returns;
    /// also the page size when `count` is absent (RFC 7644 section 3.4.2.4).
    public var maxResults: Int
    /// Entra compatibility (`research/field-cases.md` F03): the strings `"true"`/`"false"` in any
    /// letter case are accepted for boolean attributes and stored as JSON booleans. When `false`,
    /// such strings give 400 `invalidValue`.
    public var acceptStringBooleans: Bool
    /// Entra compatibility (field-cases F06 C, scim-protocol 1.12): a PATCH `add`/`replace` whose
    /// value-path filter is an `eq` test (or an `and` of them) and matches no element creates
    /// the element from the filter's equalities instead of failing with 400 `noTarget`.
    public var upsertOnValuePathNoMatch: Bool
    /// Entra expects group PATCH to answer 204 (scim-protocol section 6 #15); when `true` a
    /// successful group PATCH answers 200 with the group instead. User PATCH always answers 200
    /// with the user. A request with `attributes`/`excludedAttributes` always gets 200 with a body.
    public var groupPatchReturnsBody: Bool
    /// Parse filters strictly (RFC 7644 section 3.4.2.2 only): no bare string values, no comparison after a
    /// value path. Off by default because Entra sends `externalId eq jyoung` and
    /// `emails[type eq "work"].value eq "..."` (scim-protocol 1.10).
    public var strictFilters: Bool

    /// A configuration; defaults: no token, 1 MiB bodies, base `https://scim.example.test/scim/v2`,
    /// 1000 results per page, every tolerance on (lenient filters), group PATCH answering 204.
    public init(
        bearerToken: String? = nil, maxBodyBytes: Int = 1 << 20,
        baseLocation: String = "https://scim.example.test/scim/v2", maxResults: Int = 1000,
        acceptStringBooleans: Bool = true, upsertOnValuePathNoMatch: Bool = true, groupPatchReturnsBody: Bool = false,
        strictFilters: Bool = false
    ) {
        self.strictFilters = strictFilters
        self.bearerToken = bearerToken
        self.maxBodyBytes = maxBodyBytes
        self.baseLocation = baseLocation
        self.maxResults = maxResults
        self.acceptStringBooleans = acceptStringBooleans
        self.upsertOnValuePathNoMatch = upsertOnValuePathNoMatch
        self.groupPatchReturnsBody = groupPatchReturnsBody
    }
}
