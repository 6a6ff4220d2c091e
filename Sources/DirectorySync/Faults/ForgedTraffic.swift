import SCIM

/// The attacker's traffic of the `forgery` fault: a `dsync.user.created` webhook signed with the wrong secret,
/// and a SCIM `POST /Users` carrying a wrong bearer token, both for `forged<k>@evil.example`. Each must be
/// refused and change nothing (`wrong-credential-changed-nothing`).
enum ForgedTraffic {
    /// The email of forgery `k`.
    static func email(_ k: Int) -> String { "forged\(k)@evil.example" }

    /// A well-formed event envelope for organization `organizationID` and directory `directoryID` at virtual
    /// time `time`; the world signs it with a wrong secret.
    static func event(_ k: Int, organizationID: String, directoryID: String, at time: Duration) -> JSONValue {
        let stamp = EventTimestamp.iso8601(time)
        let address = JSONValue.string(email(k))
        let data: JSONValue = [
            "object": "directory_user", "id": .string("directory_user_forged_\(k)"),
            "directory_id": .string(directoryID), "organization_id": .string(organizationID),
            "idp_id": .string("forged-\(k)"), "email": address,
            "emails": [["primary": true, "type": "work", "value": address]], "username": address,
            "first_name": "Forged", "last_name": .string("Attacker\(k)"), "state": "active",
            "created_at": .string(stamp), "updated_at": .string(stamp),
        ]
        return [
            "object": "event", "id": .string("event_forged_\(k)"), "event": "dsync.user.created", "data": data,
            "created_at": .string(stamp),
        ]
    }

    /// `POST <endpointPath>/Users` with a wrong bearer token.
    static func request(_ k: Int, endpointPath: String) -> SCIMRequest {
        let body: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(email(k)),
            "emails": [["primary": true, "type": "work", "value": .string(email(k))]], "active": true,
        ]
        return SCIMRequest(
            method: .post, path: endpointPath + "/Users",
            headers: [
                "Authorization": "Bearer scim_forged_\(k)", "Content-Type": "application/scim+json",
                "Accept": "application/scim+json",
            ],
            body: .value(body))
    }
}
