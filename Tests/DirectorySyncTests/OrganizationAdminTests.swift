import SCIM
import Testing

@testable import DirectorySync

@Suite struct OrganizationAdminTests {
    /// PO, plus an Owner, an Admin and a User added by the PO.
    private func org() -> (OrganizationState, owner: MemberID, admin: MemberID, user: MemberID) {
        var o = OrganizationState(
            id: "org_0", primaryOwnerEmail: "po@acme.example", primaryOwnerName: "PO",
            configuration: OrganizationConfiguration(webhookSecret: "s"))
        let po = o.primaryOwnerID
        let owner =
            ((try? o.addMember(actor: po, email: "owner@acme.example", name: "O", role: .owner).get())?.id
                ?? MemberID(rawValue: 0))
        let admin =
            ((try? o.addMember(actor: po, email: "admin@acme.example", name: "A", role: .admin).get())?.id
                ?? MemberID(rawValue: 0))
        let user =
            ((try? o.addMember(actor: po, email: "user@acme.example", name: "U").get())?.id ?? MemberID(rawValue: 0))
        return (o, owner, admin, user)
    }

    private func refused<T>(_ result: Result<T, AdminRefusal>) -> AdminRefusal.Reason? {
        if case .failure(let r) = result { return r.reason }
        return nil
    }

    @Test func onlyOwnersEnableSCIMAndARefusalChangesNothing() {
        var (o, owner, admin, user) = org()
        let before = OrganizationSnapshot(o)
        #expect(refused(o.enableSCIM(actor: admin)) == .insufficientRole)
        #expect(refused(o.enableSCIM(actor: user)) == .insufficientRole)
        #expect(refused(o.enableSCIM(actor: MemberID(rawValue: 99))) == .unknownActor)
        #expect(OrganizationSnapshot(o) == before)
        let request = try? o.enableSCIM(actor: owner).get()
        #expect(request?.organizationID == "org_0")
        #expect(o.provisioningMode == .scim)
        #expect(o.scimSetup == .awaitingDirectory)
        #expect(refused(o.enableSCIM(actor: o.primaryOwnerID)) == .scimAlreadyEnabled)
        var (fresh, _, _, _) = org()
        #expect((try? fresh.enableSCIM(actor: fresh.primaryOwnerID).get()) != nil)
    }

    @Test func directoryCreatedIsAcceptedOnlyWhenAwaitingAndForThisOrganization() {
        var (o, owner, _, _) = org()
        let setup = DirectorySetup(
            directoryID: "directory_1", organizationID: "org_0", endpointPath: "/x", bearerToken: "t")
        #expect(o.directoryCreated(setup) == false)
        _ = o.enableSCIM(actor: owner)
        var foreign = setup
        foreign.organizationID = "org_9"
        #expect(o.directoryCreated(foreign) == false)
        #expect(o.directoryCreated(setup) == true)
        #expect(o.scimSetup == .configured(directoryID: "directory_1", linked: false))
    }

    @Test func roleChangesFollowThePermissionMatrix() {
        var (o, owner, admin, user) = org()
        let po = o.primaryOwnerID
        let before = OrganizationSnapshot(o)
        #expect(refused(o.changeRole(actor: admin, member: user, to: .admin)) == .insufficientRole)
        #expect(refused(o.changeRole(actor: user, member: user, to: .owner)) == .insufficientRole)
        #expect(refused(o.changeRole(actor: owner, member: po, to: .user)) == .primaryOwnerProtected)
        #expect(refused(o.changeRole(actor: po, member: po, to: .owner)) == .primaryOwnerProtected)
        #expect(refused(o.changeRole(actor: po, member: user, to: .primaryOwner)) == .invalidRole)
        #expect(refused(o.changeRole(actor: po, member: MemberID(rawValue: 42), to: .admin)) == .memberNotFound)
        #expect(OrganizationSnapshot(o) == before)
        #expect((try? o.changeRole(actor: owner, member: user, to: .admin).get())?.role == .admin)
        #expect((try? o.changeRole(actor: owner, member: admin, to: .user).get())?.role == .user)
        #expect((try? o.changeRole(actor: po, member: owner, to: .admin).get())?.role == .admin)
        #expect(o.members.filter { $0.role == .primaryOwner }.map(\.id) == [po])
    }

    @Test func addingMembersChecksRoleAndEmailUniqueness() {
        var (o, owner, admin, user) = org()
        let before = OrganizationSnapshot(o)
        #expect(refused(o.addMember(actor: user, email: "n@acme.example", name: "N")) == .insufficientRole)
        #expect(
            refused(o.addMember(actor: admin, email: "n@acme.example", name: "N", role: .admin)) == .insufficientRole)
        #expect(refused(o.addMember(actor: owner, email: "USER@Acme.Example", name: "dup")) == .emailInUse)
        #expect(refused(o.addMember(actor: owner, email: "not-an-email", name: "x")) == .invalidEmail)
        #expect(refused(o.addMember(actor: owner, email: "@acme.example", name: "x")) == .invalidEmail)
        #expect(
            refused(o.addMember(actor: owner, email: "p2@acme.example", name: "x", role: .primaryOwner)) == .invalidRole
        )
        #expect(OrganizationSnapshot(o) == before)
        let added = try? o.addMember(actor: admin, email: "n@acme.example", name: "N").get()
        #expect(added?.role == .user)
        #expect(added?.source == .manual)
        #expect(o.member(email: "N@ACME.example")?.id == added?.id)
        #expect((try? o.addMember(actor: owner, email: "a2@acme.example", name: "A2", role: .admin).get()) != nil)
    }

    @Test func removingMembersChecksRoleAndProtectsThePrimaryOwner() {
        var (o, owner, admin, user) = org()
        let po = o.primaryOwnerID
        let before = OrganizationSnapshot(o)
        #expect(refused(o.removeMember(actor: user, member: admin)) == .insufficientRole)
        #expect(refused(o.removeMember(actor: admin, member: owner)) == .insufficientRole)
        #expect(refused(o.removeMember(actor: owner, member: po)) == .primaryOwnerProtected)
        #expect(refused(o.removeMember(actor: po, member: po)) == .primaryOwnerProtected)
        #expect(OrganizationSnapshot(o) == before)
        #expect((try? o.removeMember(actor: admin, member: user).get()) != nil)
        #expect((try? o.removeMember(actor: owner, member: admin).get()) != nil)
        #expect(o.member(email: "user@acme.example") == nil)
        #expect(o.memberCount == 2)
        #expect(refused(o.removeMember(actor: owner, member: user)) == .memberNotFound)
    }

    @Test(arguments: ["reset", "Reset ", " Reset", "RESET", "", "Reset.", "Reset\n"])
    func wrongConfirmationTextChangesNothing(text: String) {
        var (o, owner, _, _) = org()
        _ = o.enableSCIM(actor: owner)
        _ = o.directoryCreated(
            DirectorySetup(directoryID: "d1", organizationID: "org_0", endpointPath: "/p", bearerToken: "t"))
        let before = OrganizationSnapshot(o)
        let result = o.resetSCIM(actor: o.primaryOwnerID, confirmation: text)
        #expect(refused(result) == .confirmationMismatch)
        #expect(OrganizationSnapshot(o) == before)
    }

    @Test func resetNeedsAnOwnerAndAConfiguredDirectory() {
        var (o, owner, admin, user) = org()
        #expect(refused(o.resetSCIM(actor: owner, confirmation: "Reset")) == .scimNotEnabled)
        _ = o.enableSCIM(actor: owner)
        #expect(refused(o.resetSCIM(actor: owner, confirmation: "Reset")) == .setupInProgress)
        _ = o.directoryCreated(
            DirectorySetup(directoryID: "d1", organizationID: "org_0", endpointPath: "/p", bearerToken: "t"))
        let before = OrganizationSnapshot(o)
        #expect(refused(o.resetSCIM(actor: admin, confirmation: "Reset")) == .insufficientRole)
        #expect(refused(o.resetSCIM(actor: user, confirmation: "Reset")) == .insufficientRole)
        #expect(OrganizationSnapshot(o) == before)
    }

    @Test func resetDeletesEveryoneButThePrimaryOwnerAndAllowsANewSetup() throws {
        var (o, owner, admin, user) = org()
        _ = o.enableSCIM(actor: owner)
        _ = o.directoryCreated(
            DirectorySetup(directoryID: "d1", organizationID: "org_0", endpointPath: "/p", bearerToken: "t"))
        let outcome = try o.resetSCIM(actor: owner, confirmation: "Reset").get()
        #expect(outcome.deletion == DirectoryDeletionRequest(organizationID: "org_0", directoryID: "d1"))
        #expect(outcome.deletedMembers == [owner, admin, user])  // the Owner who reset loses their account too
        #expect(o.members.map(\.role) == [.primaryOwner])
        #expect(o.scimSetup == .notConfigured)
        #expect(refused(o.enableSCIM(actor: owner)) == .unknownActor)
        #expect((try? o.enableSCIM(actor: o.primaryOwnerID).get()) != nil)
    }
}
