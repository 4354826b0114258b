import Foundation
import Reports

/// Charts that exercise every style and the layout's hard cases.
enum SampleCharts {
    static let lines = Chart(
        title: "Trade ratio against price k for three initial-budget laws",
        x: Axis("price k", unit: "cents"), y: Axis("trade ratio", unit: "%"),
        series: [
            Series("Psi = U[0,5]", x: stride(from: 6.0, through: 8.25, by: 0.25).map { $0 }, y: (0..<10).map { 60 + 3 * Double($0) }),
            Series("Psi = U[3,8]", x: stride(from: 6.0, through: 8.25, by: 0.25).map { $0 }, y: (0..<10).map { 90 - pow(Double($0) - 4, 2) }),
            Series("Psi = U[5,10]", style: .markers, x: stride(from: 6.0, through: 8.25, by: 0.25).map { $0 }, y: (0..<10).map { 99 - Double($0) }),
        ])

    static let cdf = Chart(
        title: "Budget CDF <at equilibrium> & more",
        x: Axis("budget", unit: "cents"), y: Axis("P(budget <= x)", lowerBound: 0, upperBound: 1),
        series: [Series("Bank", style: .steps, x: [0, 10, 20, 40, 80], y: [0.1, 0.3, 0.6, 0.9, 1])])

    static let bars = Chart(
        title: "Final allocation",
        x: Axis("buyer", categories: ["A", "B", "C", "D", "E"]), y: Axis("units", unit: "MB"),
        series: [
            Series("seller 1", style: .bars, x: [0, 1], y: [25, 40]),
            Series("seller 2", style: .bars, x: [0, 2, 3, 4], y: [25, 26, 20, 14]),
        ])

    static let logarithmic = Chart(
        title: "Welfare relative to first best",
        x: Axis("players n", scale: .logarithmic), y: Axis("welfare / first best"),
        series: [Series("second best", x: [2, 10, 100, 1000, 10000], y: [0.7, 0.8, 0.84, 0.843, 0.8437])])

    /// Long names, big numbers and long categories: the layout must still keep labels apart.
    static let crowded = Chart(
        title: "A rather long chart title that will certainly need to be wrapped onto a second line to fit the canvas width",
        x: Axis("an axis with categories", categories: (0..<12).map { "category number \($0)" }),
        y: Axis("a large quantity", unit: "agent-periods per second"),
        series: (0..<7).map { index in
            Series("series with a fairly long legend name \(index)", style: index % 2 == 0 ? .bars : .markers,
                   x: (0..<12).map(Double.init), y: (0..<12).map { 1.0e7 * Double(index + 1) + 3.3e5 * Double($0) })
        })

    static let denseTicks = Chart(
        title: "Dense ticks",
        x: Axis("value", unit: "units"), y: Axis("value", unit: "units"),
        series: [Series("wide", x: [123_456.789, 987_654.321], y: [0.000123, 0.000987])])

    static let all = [lines, cdf, bars, logarithmic, crowded, denseTicks]
}
