extension RequestLink {
    /// A request link named `name` whose requests are handled by the synchronous `handler`, isolated to `server`.
    ///
    /// Under the FIFO policy, when `server` runs on the simulation's executor (a `SimulatedActor`), the handler
    /// runs inside the request's delivery timer, at the delivery instant, with no server task: a request costs no
    /// job on the server side. Its response then leaves through a deferred callback (`SimulationExecutor.deferCall`)
    /// that takes its turns in the ready queue exactly where a server worker would have sent it; so traces (records, virtual times, timer order) are those of the worker path, with fewer steps.
    /// Under the random policy, or for a server on another executor, requests go to pooled server worker tasks
    /// like an async handler's (every job of that path stays a point the random scheduler can reorder).
    public convenience init<Server: Actor>(
        _ name: String, simulation: Simulation, configuration: LinkConfiguration = .init(), server: Server,
        synchronousHandler handler: @escaping @Sendable (isolated Server, Request) -> Response
    ) {
        let executor = simulation.executor
        var immediate: (@Sendable (Request) -> Response)?
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
            immediate = { request in plain(server, request) }
        }
        self.init(
            name, simulation: simulation, configuration: configuration,
            handler: { request in await Self.forward(request, to: server, handler) }, immediate: immediate)
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
    func handleNow(_ slot: Int, route: CallRoute) {
        let request = requests.take(slot)
        // `withIsolatedCallback` spelled out: in unspecialised code its closure would be a call of its own.
        let executor = self.executor
        executor.runDepth &+= 1
        // The handler's result goes straight into the slab (a `let` in between is copied into the slot and then
        // destroyed by unspecialised code: a retain and a release per reference in the response).
        let stored = responses.insert(immediate.unsafelyUnwrapped(request))
        executor.runDepth &-= 1
        responseRoutes.set(stored, route)
        executor.deferCall(self, token: stored << 3 | TokenKind.respond.rawValue, turns: 2)
    }
}

extension SimulationExecutor {
    /// Whether `actor`'s serial executor is this executor.
    func isExecutor(of actor: some Actor) -> Bool {
        let theirs = actor.unownedExecutor
        let ours = asUnownedSerialExecutor()
        return withUnsafeBytes(of: theirs) { a in withUnsafeBytes(of: ours) { b in a.elementsEqual(b) } }
    }
}

/// A synchronous handler isolated to its server, as given to `RequestLink.init(_:simulation:configuration:server:synchronousHandler:)`.
struct IsolatedServerHandler<Server: Actor, Request: Sendable, Response: Sendable> {
    let call: @Sendable (isolated Server, Request) -> Response
}

/// The same handler with its isolation dropped (same layout as `IsolatedServerHandler`).
struct PlainServerHandler<Server: Actor, Request: Sendable, Response: Sendable> {
    let call: @Sendable (Server, Request) -> Response
}
