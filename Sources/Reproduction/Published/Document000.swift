import BilateralMarket

/// What document 000 (Xia, Shakkottai & Subramanian, *Small-Scale Markets for Bilateral
/// Resource Trading in the Sharing Economy*) prints, as data: read by its section and
/// by its tests, never restated.
package enum Published000 {
    /// A number as the document prints it.
    package struct Printed: Sendable {
        package let value: Double
        package let text: String
    }

    /// One column of Table I (Sec. V-B): a credit model and Psi, with the printed
    /// trade ratio and E_Psi[v*_z(MFE)].
    package struct TableICell: Sendable {
        package let model: CreditModel
        package let budget: BudgetRange
        package let tradeRatio: Printed
        package let value: Printed
        /// One unit of the value's last printed digit.
        package let valueUnit: Double
    }

    /// Table I as printed, column by column.
    package static let tableI: [TableICell] = [
        TableICell(model: .hard, budget: BudgetRange(low: 0, high: 5), tradeRatio: Printed(value: 0, text: "0%"), value: Printed(value: -12.49, text: "-12.49"), valueUnit: 0.01),
        TableICell(model: .bank, budget: BudgetRange(low: 0, high: 5), tradeRatio: Printed(value: 0.843, text: "84.3%"), value: Printed(value: 40.14, text: "40.14"), valueUnit: 0.01),
        TableICell(model: .loan, budget: BudgetRange(low: 0, high: 5), tradeRatio: Printed(value: 0.852, text: "85.2%"), value: Printed(value: 41.74, text: "41.74"), valueUnit: 0.01),
        TableICell(model: .hard, budget: BudgetRange(low: 5, high: 10), tradeRatio: Printed(value: 0.977, text: "97.7%"), value: Printed(value: 48.53, text: "48.53"), valueUnit: 0.01),
        TableICell(model: .bank, budget: BudgetRange(low: 5, high: 10), tradeRatio: Printed(value: 0.994, text: "99.4%"), value: Printed(value: 49.6, text: "49.6"), valueUnit: 0.1),
        TableICell(model: .loan, budget: BudgetRange(low: 5, high: 10), tradeRatio: Printed(value: 0.995, text: "99.5%"), value: Printed(value: 49.7, text: "49.7"), valueUnit: 0.1),
    ]

    /// Sec. V-A: the cluster utilizations behind p_s = p_c = 0.5 (context, not recomputed).
    package static let clusterUtilizationMean = ["68.5%", "54.8%", "45.4%"]
    package static let clusterUtilizationMedian = ["70%", "55%", "47.5%"]

    /// Sec. VI: the rooftop-PV market's trade ratio.
    package static let photovoltaicTradeRatio = Printed(value: 0.999, text: "99.9%")
    /// Sec. VI: an agent's yearly savings in the market, about $112.8.
    package static let yearlySavings = Printed(value: 112.8, text: "$112.8")
    /// Sec. VI: the yearly cost under net metering of an Austin agent (1115 client hours).
    package static let netMeteringAustin = Printed(value: -111.5, text: "-$111.5")
    /// Sec. VI: the same for an El Paso agent (692 client hours).
    package static let netMeteringElPaso = Printed(value: -69.2, text: "-$69.2")
}
