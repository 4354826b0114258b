import ProgressiveAuction
import Reports
import SurplusCore
import TextFormatting

/// Documents 001 and 002 (Blocher and Harris): the mobile-data exchange built
/// on progressive second price auctions. Example 1 (002 Sec. 4.3, Table 1;
/// 001 Sec. IV-C) is settled and compared number by number, trace included;
/// the claims of Sec. 3.1 / III, Lemma 4, Prop. 2, Theorem 1, Algorithm 1 and
/// Lemma 7 are checked on the example and on seeded random markets.
package enum DataExchangeReproduction: DocumentReproduction {
    static let documentID = "001/002"
    static let progressName = "001/002 data exchange"

    package static func section(_ options: ReproductionOptions) throws -> ReportSection {
        let study = Study(options)
        let stages = ProgressStages(
            ["Example 1", "mechanism properties", "epsilon-equilibrium and brokers", "PSP dynamics"], reportingTo: options.run.progress)
        stages.begin(0)
        let example = try ExampleOne()
        var comparisons = example.comparisons()
        stages.begin(1)
        comparisons += try study.propertyComparisons(example)
        stages.begin(2)
        comparisons += try study.equilibriumComparisons(example)
        stages.begin(3)
        let psp = try study.pspDynamics()
        comparisons += psp.comparisons
        stages.finish()
        return ReportSection(
            id: "001/002",
            title: "Mobile-data exchange (Blocher and Harris)",
            source: "001_2b1bee3f7c29376c.txt, 002_9c47b766a465d51b.txt",
            summary: """
                Example 1 (buyers A-E, sellers of 65 and 85 units, epsilon = 0.01) settled by `ExchangeMarket.settle` \
                under the synchronous schedule with the default readings (reserve rule `excludedElseMarginal`, \
                payment rule `reserveAsBidder`), its trace compared round by round; the papers' claims checked on \
                the example and on \(study.markets) seeded random markets where buyers must split, \
                \(study.smallMarkets) small random markets under both schedules (welfare against the LP optimum, stranding), \
                \(study.deviationSeeds * RandomInstances.deviationSearchSizes.count) small markets searched for profitable deviations, \
                \(study.winnerInstances) private winner determinations and \(study.pspInstances) PSP auctions.
                """,
            comparisons: comparisons,
            tables: [example.allocationTable],
            figures: [example.tradesFigure(), example.traceFigure(), psp.figure],
            notes: [
                "Example 1 does not print epsilon; 0.01 is the reading of the earlier work (`Scenarios/data-exchange-example.json`). "
                    + "The example has no ISP; adding one at 3 (above every unit value) changes nothing.",
                "Where the papers are ambiguous the module's default readings are used (ProgressiveAuction documentation, "
                    + "\"Interpretation choices\"): the highest losing bid is the highest excluded bid, else the partly served one; "
                    + "the seller's reserve acts as a bidder for its own data in rule (6); the reserve is published, not an entry floor.",
                "The paper's trace notation D^(j) mixes the seller's total (85 at t = 1, 65 at t = 2) and what is left "
                    + "(25 and 0 for seller 2); the trace rows compare what is left, Surplus's D^j(t+1).",
                "The priority schedule reaches a different allocation on Example 1 (C buys at S1 and B at S2; A ends "
                    + "\(Format.fixed(example.priorityUnmetA, 0)) units short, \(Format.fixed(example.priorityUnsold, 0)) units unsold, "
                    + "welfare \(Format.percent(example.priorityEfficiency, 1)) of the optimum): the path, not only the rules, decides "
                    + "who buys where.",
            ])
    }

    /// Study sizes and the run they draw from: full or quick, every seed derived from `ReproductionOptions.run`.
    struct Study {
        let run: RunOptions
        /// Random markets where buyers must split (efficiency, Lemma 4, individual rationality).
        let markets: Int
        /// Small random markets of the welfare and stranding survey (`ExchangeWelfareSurvey`), under each schedule.
        let smallMarkets: Int
        /// Seeds of the deviation search, each at every size of `RandomInstances.deviationSearchSizes`.
        let deviationSeeds: Int
        let winnerInstances: Int
        let pspInstances: Int

        init(_ options: ReproductionOptions) {
            run = options.run
            markets = options.quick ? 20 : 200
            smallMarkets = options.quick ? 60 : 600
            deviationSeeds = options.quick ? 2 : 30
            winnerInstances = options.quick ? 20 : 200
            pspInstances = options.quick ? 10 : 100
        }

        /// The run of instance k of a study (seed 1 gives the earlier work's seeds 1, 2, ...).
        func instance(_ k: Int) -> RunOptions { run.derived(.studyInstance, k) }
    }
}
