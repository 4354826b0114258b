import ArgumentParser
import BilateralMarket

/// The bilateral-market options shared by `mfe`, `simulate` and `sweep`:
/// a scenario file, overridden field by field by explicit options (every missing
/// field takes the module's Sec. V-B default).
struct MarketOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Scenario file (JSON); options given explicitly override its fields.")
    var scenario: String?
    @Option(parsing: .unconditional, help: "Credit model: hard, bank or loan.")
    var model: CreditModel?
    @Option(parsing: .unconditional, help: "Reading of alpha: equation-1 (interest alpha x overdraft) or rate (interest (alpha - 1) x overdraft).")
    var interest: InterestReading?
    @Option(parsing: .unconditional, help: "Unified price k.")
    var price: Double?
    @Option(name: .customLong("initial-budget"), parsing: .unconditional, help: "Initial budget law Psi = U[LO, HI], as LO:HI.")
    var initialBudget: BudgetRangeArgument?
    @Option(parsing: .unconditional, help: "Probability beta of staying another period.")
    var beta: Double?
    @Option(name: .customLong("client-probability"), parsing: .unconditional, help: "Probability p_c of being a client.")
    var clientProbability: Double?
    @Option(parsing: .unconditional, help: "Overdraft interest parameter alpha.")
    var alpha: Double?
    @Option(parsing: .unconditional, help: "Surplus s of a client who is served.")
    var surplus: Double?
    @Option(name: .customLong("serve-cost"), parsing: .unconditional, help: "Server cost c_serve.")
    var serveCost: Double?
    @Option(name: .customLong("lose-cost"), parsing: .unconditional, help: "Cost c_lose of a failed trade to the client.")
    var loseCost: Double?
    @Option(name: .customLong("budget-step"), parsing: .unconditional, help: "Budget grid spacing of the solver (default \(SolverSettings().budgetStep)).")
    var budgetStep: Double?
    @Option(name: .customLong("scan-points"), parsing: .unconditional, help: "Evenly spaced beliefs z of the solver's first scan of gamma (default \(SolverSettings().scanPoints)).")
    var scanPoints: Int?
    @Option(name: .customLong("scan-resolution"), parsing: .unconditional, help: "Resolution in z to which the solver's search for fixed points refines the scan (default \(SolverSettings().scanResolution)).")
    var scanResolution: Double?

    /// The scenario file's fields with the explicit options applied.
    func loadScenario() throws -> MarketScenario {
        var s = try scenario.map { try Terminal.readScenario(MarketScenario.self, path: $0) } ?? MarketScenario()
        if let model { s.model = model }
        if let interest { s.interest = interest }
        if let price { s.price = price }
        if let initialBudget { s.initialBudget = initialBudget.range }
        if let beta { s.beta = beta }
        if let clientProbability { s.clientProbability = clientProbability }
        if let alpha { s.alpha = alpha }
        if let surplus { s.surplus = surplus }
        if let serveCost { s.serveCost = serveCost }
        if let loseCost { s.loseCost = loseCost }
        return s
    }

    /// Every parameter a bilateral-market run uses, defaults resolved: what its JSON records.
    struct Parameters: Encodable {
        let market: MarketParameters
        let solver: SolverSettings
    }

    func parameters(_ scenario: MarketScenario) throws -> Parameters {
        try Parameters(market: scenario.parameters(), solver: settings())
    }

    func settings() throws -> SolverSettings {
        var settings = SolverSettings()
        if let budgetStep { settings.budgetStep = budgetStep }
        if let scanPoints { settings.scanPoints = scanPoints }
        if let scanResolution { settings.scanResolution = scanResolution }
        try settings.validate()
        return settings
    }
}

/// `LO:HI` on the command line.
struct BudgetRangeArgument: ExpressibleByArgument {
    let range: BudgetRange
    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]) else { return nil }
        range = BudgetRange(low: lo, high: hi)
    }
}

extension CreditModel: ExpressibleByArgument {}
extension InterestReading: ExpressibleByArgument {}
