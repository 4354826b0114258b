import ArgumentParser
import Provisioning

/// The shared pool's options (slides 003), common to `surplus provision` and
/// `surplus optimize --over fee`; each replaces a field of a base scenario.
struct PoolOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Number of peers n >= 1 (default: the slides' example).")
    var players: Int?

    @Option(parsing: .unconditional, help: "Utility u(Q) = A Q^alpha, as power:A:ALPHA (0 < alpha <= 1; default: the slides' example).")
    var utility: String?

    @Option(parsing: .unconditional, help: "Cost c(n, Q) = B n^delta Q^beta, as power:B:BETA[:DELTA] (beta >= 1, delta >= 0; default: the slides' example).")
    var cost: String?

    @Option(parsing: .unconditional, help: "Type law: uniform:LO:HI, beta:A:B, or empirical:FILE (numbers separated by spaces, commas or lines; default: the slides' example).")
    var types: String?

    /// The pool of `base` (a scenario file's, or the slides' example) with the options given replacing its fields.
    func pool(_ base: ProvisioningScenario) throws -> ProvisioningScenario {
        var pool = base
        if let players { pool.players = players }
        if let utility { pool.utility = try .init(spec: utility, field: "--utility") }
        if let cost { pool.cost = try .init(spec: cost, field: "--cost") }
        if let types { pool.types = try .init(spec: types, field: "--types", readSamples: ProvisionCommand.readSamples) }
        return pool
    }

    /// The pool options given on the command line, by their names.
    var givenOptions: [String] {
        [("--players", players != nil), ("--utility", utility != nil), ("--cost", cost != nil), ("--types", types != nil)]
            .filter(\.1).map(\.0)
    }
}
