import SCIM

/// The SCIM service behind one directory's endpoint: takes a request (already authenticated and
/// rate-limited by the broker, path relative to the SCIM base, e.g. `/Users/abc`) and returns the
/// response plus the changes it applied, in order (a failed request applies none).
///
/// INTEGRATION POINT: the real `SCIMService` (branch `scim-service`,
/// `mutating func handle(_ request: SCIMRequest) -> SCIMResult`) conforms in `SCIMServiceBackend.swift`
/// once merged; until then tests plug in a small fake.
public protocol DirectorySCIMBackend: Sendable {
    /// Handles one request. Must be deterministic.
    mutating func handle(_ request: SCIMRequest) -> (response: SCIMResponse, changes: [SCIMChange])
}

/// Creates the SCIM backend of a new directory, given its id. Called once per directory, in creation order.
public typealias DirectorySCIMBackendFactory = @Sendable (_ directoryID: String) -> any DirectorySCIMBackend
