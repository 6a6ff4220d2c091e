import SCIM
import SimulationKernel

/// The broker's per-directory SCIM backend in a simulation: the real ``SCIMService`` (RFC 7643 / RFC 7644),
/// with ids from a per-directory counter and `meta` timestamps from the simulation's virtual clock.
///
/// Authentication is the broker's job (it checks the directory's bearer token before the backend runs), so
/// the service is created without a token of its own.
public struct SCIMServiceDirectoryBackend: DirectorySCIMBackend {
    /// The service.
    public var service: SCIMService

    /// A backend for directory `directoryID` whose timestamps follow `simulation`'s virtual time.
    public init(directoryID: String, simulation: Simulation) {
        let configuration = SCIMServiceConfiguration(
            bearerToken: nil,
            baseLocation: "https://broker.example.test"
                + DirectorySyncBrokerState.endpointPath(
                    directoryID: directoryID))
        service = SCIMService(
            configuration: configuration, ids: SCIMSequentialIDSource(),
            clock: VirtualSCIMClock(executor: simulation.executor))
    }

    /// Handles one request (path relative to the SCIM base) and returns the response with the changes.
    public mutating func handle(_ request: SCIMRequest) -> (response: SCIMResponse, changes: [SCIMChange]) {
        let result = service.handle(request)
        return (result.response, result.changes)
    }
}

/// A ``SCIMClock`` reading the simulation's virtual time: the broker's fixed epoch
/// (``EventTimestamp/epochUnixMilliseconds``, 2026-01-01T00:00:00Z) plus the virtual milliseconds elapsed.
public struct VirtualSCIMClock: SCIMClock {
    private let executor: SimulationExecutor

    /// A clock over `executor`'s virtual time.
    public init(executor: SimulationExecutor) { self.executor = executor }

    /// The current virtual instant, in whole milliseconds. Driver thread only.
    public mutating func now() -> SCIMInstant {
        SCIMInstant(
            millisecondsSinceEpoch: EventTimestamp.epochUnixMilliseconds + executor.virtualNanoseconds / 1_000_000)
    }
}
