/// What the consumer reads from one directory user's object (``EventObjectFields`` from JSON or a non-user event,
/// ``TypedUserFields`` from a typed `dsync.user.*` event): the consumer's user-event logic is written once over
/// this protocol and specialized for both, so the typed path reads the user's strings in place instead of copying
/// them into a fields value first. Both give the same values for an event the broker built.
protocol DirectoryObjectFieldSource {
    /// `id`.
    var id: String? { get }
    /// `directory_id`.
    var directoryID: String? { get }
    /// `organization_id`.
    var organizationID: String? { get }
    /// `email`.
    var email: String? { get }
    /// `first_name`.
    var firstName: String? { get }
    /// `last_name`.
    var lastName: String? { get }
    /// Whether `state` is `active`.
    var isActive: Bool { get }
    /// `updated_at` as Unix milliseconds (``EventTimestamp/parseUnixMilliseconds(_:)`` of the rendered text).
    var updatedAtMillis: Int64? { get }
    /// ``DirectoryUserTable/canonicalNumber(_:)`` of ``id``.
    var userNumber: Int? { get }
    /// The ``EmailKey`` of ``email``.
    var emailKey: EmailKey? { get }
}

extension EventObjectFields: DirectoryObjectFieldSource {}

/// The directory user of a typed `dsync.user.*` event (``WebhookPayload/typedUser``): one reference to the user,
/// whose fields are read on demand, and the keys derived once per event (``EventKeys``). The same values as the
/// ``EventObjectFields`` of the event's `data` (``EventFields/init(_:)-(DirectoryEvent)``). O(1), no copy.
struct TypedUserFields: DirectoryObjectFieldSource {
    /// The user.
    let user: DirectoryUser
    /// ``DirectoryUserTable/canonicalNumber(_:)`` of the user's id.
    let userNumber: Int?
    /// The ``EmailKey`` of the user's email.
    let emailKey: EmailKey?

    var id: String? { user.id }
    var directoryID: String? { user.directoryID }
    var organizationID: String? { user.organizationID }
    var email: String? { user.email }
    var firstName: String? { user.firstName }
    var lastName: String? { user.lastName }
    var isActive: Bool { user.state == .active }
    /// The Unix milliseconds that ``EventTimestamp/iso8601(_:)`` of `updatedAt` parses back to.
    @inline(__always)
    var updatedAtMillis: Int64? {
        EventTimestamp.epochUnixMilliseconds + EventTimestamp.milliseconds(user.updatedAt)
    }
}

/// The lookup keys of one typed event, derived once when the broker builds its ``WebhookPayload`` (a pure function
/// of the event): the event id's number and, for a directory-user event, the user id's number and the email key.
struct EventKeys: Sendable {
    /// ``EventIDSet/canonicalNumber(_:)`` of the event id.
    let idNumber: Int?
    /// ``DirectoryUserTable/canonicalNumber(_:)`` of the user id (directory-user events only, else `nil`).
    let userNumber: Int?
    /// The ``EmailKey`` of the user's email (directory-user events only, else `nil`).
    let emailKey: EmailKey?

    /// The keys of `event`. O(length of the ids and the email).
    init(_ event: borrowing DirectoryEvent) {
        idNumber = EventFields.number(event.id, prefix: "event_", limit: EventIDSet.numberLimit)
        if case .user(let u) = event.data, event.kind.isUserEvent {
            userNumber = EventFields.number(u.id, prefix: "directory_user_", limit: DirectoryUserTable.numberLimit)
            emailKey = u.email.map { EmailKey(email: $0) }
        } else {
            userNumber = nil
            emailKey = nil
        }
    }
}

extension DirectoryEventKind {
    /// `dsync.user.created`, `dsync.user.updated` or `dsync.user.deleted`: the kinds whose data is the directory user.
    var isUserEvent: Bool { self == .userCreated || self == .userUpdated || self == .userDeleted }
}
