import NetworkSharing
import Reports
import Reproduction
import SurplusCore
import SurplusTestSupport
import Testing

/// The 004 section (`NetworkSharingReproduction`), run once in quick mode.
@Suite struct NetworkSharingReproductionTests {
    static let options: ReproductionOptions = {
        do { return try ReproductionOptions(quick: true, run: try RunOptions(seed: 1, threads: 2)) } catch { preconditionFailure("\(error)") }
    }()

    static let section: ReportSection = {
        do { return try NetworkSharingReproduction.section(options) } catch { preconditionFailure("\(error)") }
    }()

    @Test func structure() {
        SectionChecks.check(Self.section, id: "004", figureIDs: ["004-nash-welfare", "004-market-loss"])
        for f in Self.section.figures {
            #expect(f.chart.series.map(\.name) == ["CMAP sequential", "CMAP simultaneous", "proportional response"])
            #expect(f.chart.x.unit == "market rounds")
        }
    }

    /// Every claim quotes the poster's text from its data file, at its location.
    @Test func claimsQuoteThePoster() {
        let quoted = [
            Published004.sequentialConverges, Published004.simultaneousOscillatesAndDiverges,
            Published004.simultaneousOscillates, Published004.identicalForEveryCommunity,
            Published004.reachesShareOfEquilibrium, Published004.outperformedByProportionalResponse,
        ]
        for text in quoted { #expect(Self.section.comparisons.contains { $0.published == text }, "\(text)") }
        #expect(Self.section.comparisons.allSatisfy { $0.location == Published004.location })
    }

    /// The figures' proportional-response curve is the module's own run on the
    /// first graph (Erdos-Renyi, n = 60 in quick mode, graph 0 of seed 1), solved here independently.
    @Test func figureIsTheModulesProportionalResponse() throws {
        let network = try NetworkGenerator(topology: .erdosRenyi(n: 60, degree: 6))
            .generate(RunOptions.serial.derived(.sharingGraph, 0))
        let eq = try Equilibrium.solve(network, options: Equilibrium.Options(tolerance: 1e-8), run: .serial)
        let run = try Dynamics.run(
            network, reference: eq, options: Dynamics.Options(strategy: .proportionalResponse, sweeps: 5, tolerance: 1e-15),
            run: .serial)
        let series = Self.section.figures[0].chart.series.first { $0.name == "proportional response" }
        for record in run.series where record.marketRounds >= 1 {
            if let k = series?.x.firstIndex(of: Double(record.marketRounds)) {
                // The same computation, scaled to percent: only the scaling's rounding may differ.
                #expect(isApproximatelyEqual(series?.y[k] ?? 0, 100 * record.nashWelfareRatio, absolute: 1e-9),
                        "round \(record.marketRounds)")
            }
        }
        #expect(series?.x.first == 1)
    }

    /// The sequential-CMAP final Nash welfare ratio is a median of ratios in (0, 1].
    @Test func endRatioIsARatio() {
        let row = SectionChecks.comparison(Self.section, "Nash welfare ratio sequential CMAP ends at (median over graphs)")
        #expect(row?.publishedValue == Published004.shareOfEquilibrium.value)
        // The reference equilibrium is solved to a relative duality gap of 1e-8, so CMAP run to
        // its own gap may end above it by that much, not more.
        #expect((row?.surplusValue ?? 0) > 0 && (row?.surplusValue ?? 2) <= 1 + 1e-8)
    }
}
