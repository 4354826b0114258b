import Foundation
import NetworkSharing
import Reports
import SurplusCore

extension NetworkSharingReproduction.Study {
    /// Nash welfare ratio and market loss over market rounds of sequential
    /// CMAP, simultaneous CMAP and proportional response on one graph (the
    /// poster's Sec. 6 measures; it prints no figure).
    func figures(_ graph: NetworkSharingReproduction.Graph) throws -> [Figure] {
        let network = graph.network
        let n = network.agentCount
        let eq = try equilibrium(network)
        let runs: [(name: String, series: [RoundRecord])] = [
            ("CMAP sequential", try dynamics(
                network, eq, .cmap(schedule: .sequential(order: .fixed), community: 1), sweeps: max(1, figureRounds / n),
                tolerance: 1e-15, recordInterval: max(1, n / 20)).series),
            ("CMAP simultaneous", try dynamics(
                network, eq, .cmap(schedule: .simultaneous, community: 1), sweeps: figureRounds, tolerance: 1e-15).series),
            ("proportional response", try dynamics(network, eq, .proportionalResponse, sweeps: figureRounds, tolerance: 1e-15).series),
        ]
        let shown = runs.map { ($0.name, Self.logSpaced($0.series, upTo: figureRounds)) }
        let graphName = "\(graph.family) graph (n = \(n), mean degree 6, seed \(graph.seed), log-normal endowments and values)"
        let rounds = """
            Market rounds on a logarithmic axis: one agent acting is one market round for sequential CMAP (a sweep of all \
            \(n) agents is \(n) market rounds); one move of every agent is one market round for simultaneous CMAP and \
            proportional response.
            """
        let x = Axis("time", unit: "market rounds", scale: .logarithmic)
        return [
            Figure(
                id: "004-nash-welfare",
                caption: """
                    Nash welfare ratio against the equilibrium (Sec. 6's measure; the poster shows no numbers) on one \
                    \(graphName). \(rounds) Look at where each strategy passes the poster's \(Published004.shareOfEquilibrium.printed), and whether it \
                    stops there.
                    """,
                chart: Chart(
                    title: "Nash welfare ratio by market round",
                    x: x, y: Axis("Nash welfare ratio", unit: "% of equilibrium", lowerBound: 0, upperBound: 100),
                    series: shown.map { name, s in
                        Series(name, x: s.map { Double($0.marketRounds) }, y: s.map { 100 * $0.nashWelfareRatio })
                    })),
            Figure(
                id: "004-market-loss",
                caption: """
                    Market loss (share of the traded value that does not reach the agent the equilibrium gives it to) on \
                    the same \(graphName). \(rounds) Look at which strategies drive it towards 0 and at \
                    what simultaneous CMAP does.
                    """,
                chart: Chart(
                    title: "Market loss by market round",
                    x: x, y: Axis("market loss", unit: "%", lowerBound: 0),
                    series: shown.map { name, s in
                        Series(name, x: s.map { Double($0.marketRounds) }, y: s.map { 100 * $0.marketLoss })
                    })),
        ]
    }

    /// At most about 150 records, spread evenly on a log scale over market
    /// rounds 1 ... `last` (round 0, the start, cannot sit on a log axis);
    /// only finite values.
    static func logSpaced(_ series: [RoundRecord], upTo last: Int) -> [RoundRecord] {
        let points = 150
        var picked: [RoundRecord] = []
        var k = 0
        for i in 0..<points {
            let target = Int(pow(Double(max(1, last)), Double(i) / Double(points - 1)).rounded())
            while k < series.count && series[k].marketRounds < target { k += 1 }
            guard k < series.count else { break }
            let r = series[k]
            if r.marketRounds >= 1 && r.marketRounds != picked.last?.marketRounds && r.nashWelfareRatio.isFinite && r.marketLoss.isFinite {
                picked.append(r)
            }
        }
        return picked
    }
}
