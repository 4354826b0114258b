import SurplusCore

/// A point between grid nodes `index` and `index + 1`, `weight` of the way to the latter.
struct GridPosition: Sendable {
    var index: Int32
    var weight: Double
}

/// The budget grid [0, ceiling] with the discretized regeneration law Psi.
struct BudgetGrid: Sendable {
    /// The most nodes a grid may have (memory and time stay bounded for any input).
    static let maximumNodes = 2_000_000
    let grid: UniformGrid
    /// Psi's mass at each node: each piece of Psi's mass in a cell is split between
    /// the cell's two nodes in proportion to its centroid (exact mean).
    let regeneration: [Double]

    init(market: MarketParameters, settings: SolverSettings) throws {
        try settings.validate()
        let ceiling =
            settings.budgetCeiling
            ?? (max(market.initialBudget.high, market.price) + settings.ceilingMargin)
        guard ceiling >= market.initialBudget.high else {
            throw InputError(
                field: "budgetCeiling", value: ceiling,
                expected: "a ceiling that covers the initial budgets, >= \(InputError.format(market.initialBudget.high))")
        }
        let nodes = (ceiling / settings.budgetStep).rounded(.up) + 1
        guard nodes.isFinite, nodes <= Double(BudgetGrid.maximumNodes) else {
            throw InputError(
                field: "budgetStep", value: settings.budgetStep,
                expected: "a step that covers the budgets up to \(InputError.format(ceiling)) in at most \(BudgetGrid.maximumNodes) nodes (or a narrower budget range)")
        }
        let count = Int(nodes)
        grid = try UniformGrid(lower: 0, upper: Double(count - 1) * settings.budgetStep, count: count)
        regeneration = BudgetGrid.discretize(market.initialBudget, on: grid)
    }

    var count: Int { grid.count }

    func position(_ x: Double) -> GridPosition {
        let (i, w) = grid.locate(x)
        return GridPosition(index: Int32(i), weight: w)
    }

    static func discretize(_ range: BudgetRange, on grid: UniformGrid) -> [Double] {
        var mass = [Double](repeating: 0, count: grid.count)
        func put(_ x: Double, _ m: Double) {
            let (i, w) = grid.locate(x)
            mass[i] += m * (1 - w)
            mass[i + 1] += m * w
        }
        let width = range.high - range.low
        if width <= 0 {
            put(range.low, 1)
            return mass
        }
        for cell in 0..<(grid.count - 1) {
            let lo = max(grid.point(cell), range.low)
            let hi = min(grid.point(cell + 1), range.high)
            if hi > lo { put((lo + hi) / 2, (hi - lo) / width) }
        }
        return mass
    }
}
