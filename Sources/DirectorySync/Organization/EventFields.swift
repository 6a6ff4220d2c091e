import SCIM

/// The members of a WorkOS event envelope `{object, id, event, data, created_at}` the consumer and the
/// invariant monitor read, found in one pass over the envelope's members.
///
/// Each field holds the value of the *first* member with that exact key (as `JSONValue`'s key subscript
/// returns it), or `nil` when there is none or the body is not an object. Reading every field this way
/// costs one scan of the members instead of one scan per field. O(members).
struct EventEnvelopeFields {
    /// `id`: the event id.
    var id: JSONValue?
    /// `event`: the event name (`dsync.user.created`, ...).
    var event: JSONValue?
    /// `data`: the event's object.
    var data: JSONValue?

    /// The fields of `body` (all `nil` unless it is an object).
    init(_ body: JSONValue) {
        guard case .object(let object) = body else { return }
        let members = object.members
        for i in members.indices {
            switch members[i].key.utf8.count {
            case 2: if id == nil, members[i].key == "id" { id = members[i].value }
            case 4: if data == nil, members[i].key == "data" { data = members[i].value }
            case 5: if event == nil, members[i].key == "event" { event = members[i].value }
            default: break
            }
        }
    }

    /// The event kind named by `event`, or `nil` when it is missing, not a string or not a known kind.
    var kind: DirectoryEventKind? {
        guard case .string(let name)? = event else { return nil }
        return DirectoryEventKind(rawValue: name)
    }
}

/// The members of a WorkOS directory object (a directory user, directory group or directory) the consumer and
/// the invariant monitor read, found in one pass over its members (first member per key, as with
/// ``EventEnvelopeFields``). O(members).
struct DirectoryObjectFields {
    var id: JSONValue?
    var directoryID: JSONValue?
    var organizationID: JSONValue?
    var email: JSONValue?
    var firstName: JSONValue?
    var lastName: JSONValue?
    var state: JSONValue?
    var updatedAt: JSONValue?
    var name: JSONValue?
    var user: JSONValue?
    var group: JSONValue?

    /// The fields of `object` (all `nil` unless it is an object).
    init(_ object: JSONValue?) {
        guard case .object(let o)? = object else { return }
        let members = o.members
        for i in members.indices {
            switch members[i].key.utf8.count {
            case 2: if id == nil, members[i].key == "id" { id = members[i].value }
            case 4:
                if members[i].key == "name" {
                    if name == nil { name = members[i].value }
                } else if members[i].key == "user" {
                    if user == nil { user = members[i].value }
                }
            case 5:
                if members[i].key == "email" {
                    if email == nil { email = members[i].value }
                } else if members[i].key == "state" {
                    if state == nil { state = members[i].value }
                } else if members[i].key == "group" {
                    if group == nil { group = members[i].value }
                }
            case 9: if lastName == nil, members[i].key == "last_name" { lastName = members[i].value }
            case 10:
                if members[i].key == "updated_at" {
                    if updatedAt == nil { updatedAt = members[i].value }
                } else if members[i].key == "first_name" {
                    if firstName == nil { firstName = members[i].value }
                }
            case 12: if directoryID == nil, members[i].key == "directory_id" { directoryID = members[i].value }
            case 15: if organizationID == nil, members[i].key == "organization_id" { organizationID = members[i].value }
            default: break
            }
        }
    }
}
