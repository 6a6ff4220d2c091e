/// A member's role in a Claude.ai organization: User, Admin, Owner, and exactly one Primary Owner
/// (https://support.anthropic.com/en/articles/9267276-roles-and-permissions).
public enum MemberRole: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Uses Claude; no admin rights.
    case user = "User"
    /// Adds and removes Users.
    case admin = "Admin"
    /// Manages roles, admins, owners, SSO and SCIM.
    case owner = "Owner"
    /// The one account with every Owner right plus seats, exports and ownership transfer.
    case primaryOwner = "Primary Owner"

    private var rank: Int {
        switch self {
        case .user: 0
        case .admin: 1
        case .owner: 2
        case .primaryOwner: 3
        }
    }

    /// Orders by privilege: User < Admin < Owner < Primary Owner.
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    /// Owner or Primary Owner: may manage SSO/SCIM, modify roles and invite or remove admins and owners.
    public var isOwnerLevel: Bool { self >= .owner }
}

/// How a member came to exist (provisioning modes Manual, JIT, SCIM:
/// https://support.claude.com/en/articles/13133195-set-up-jit-or-scim-provisioning).
public enum MemberSource: String, Sendable, Hashable, CaseIterable {
    /// Invited or added by an admin (and the initial Primary Owner).
    case manual
    /// Created on first SSO login (just-in-time).
    case jit
    /// Created by directory sync.
    case scim
}

/// A seat tier: standard, or premium (higher usage limits and Claude Code)
/// (https://support.anthropic.com/en/articles/9778024-managing-members-and-seats-on-team-and-enterprise-plans-without-sso-enabled).
/// SCIM-created members get a standard seat (an **assumption**: seat tiers come from group mappings or
/// an admin, never from plain provisioning).
public enum SeatTier: String, Sendable, Hashable, CaseIterable {
    /// Standard usage limits.
    case standard
    /// Higher usage limits and Claude Code.
    case premium
}

/// A member's identity within one organization: creation order, from 1.
public struct MemberID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The counter value.
    public var rawValue: Int
    /// An id.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Creation order.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    /// `member_<n>`.
    public var description: String { "member_\(rawValue)" }
}

/// One account in the organization.
public struct Member: Sendable, Hashable {
    /// Stable id.
    public var id: MemberID
    /// Email address; unique in the organization case-insensitively.
    public var email: String
    /// Display name.
    public var name: String
    /// Role; only admin actions change it (sync never does, unless group mappings are on, and never
    /// for the Primary Owner).
    public var role: MemberRole
    /// How the member was created; sync keeps an existing member's source.
    public var source: MemberSource
    /// Seat tier; every member consumes a seat, the Primary Owner included.
    public var seat: SeatTier
    /// The directory user linked to this member by sync, if any.
    public var directoryUserID: String?
    /// The directory of that directory user, if any.
    public var directoryID: String?
}
