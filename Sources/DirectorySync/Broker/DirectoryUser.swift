import SCIM

/// A directory user's state. WorkOS folded `suspended` into `inactive` on 11 Dec 2023, so only these two
/// are emitted (https://workos.com/changelog/directory-sync-user-state-consolidation).
public enum DirectoryUserState: String, Sendable, Hashable {
    /// SCIM `active: true` (or absent).
    case active
    /// SCIM `active: false` (deactivated or suspended in the IdP).
    case inactive
}

/// One email of a directory user (`emails[]`: `{primary, type, value}`; deprecated in newer SDKs,
/// https://docs.rs/crate/workos/1.0.0/source/src/models/directory_user.rs).
public struct DirectoryEmail: Sendable, Hashable {
    /// The address.
    public var value: String
    /// `work`, `home`, ... or `nil`.
    public var type: String?
    /// Whether the IdP marked it primary.
    public var primary: Bool
}

/// A reference to a group in a user's `groups` list (deprecated by WorkOS from 1 May 2026, still
/// emitted here: https://workos.com/docs/reference/directory-sync/directory-user.md).
public struct DirectoryGroupReference: Sendable, Hashable {
    /// The directory group id.
    public var id: String
    /// The group name.
    public var name: String
}

/// A directory user as the broker emits it in `dsync.user.*` events
/// (https://workos.com/docs/reference/directory-sync/directory-user;
/// required fields: https://github.com/workos/emulate/blob/main/src/workos/generated/events.ts).
///
/// A value type with copy-on-write storage: a copy is one reference (8 bytes), so the broker's user table,
/// the event log and every webhook payload share one set of fields until one of them changes a field. Reads
/// are O(1); the first write to a shared copy copies the fields once (O(1), one allocation).
public struct DirectoryUser: Sendable, Hashable {
    /// `directory_user_` followed by 26 digits from a counter. A person re-created in the directory
    /// gets a new id (WorkOS: the id changes when the person is re-created).
    public var id: String {
        get { storage.id }
        _modify {
            makeUnique()
            yield &storage.id
        }
    }
    /// The provider's id: the SCIM `externalId`, or the SCIM `id` when the IdP sent none [infer].
    public var idpID: String {
        get { storage.idpID }
        _modify {
            makeUnique()
            yield &storage.idpID
        }
    }
    /// The directory.
    public var directoryID: String {
        get { storage.directoryID }
        _modify {
            makeUnique()
            yield &storage.directoryID
        }
    }
    /// The owning organization.
    public var organizationID: String {
        get { storage.organizationID }
        _modify {
            makeUnique()
            yield &storage.organizationID
        }
    }
    /// The primary email: the `primary` entry of SCIM `emails`, else the first, else `userName` when it
    /// contains `@` [infer]; `nil` when none.
    public var email: String? {
        get { storage.email }
        _modify {
            makeUnique()
            yield &storage.email
        }
    }
    /// All emails. A user mapped from a SCIM resource reads them from ``rawAttributes`` when first asked
    /// (``SCIMResourceReader/emails(_:)``, the mapping's own reading), so mapping a user builds no email list
    /// that nobody reads; setting them, or changing ``rawAttributes``, stores them first. O(emails) per read of
    /// derived emails, else O(1).
    public var emails: [DirectoryEmail] {
        get { storage.emails ?? SCIMResourceReader.emails(storage.rawAttributes) }
        set {
            makeUnique()
            storage.emails = newValue
        }
    }
    /// SCIM `userName`.
    public var username: String? {
        get { storage.username }
        _modify {
            makeUnique()
            yield &storage.username
        }
    }
    /// SCIM `name.givenName`.
    public var firstName: String? {
        get { storage.firstName }
        _modify {
            makeUnique()
            yield &storage.firstName
        }
    }
    /// SCIM `name.familyName`.
    public var lastName: String? {
        get { storage.lastName }
        _modify {
            makeUnique()
            yield &storage.lastName
        }
    }
    /// `active` / `inactive` from SCIM `active` (absent counts as active [infer]).
    public var state: DirectoryUserState {
        get { storage.state }
        _modify {
            makeUnique()
            yield &storage.state
        }
    }
    /// Mapped attributes: `department` (enterprise extension), `job_title` (`title`),
    /// `employee_number` (enterprise extension), when present.
    public var customAttributes: JSONObject {
        get { storage.customAttributes }
        _modify {
            makeUnique()
            yield &storage.customAttributes
        }
    }
    /// The SCIM resource as the service holds it.
    public var rawAttributes: JSONValue {
        get { storage.rawAttributes }
        _modify {
            makeUnique()
            // Emails still derived from the resource are stored before it changes, so they stay what they were.
            if storage.emails == nil { storage.emails = SCIMResourceReader.emails(storage.rawAttributes) }
            yield &storage.rawAttributes
        }
    }
    /// Groups the user belongs to, in the order they were joined.
    public var groups: [DirectoryGroupReference] {
        get { storage.groups }
        _modify {
            makeUnique()
            yield &storage.groups
        }
    }
    /// Virtual time the directory user was created.
    public var createdAt: Duration {
        get { storage.createdAt }
        _modify {
            makeUnique()
            yield &storage.createdAt
        }
    }
    /// Virtual time of the last change; strictly increasing per directory user (a change in the same
    /// millisecond as the previous one is stamped 1 ms later [infer]), so a consumer comparing
    /// `updated_at` has a total order per user.
    public var updatedAt: Duration {
        get { storage.updatedAt }
        _modify {
            makeUnique()
            yield &storage.updatedAt
        }
    }

    /// The fields, shared by every copy until one is written (see ``makeUnique()``).
    private var storage: Storage

    /// A user with these fields (the memberwise initializer); `emails` `nil`: read from `rawAttributes` when
    /// asked (see ``emails``). O(1), one allocation.
    init(
        id: String, idpID: String, directoryID: String, organizationID: String, email: String?,
        emails: [DirectoryEmail]?, username: String?, firstName: String?, lastName: String?, state: DirectoryUserState,
        customAttributes: JSONObject, rawAttributes: JSONValue, groups: [DirectoryGroupReference], createdAt: Duration,
        updatedAt: Duration
    ) {
        storage = Storage(
            id: id,
            idpID: idpID,
            directoryID: directoryID,
            organizationID: organizationID,
            email: email,
            emails: emails,
            username: username,
            firstName: firstName,
            lastName: lastName,
            state: state,
            customAttributes: customAttributes,
            rawAttributes: rawAttributes,
            groups: groups,
            createdAt: createdAt,
            updatedAt: updatedAt)
    }

    /// Gives this copy its own storage before a write when another copy shares it. O(1).
    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Equal when every field is equal (the same storage is equal without reading it).
    public static func == (a: DirectoryUser, b: DirectoryUser) -> Bool {
        let x = a.storage
        let y = b.storage
        if x === y { return true }
        return x.id == y.id
            && x.idpID == y.idpID
            && x.directoryID == y.directoryID
            && x.organizationID == y.organizationID
            && x.email == y.email
            && a.emails == b.emails
            && x.username == y.username
            && x.firstName == y.firstName
            && x.lastName == y.lastName
            && x.state == y.state
            && x.customAttributes == y.customAttributes
            && x.rawAttributes == y.rawAttributes
            && x.groups == y.groups
            && x.createdAt == y.createdAt
            && x.updatedAt == y.updatedAt
    }

    /// Hashes every field, in declaration order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.id)
        hasher.combine(storage.idpID)
        hasher.combine(storage.directoryID)
        hasher.combine(storage.organizationID)
        hasher.combine(storage.email)
        hasher.combine(emails)
        hasher.combine(storage.username)
        hasher.combine(storage.firstName)
        hasher.combine(storage.lastName)
        hasher.combine(storage.state)
        hasher.combine(storage.customAttributes)
        hasher.combine(storage.rawAttributes)
        hasher.combine(storage.groups)
        hasher.combine(storage.createdAt)
        hasher.combine(storage.updatedAt)
    }

    /// The fields of a ``DirectoryUser``. Mutable only through a `DirectoryUser` that holds the sole reference
    /// (`isKnownUniquelyReferenced`, the standard copy-on-write rule): a shared instance is never written, so
    /// sharing it across threads is safe; hence `@unchecked Sendable`. The same rule makes the fields' dynamic
    /// exclusivity checks redundant (a write only happens through the unique owner's `inout` access), so they are
    /// off (`@exclusivity(unchecked)`): each read is a plain load.
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var id: String
        @exclusivity(unchecked) var idpID: String
        @exclusivity(unchecked) var directoryID: String
        @exclusivity(unchecked) var organizationID: String
        @exclusivity(unchecked) var email: String?
        /// `nil`: the emails of `rawAttributes` (see ``DirectoryUser/emails``).
        @exclusivity(unchecked) var emails: [DirectoryEmail]?
        @exclusivity(unchecked) var username: String?
        @exclusivity(unchecked) var firstName: String?
        @exclusivity(unchecked) var lastName: String?
        @exclusivity(unchecked) var state: DirectoryUserState
        @exclusivity(unchecked) var customAttributes: JSONObject
        @exclusivity(unchecked) var rawAttributes: JSONValue
        @exclusivity(unchecked) var groups: [DirectoryGroupReference]
        @exclusivity(unchecked) var createdAt: Duration
        @exclusivity(unchecked) var updatedAt: Duration

        init(
            id: String,
            idpID: String,
            directoryID: String,
            organizationID: String,
            email: String?,
            emails: [DirectoryEmail]?,
            username: String?,
            firstName: String?,
            lastName: String?,
            state: DirectoryUserState,
            customAttributes: JSONObject,
            rawAttributes: JSONValue,
            groups: [DirectoryGroupReference],
            createdAt: Duration,
            updatedAt: Duration
        ) {
            self.id = id
            self.idpID = idpID
            self.directoryID = directoryID
            self.organizationID = organizationID
            self.email = email
            self.emails = emails
            self.username = username
            self.firstName = firstName
            self.lastName = lastName
            self.state = state
            self.customAttributes = customAttributes
            self.rawAttributes = rawAttributes
            self.groups = groups
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }

        /// A new instance with the same fields.
        func copy() -> Storage {
            Storage(
                id: id,
                idpID: idpID,
                directoryID: directoryID,
                organizationID: organizationID,
                email: email,
                emails: emails,
                username: username,
                firstName: firstName,
                lastName: lastName,
                state: state,
                customAttributes: customAttributes,
                rawAttributes: rawAttributes,
                groups: groups,
                createdAt: createdAt,
                updatedAt: updatedAt)
        }
    }
}
