extension RequestLink {
    /// A request link named `name` whose requests are handled by the synchronous `handler`, isolated to `server`.
    ///
    /// Under the FIFO policy, when `server` runs on the simulation's executor (a `SimulatedActor`), the handler
    /// runs inside the request's delivery timer, at the delivery instant, with no server task: a request costs no
    /// job on the server side. Its response then leaves through a deferred callback (`SimulationExecutor.deferCall`)
    /// that takes its turns in the ready queue exactly where a server worker would have sent it; so traces (records, virtual times, timer order) are those of the worker path, with fewer steps.
    /// Under the random policy, or for a server on another executor, requests go to pooled server worker tasks
    /// like an async handler's (every job of that path stays a point the random scheduler can reorder).
    ///
    /// Inlinable, so that a caller with concrete types gets a handler specialised for them: the request moves out of
    /// its slot and the response into its slot without value-witness calls or reabstraction thunks.
    @inlinable
    public convenience init<Server: Actor>(
        _ name: String, simulation: Simulation, configuration: LinkConfiguration = .init(), server: Server,
        synchronousHandler handler: @escaping @Sendable (isolated Server, Request) -> Response
    ) {
        let executor = simulation.executor
        var immediate: ImmediateHandler?
        if executor.policy == .fifo, executor.isExecutor(of: server) {
            // Sound: the handler only needs to run isolated to `server`, whose serial executor is the simulation's,
            // and the delivery timer runs on the driver thread between jobs (the standard library's
            // `assumeIsolated` drops the `isolated` the same way once it has checked the executor).
            // The cast goes through structs generic over `Server: Actor`, which store the function in the lowering
            // it has here: casting the function value itself would pass it through `unsafeBitCast`'s fully generic
            // form, which wraps it in two reabstraction thunks that every request would then call through.
            let plain = unsafeBitCast(
                IsolatedServerHandler(call: handler), to: PlainServerHandler<Server, Request, Response>.self
            ).call
            immediate = { request, response in response.initialize(to: plain(server, request.move())) }
        }
        self.init(
            name, simulation: simulation, configuration: configuration,
            handler: Self.workerHandler(server: server, handler), immediate: immediate)
    }

    /// The async handler of the worker path (random policy, or a server on another executor), built here, out of
    /// line and unspecialised: the executor hops its calls make are part of a run's job order (the random
    /// policy's seeded picks), so they must not change with the caller's specialisation.
    @usableFromInline
    static func workerHandler<Server: Actor>(
        server: Server, _ handler: @escaping @Sendable (isolated Server, Request) -> Response
    ) -> @Sendable (Request) async -> Response {
        { request in await Self.forward(request, to: server, handler) }
    }

    /// The worker path of a synchronous handler (same hops as an async handler's).
    private static func forward<Server: Actor>(
        _ request: Request, to server: isolated Server,
        _ handler: @Sendable (isolated Server, Request) -> Response
    ) async -> Response {
        handler(server, request)
    }

    /// Runs the synchronous handler on the request in `slot` now, inside its delivery timer, and defers sending the
    /// response by two turns of the ready queue: a server worker returns from a handler through two executor hops
    /// (back to the nonisolated handler wrapper, then to the worker loop), so jobs the handler made ready, and
    /// the jobs those made ready in their first turn, run before it responds.
    /// Only for a link with a synchronous handler (`immediate` is not nil); it is called straight from the stored
    /// property, which the link keeps for its whole life (no copy of the closure, so no retain of its context).
    ///
    /// In place: the handler moves the request out of its slot (its first act, before any code that could insert
    /// into this link and grow the slab) and initialises the response in a slot reserved for it. Nothing inserts
    /// into this link's responses while a synchronous handler runs (responses come only from delivery timers and
    /// deferred callbacks, which never run inside a handler), so the reserved slot's address stays valid.
    @inline(__always)
    func handleNow(_ slot: Int, route: CallRoute) {
        let stored = responses.reserve()
        requests.vacate(slot)
        // `withIsolatedCallback` spelled out: in unspecialised code its closure would be a call of its own.
        let executor = self.executor
        executor.runDepth &+= 1
        immediate?(requests.address(slot), responses.address(stored))
        executor.runDepth &-= 1
        requests.freeVacated(slot)
        responseRoutes.set(stored, route)
        executor.deferCall(self, token: stored << 3 | TokenKind.respond.rawValue, turns: 2)
    }
}

extension SimulationExecutor {
    /// Whether `actor`'s serial executor is this executor.
    @usableFromInline
    func isExecutor(of actor: some Actor) -> Bool {
        let theirs = actor.unownedExecutor
        let ours = asUnownedSerialExecutor()
        return withUnsafeBytes(of: theirs) { a in withUnsafeBytes(of: ours) { b in a.elementsEqual(b) } }
    }
}

/// A synchronous handler isolated to its server, as given to `RequestLink.init(_:simulation:configuration:server:synchronousHandler:)`.
@usableFromInline
struct IsolatedServerHandler<Server: Actor, Request: Sendable, Response: Sendable> {
    @usableFromInline let call: @Sendable (isolated Server, Request) -> Response

    @inlinable
    init(call: @escaping @Sendable (isolated Server, Request) -> Response) {
        self.call = call
    }
}

/// The same handler with its isolation dropped (same layout as `IsolatedServerHandler`).
@usableFromInline
struct PlainServerHandler<Server: Actor, Request: Sendable, Response: Sendable> {
    @usableFromInline let call: @Sendable (Server, Request) -> Response
}
