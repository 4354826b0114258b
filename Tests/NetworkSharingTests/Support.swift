import NetworkSharing
import SurplusCore
import SurplusTestSupport

/// Shared builders for the NetworkSharing tests.
enum Fixture {
    /// Seed `seed` on `threads` threads.
    static func options(seed: UInt64 = 1, threads: Int = 1) throws -> RunOptions {
        try RunOptions(seed: seed, threads: threads)
    }

    /// A small random network: Erdos-Renyi or Barabasi-Albert by seed parity, log-normal
    /// endowments and values.
    static func random(seed: UInt64, agents n: Int = 60) throws -> SharingNetwork {
        let spec = seed % 2 == 0 ? "erdos-renyi:n=\(n),degree=5" : "barabasi-albert:n=\(n),m=2"
        return try NetworkGenerator(spec: spec).generate(options(seed: seed))
    }

    static func equilibrium(_ network: SharingNetwork, tolerance: Double = 1e-9) throws -> Equilibrium {
        try Equilibrium.solve(network, options: Equilibrium.Options(tolerance: tolerance), run: .serial)
    }

    static func run(_ network: SharingNetwork, _ strategy: Strategy, sweeps: Int, reference: Equilibrium,
                    tolerance: Double = 1e-12, initial: InitialAllocation = .uniform, seed: UInt64 = 1,
                    threads: Int = 1, recordInterval: Int? = nil) throws -> Dynamics {
        let settings = try Dynamics.Options(
            strategy: strategy, sweeps: sweeps, tolerance: tolerance, initial: initial, recordInterval: recordInterval)
        return try Dynamics.run(network, reference: reference, options: settings, run: options(seed: seed, threads: threads))
    }

    /// Every agent sends exactly its endowment (shares sum to 1 per row, to 1e-9: each share is
    /// rebuilt from the value sent, and a row's sum carries about 1e-15 of rounding per entry),
    /// nothing negative, nothing to a non-neighbour (there is no entry for one). Returns the
    /// first violation.
    static func feasibilityViolation(_ allocation: Allocation, on network: SharingNetwork) -> String? {
        guard allocation.shares.count == network.entryCount else { return "wrong number of entries" }
        for i in 0..<network.agentCount where network.degree(i) > 0 {
            var total = 0.0
            for e in network.entries(of: i) {
                let s = allocation.shares[e]
                if !(s >= 0) { return "agent \(network.ids[i]) sends \(s) along entry \(e)" }
                total += s
            }
            if !isApproximatelyEqual(total, 1, absolute: 1e-9) { return "agent \(network.ids[i]) sends \(total) of its endowment" }
        }
        return nil
    }
}
