import SCIM

/// Memo of ``CredentialFastPath``'s two tests, each of which depends only on its own input: up to two paths that
/// passed ``CredentialFastPath/pathMatches(_:)`` and two header lists that passed
/// ``CredentialFastPath/authorizationMatches(_:)``. An input is recognised by identity: a string by its
/// representation bits, a header list by its array buffer. The memo keeps a reference to each remembered value,
/// so that storage stays alive and shared: it can be neither freed (and its address reused) nor mutated in place,
/// hence the same identity means the same content and the same answer. IdPs send the same path and header
/// values with every request, so a check usually costs two identity comparisons. O(1).
struct VerifiedRequestParts {
    private var path0: String?
    private var path1: String?
    private var fields = HeaderListMemo()
    private var nextPath = false

    /// Whether `path` is a remembered path (identical representation). O(1).
    @inline(__always)
    func holds(path: String) -> Bool {
        if let p = path0, DirectorySyncBrokerState.sameStringBits(p, path) { return true }
        if let p = path1, DirectorySyncBrokerState.sameStringBits(p, path) { return true }
        return false
    }

    /// Whether `fields` is a remembered header list (the same array buffer). O(1).
    @inline(__always)
    func holds(fields: [(name: String, value: String)]) -> Bool {
        self.fields.holds(HeaderListMemo.identity(of: fields))
    }

    /// Remembers a path that passed, replacing the older of the two.
    mutating func remember(path: String) {
        if nextPath { path1 = path } else { path0 = path }
        nextPath.toggle()
    }

    /// Remembers a header list that passed, replacing the older of the two.
    mutating func remember(fields: [(name: String, value: String)]) {
        self.fields.remember(fields, identity: HeaderListMemo.identity(of: fields))
    }
}
