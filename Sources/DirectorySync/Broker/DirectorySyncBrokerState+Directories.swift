import SCIM

extension DirectorySyncBrokerState {
    /// The SCIM base path of a directory: `/scim/v2.0/<directoryID>`.
    public static func endpointPath(directoryID: String) -> String { "/scim/v2.0/" + directoryID }

    /// Creates a directory for the organization (state `validating`) with a fresh bearer token.
    /// Returns the endpoint and token for the identity provider. O(1).
    public mutating func createDirectory(_ request: DirectorySetupRequest, now: Duration) -> DirectorySetup {
        let id = BrokerID.make("directory_", nextDirectoryNumber)
        nextDirectoryNumber += 1
        let path = Self.endpointPath(directoryID: id)
        let directory = Directory(
            id: id, organizationID: request.organizationID, name: "Directory for \(request.organizationID)",
            type: request.type, state: .validating, endpointPath: path, createdAt: now, updatedAt: now)
        let token = issueToken()
        let record = DirectoryRecord(
            directory: directory, token: token,
            bucket: BrokerTokenBucket(configuration.scimRateLimit, now: now))
        directoryIndex[id] = directories.count
        directories.append(record)
        let backend = makeBackend(id, path)
        if let service = backend as? SCIMService {
            services.append(service)
            backends.append(nil)
        } else {
            services.append(nil)
            backends.append(backend)
        }
        return DirectorySetup(
            directoryID: id, organizationID: request.organizationID, endpointPath: path, bearerToken: token)
    }

    /// The directory with this id, or `nil`.
    public func directory(_ id: String) -> Directory? {
        directoryIndex[id].map { directories[$0].directory }
    }

    /// All directories in creation order (deleted ones included, in state `deleting`).
    public var allDirectories: [Directory] { directories.map(\.directory) }

    /// Issues a new bearer token; the previous one stops working at once (401). The directory goes to
    /// `validating` until the new token is used (WorkOS Admin Portal rotate:
    /// https://workos.com/docs/integrations/scim-v1-1/set-up-your-directory-sync-endpoint).
    public mutating func rotateToken(directoryID: String, organizationID: String, now: Duration) -> Result<
        String, BrokerError
    > {
        switch ownedDirectory(directoryID, organizationID) {
        case .failure(let e): return .failure(e)
        case .success(let i):
            if let old = directories[i].token { directories[i].retiredTokens.append(old) }
            let token = issueToken()
            directories[i].token = token
            setState(i, .validating, now)
            return .success(token)
        }
    }

    /// Revokes the bearer token; every request then gets 401 and the directory becomes `unlinked`.
    public mutating func revokeToken(directoryID: String, organizationID: String, now: Duration) -> Result<
        Void, BrokerError
    > {
        switch ownedDirectory(directoryID, organizationID) {
        case .failure(let e): return .failure(e)
        case .success(let i):
            if let old = directories[i].token { directories[i].retiredTokens.append(old) }
            directories[i].token = nil
            setState(i, .unlinked, now)
            return .success(())
        }
    }

    /// Deletes the directory: state `deleting`, exactly one `dsync.deleted` and no per-user or per-group
    /// events (https://github.com/workos/skills/blob/main/plugins/workos/skills/workos/references/workos-directory-sync.md);
    /// its token and SCIM data are dropped, so later requests get 401. Deleting is permanent
    /// (https://workos.com/docs/reference/directory-sync/directory.md); a second call fails with
    /// ``BrokerError/directoryDeleted(_:)`` and emits nothing.
    public mutating func deleteDirectory(_ request: DirectoryDeletionRequest, now: Duration) -> Result<
        DirectoryEvent, BrokerError
    > {
        switch ownedDirectory(request.directoryID, request.organizationID) {
        case .failure(let e): return .failure(e)
        case .success(let i):
            setState(i, .deleting, now)
            directories[i].deleted = true
            if let old = directories[i].token { directories[i].retiredTokens.append(old) }
            directories[i].token = nil
            backends[i] = nil
            services[i] = nil
            directories[i].users = []
            directories[i].userIndex = SCIMIDIndex(prefix: "u")
            directories[i].groups = []
            directories[i].groupIndex = SCIMIDIndex(prefix: "g")
            let d = directories[i].directory
            return .success(appendEvent(.deleted, directory: d, data: .directory(d), now: now))
        }
    }

    func ownedDirectory(_ id: String, _ organizationID: String) -> Result<Int, BrokerError> {
        guard let i = directoryIndex[id] else { return .failure(.unknownDirectory(id)) }
        guard directories[i].directory.organizationID == organizationID else {
            return .failure(.notOwner(directoryID: id, organizationID: organizationID))
        }
        guard !directories[i].deleted else { return .failure(.directoryDeleted(id)) }
        return .success(i)
    }

    mutating func setState(_ i: Int, _ state: DirectoryState, _ now: Duration) {
        directories[i].directory.state = state
        directories[i].directory.updatedAt = now
    }

    /// A deterministic, opaque-looking token: `scim_` + hex of a keyed digest of a counter.
    mutating func issueToken() -> String {
        var d = KeyedDigest(key: "scimsim-broker-token")
        withUnsafeBytes(of: nextTokenNumber.littleEndian) { d.update($0) }
        nextTokenNumber += 1
        return "scim_" + d.hexDigest()
    }
}
