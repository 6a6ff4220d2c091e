/// The absolute request paths of one configuration: its SCIM base URL followed by the SCIM endpoint path
/// (RFC 7644 section 3.2), as the link carries them. The fixed ones are built once per configuration; a
/// resource's path is built in one allocation (the base, `/Users/` or `/Groups/`, and the id written once into
/// storage of the exact size), so a request never builds a relative path and then prefixes it. A class
/// (immutable), so that a request builder reaching it retains one reference instead of copying three strings.
final class RequestPaths: Sendable {
    /// The configuration's SCIM base URL (empty until configured).
    let base: String
    /// `base + "/Users"`.
    let users: String
    /// `base + "/Groups"`.
    let groups: String

    /// No base URL: the paths are relative (`/Users`, `/Groups`).
    init() {
        base = ""
        users = "/Users"
        groups = "/Groups"
    }

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
