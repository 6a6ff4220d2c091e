/// The absolute request paths of one configuration: its SCIM base URL followed by the SCIM endpoint path
/// (RFC 7644 section 3.2), as the link carries them. The fixed ones are built once per configuration; a
/// resource's path is built in one allocation (the base, `/Users/` or `/Groups/`, and the id written once into
/// storage of the exact size), so a request never builds a relative path and then prefixes it.
struct RequestPaths: Sendable {
    /// The configuration's SCIM base URL (empty until configured).
    private(set) var base = ""
    /// `base + "/Users"`.
    private(set) var users = "/Users"
    /// `base + "/Groups"`.
    private(set) var groups = "/Groups"

    /// No base URL: the paths are relative (`/Users`, `/Groups`).
    init() {}

    /// The paths under `baseURL` (for example `https://example.test/scim/v2`).
    init(baseURL: String) {
        base = baseURL
        users = baseURL + "/Users"
        groups = baseURL + "/Groups"
    }

    /// `base + "/Users/" + id`. O(length), one allocation.
    func user(_ id: String) -> String { ProvisioningText.concatenated(base, "/Users/", id) }

    /// `base + "/Groups/" + id`. O(length), one allocation.
    func group(_ id: String) -> String { ProvisioningText.concatenated(base, "/Groups/", id) }
}
