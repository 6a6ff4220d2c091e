/// The kind of SCIM resource a change concerns (RFC 7643 sections 4.1 and 4.2).
public enum SCIMResourceType: String, Sendable, Hashable, CaseIterable {
    /// `urn:ietf:params:scim:schemas:core:2.0:User`.
    case user = "User"
    /// `urn:ietf:params:scim:schemas:core:2.0:Group`.
    case group = "Group"
}

/// A record of one successful write, which the broker turns into directory events
/// (`dsync.user.created`, `dsync.group.user_added`, ...). A request yields zero or more changes in
/// the order they took effect; a failed request yields none.
public struct SCIMChange: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable {
        /// POST created the resource.
        case created
        /// PUT replaced the resource.
        case replaced
        /// PATCH modified the resource; ``SCIMChange/changedAttributes`` names what changed.
        case patched
        /// DELETE removed the resource.
        case deleted
        /// Members were added to a group; ``SCIMChange/memberIDs`` lists them.
        case membersAdded
        /// Members were removed from a group; ``SCIMChange/memberIDs`` lists them.
        case membersRemoved
    }

    /// What happened.
    public var kind: Kind
    /// User or Group.
    public var resourceType: SCIMResourceType
    /// The resource's service-assigned `id`.
    public var id: String
    /// The full resource after the change (for `deleted`, as it was just before deletion).
    public var resource: JSONValue
    /// For `patched` and `replaced`: top-level attribute names (lower-cased, URN-qualified for
    /// extension attributes) whose values changed, sorted. Empty otherwise.
    public var changedAttributes: [String]
    /// For `membersAdded` / `membersRemoved`: the member ids, in request order, without duplicates.
    public var memberIDs: [String]

    /// A change record.
    public init(
        kind: Kind, resourceType: SCIMResourceType, id: String, resource: JSONValue,
        changedAttributes: [String] = [], memberIDs: [String] = []
    ) {
        self.kind = kind
        self.resourceType = resourceType
        self.id = id
        self.resource = resource
        self.changedAttributes = changedAttributes
        self.memberIDs = memberIDs
    }
}
