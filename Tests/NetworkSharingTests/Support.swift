import Foundation
@testable import NetworkSharing
import SurplusCore

/// Shared builders for the NetworkSharing tests.
enum Fixture {
    /// A small random network: Erdos-Renyi or Barabasi-Albert by seed parity, log-normal
    /// endowments and values.
    static func random(seed: UInt64, agents n: Int = 60) -> SharingNetwork {
        let spec = seed % 2 == 0 ? "erdos-renyi:n=\(n),degree=5" : "barabasi-albert:n=\(n),m=2"
        do { return try NetworkGenerator(spec: spec).generate(seed: seed) } catch {
            preconditionFailure("fixture \(spec): \(error)")
        }
    }

    static func equilibrium(_ network: SharingNetwork, tolerance: Double = 1e-9) -> Equilibrium {
        do { return Equilibrium.solve(network, options: try Equilibrium.Options(tolerance: tolerance, threads: 1)) } catch {
            preconditionFailure("\(error)")
        }
    }

    static func run(_ network: SharingNetwork, _ strategy: Strategy, sweeps: Int, reference: Equilibrium,
                    tolerance: Double = 1e-12, initial: InitialAllocation = .uniform, seed: UInt64 = 1,
                    threads: Int = 1, recordInterval: Int? = nil) -> Dynamics {
        do {
            let options = try Dynamics.Options(
                strategy: strategy, sweeps: sweeps, tolerance: tolerance, seed: seed, initial: initial,
                recordInterval: recordInterval, threads: threads)
            return Dynamics.run(network, reference: reference, options: options)
        } catch { preconditionFailure("\(error)") }
    }

    /// Every agent sends exactly its endowment (shares sum to 1 per row), nothing negative,
    /// nothing to a non-neighbour (there is no entry for one). Returns the first violation.
    static func feasibilityViolation(_ allocation: Allocation, on network: SharingNetwork) -> String? {
        guard allocation.shares.count == network.entryCount else { return "wrong number of entries" }
        for i in 0..<network.agentCount where network.degree(i) > 0 {
            var total = 0.0
            for e in network.entries(of: i) {
                let s = allocation.shares[e]
                if !(s >= 0) { return "agent \(network.ids[i]) sends \(s) along entry \(e)" }
                total += s
            }
            if abs(total - 1) > 1e-9 { return "agent \(network.ids[i]) sends \(total) of its endowment" }
        }
        return nil
    }
}
