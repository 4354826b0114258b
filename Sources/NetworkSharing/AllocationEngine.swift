import SurplusCore

/// Step-by-step access to the dynamics on one network, for callers that drive the rounds
/// themselves (benchmarks, a live market). Holds its buffers for its whole life: a round
/// allocates nothing proportional to the network.
///
/// Not thread-safe: one caller drives an engine (each round is itself parallel).
public final class AllocationEngine {
    let workspace: Workspace
    private var utilitiesCurrent = true
    /// Streaming proportional-response rounds not yet written back to the allocation.
    private var pending = false
    private var order: [Int]

    /// An engine on `network` from `initial` (default: equal shares), running its rounds on
    /// `options.threads` threads.
    public init(network: SharingNetwork, initial: Allocation? = nil, options: RunOptions) {
        workspace = Workspace(network: network, initial: initial ?? .uniform(on: network), threads: options.threads)
        order = Array(0..<network.agentCount)
    }

    /// One proportional-response round (all agents at once), in the streaming form when it
    /// applies (see `Workspace.beginProportionalResponse`).
    public func proportionalResponseRound() {
        if workspace.streamingRound > 0 {
            workspace.streamingProportionalResponseRound()
            pending = true
        } else if workspace.beginProportionalResponse() {
            pending = true
        } else {
            workspace.proportionalResponseRound()
            workspace.swapBuffers()
            utilitiesCurrent = false
        }
    }

    /// One sequential CMAP sweep: agents 0, 1, ..., n-1 each solve their community program
    /// (k >= 1) in turn.
    public func sequentialSweep() {
        refresh()
        workspace.streamingRound = 0
        for i in order { workspace.sequentialStep(agent: i) }
    }

    /// One simultaneous CMAP sweep, each agent moving the fraction `step` of the way.
    public func simultaneousSweep(step: Double = 1) {
        refresh()
        workspace.streamingRound = 0
        workspace.simultaneousSweep(step: step)
    }

    /// The current allocation.
    public var allocation: Allocation {
        refresh()
        return workspace.allocation()
    }

    /// The current utilities u_j.
    public var utilities: [Double] {
        refresh()
        return workspace.utilityArray()
    }

    /// The metrics of the current allocation against `reference`.
    public func metrics(reference: Equilibrium) -> WelfareMetrics {
        refresh()
        return workspace.metrics(reference: reference)
    }

    private func refresh() {
        if pending {
            workspace.materializeProportionalResponse()
            pending = false
            utilitiesCurrent = true
        }
        if !utilitiesCurrent {
            workspace.computeUtilities()
            utilitiesCurrent = true
        }
    }
}
