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
///
/// The display name is kept as the two strings it is made of (a synced member's given and family names, shared
/// with the event that carried them) and joined with one space when read, so that syncing a member allocates no
/// name string. Equality and hashing use ``name`` (the joined text), not how it is split.
public struct Member: Sendable, Hashable {
    /// Stable id.
    public var id: MemberID
    /// Email address; unique in the organization case-insensitively.
    public var email: String
    /// Display name: ``nameHead``, then a space and ``nameTail`` when that is not empty. Built on each read when
    /// it has two parts (O(length)); setting it stores the text whole.
    public var name: String {
        get { nameTail.isEmpty ? nameHead : Self.joined(nameHead, nameTail) }
        set {
            nameHead = newValue
            nameTail = ""
        }
    }
    /// The name's first part (the whole name when ``nameTail`` is empty).
    var nameHead: String
    /// The name's last part, after one space; empty for a name kept whole.
    var nameTail: String = ""
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

extension Member {
    /// Whether the two parts of the display names are the same strings (then the names are equal).
    @inline(__always)
    func hasSameNameParts(as other: Member) -> Bool { nameHead == other.nameHead && nameTail == other.nameTail }

    /// Equal when every stored field is equal, the display name compared as text (however it is split).
    public static func == (a: Member, b: Member) -> Bool {
        a.id == b.id && a.email == b.email && a.role == b.role && a.source == b.source && a.seat == b.seat
            && a.directoryUserID == b.directoryUserID && a.directoryID == b.directoryID
            && (a.hasSameNameParts(as: b) || a.name == b.name)
    }

    /// Hashes the fields ``==`` compares, the display name as text.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(email)
        hasher.combine(name)
        hasher.combine(role)
        hasher.combine(source)
        hasher.combine(seat)
        hasher.combine(directoryUserID)
        hasher.combine(directoryID)
    }

    /// `first + " " + last`, built in one allocation.
    static func joined(_ first: String, _ last: String) -> String {
        let a = first.utf8.count
        let b = last.utf8.count
        return String(unsafeUninitializedCapacity: a + 1 + b) { out in
            var i =
                first.utf8.withContiguousStorageIfAvailable { out.update(fromContentsOf: $0) }
                ?? out.initialize(fromContentsOf: first.utf8)
            out[i] = UInt8(ascii: " ")
            i += 1
            let rest = UnsafeMutableBufferPointer(rebasing: out[i...])
            i +=
                last.utf8.withContiguousStorageIfAvailable { rest.update(fromContentsOf: $0) }
                ?? rest.initialize(fromContentsOf: last.utf8)
            return i
        }
    }
}
