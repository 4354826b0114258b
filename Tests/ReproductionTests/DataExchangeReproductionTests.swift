import ProgressiveAuction
import Reports
import TextFormatting
import Reproduction
import SurplusCore
import SurplusTestSupport
import Testing

/// The 001/002 section (`DataExchangeReproduction`), run once in quick mode,
/// and Example 1 settled directly against the published values (`Published001`).
@Suite struct DataExchangeReproductionTests {
    static let section: ReportSection = {
        do { return try DataExchangeReproduction.section(try ReproductionOptions(quick: true, run: try RunOptions(seed: 1, threads: 2))) } catch {
            preconditionFailure("\(error)")
        }
    }()

    /// Example 1 under the synchronous schedule the papers' trace follows, with the trace.
    static func exampleOne() throws -> ExchangeOutcome {
        try ExchangeMarket.exampleOne().settle(options: .init(schedule: .synchronous, recordTrace: true))
    }

    static func traded(_ o: ExchangeOutcome, _ seller: String, _ buyer: String) -> Double {
        o.trades.filter { $0.seller == seller && $0.buyer == buyer }.reduce(0) { $0 + $1.quantity }
    }

    @Test func structure() {
        SectionChecks.check(Self.section, id: "001/002", figureIDs: ["001-exchange-trades", "001-exchange-trace", "001-psp-convergence"])
    }

    /// The published final allocation, reserves and end round, exactly: every
    /// quantity is a sum of a few whole units and every price 1 + epsilon, so
    /// 1e-9 only allows for floating-point rounding.
    @Test func exampleOneReproducesTheFinalAllocation() throws {
        let o = try Self.exampleOne()
        let eps = try ExchangeMarket.exampleOne().epsilon
        for p in Published001.finalAllocation {
            #expect(isApproximatelyEqual(Self.traded(o, p.seller, p.buyer), p.units, absolute: 1e-9), "\(p.seller) to \(p.buyer)")
        }
        #expect(o.trades.count == Published001.finalAllocation.count)
        for (seller, price) in o.reservePrices {
            #expect(isApproximatelyEqual(price, Published001.finalPrice.value(epsilon: eps), absolute: 1e-9), "\(seller)")
        }
        #expect(o.rounds + 1 == Published001.endRound)
    }

    /// The section compares the module's numbers with the published ones it reads.
    @Test func exampleOneNumbersAreTheModules() throws {
        let o = try Self.exampleOne()
        for p in Published001.finalAllocation {
            let c = SectionChecks.comparison(Self.section, "Example 1 final allocation: \(p.seller) to \(p.buyer)")
            #expect(c?.surplusValue == Self.traded(o, p.seller, p.buyer) && c?.publishedValue == p.units)
        }
        let r = o.reservePrices.first { $0.seller == "S1" }?.price
        #expect(SectionChecks.comparison(Self.section, "Example 1 final reserve price p_*^j of S1")?.surplusValue == r)
        let end = SectionChecks.comparison(Self.section, "Example 1 end of the auction t")
        #expect(end?.surplusValue == Double(o.rounds + 1) && end?.publishedValue == Double(Published001.endRound))
        let trace = SectionChecks.comparison(Self.section, "trace t = 3: data left at S1, D^(1)")
        #expect(trace?.publishedValue == Published001.Trace.round3RemainingAtS1)
        let figure = Self.section.figures.first { $0.id == "001-exchange-trades" }
        let s1 = figure?.chart.series.first { $0.name == "S1" }
        #expect(s1?.y[1] == Self.traded(o, "S1", "B"))
    }

    /// Issue 12: the section's welfare and stranding claims are the survey's
    /// own numbers (quick mode: 60 small markets per schedule), and on these
    /// markets no buyer is left short next to unsold data.
    @Test func welfareSurveyClaimsAreTheModules() throws {
        let run = try RunOptions(seed: 1, threads: 2)
        for schedule in ExchangeSchedule.allCases {
            let survey = try ExchangeWelfareSurvey(schedule: schedule, markets: 60, run: run)
            #expect(survey.stranded == 0 && survey.belowOptimum == 0, "\(schedule)")
            let welfare = SectionChecks.comparison(Self.section, "social welfare maximization on random markets")
            #expect(welfare?.surplus.contains("\(schedule.rawValue) mean \(Format.fixed(survey.mean, 4)), min \(Format.fixed(survey.minimum, 4))") == true)
        }
        #expect(SectionChecks.comparison(Self.section, "only what the market lacks goes to the ISP")?.verdict == .reproduced)
    }

    /// The PSP figure plots the dynamics' own trace of the module's five-player
    /// setting: the last bid prices are the run's final bids.
    @Test func pspFigureIsTheDynamicsTrace() throws {
        let run = try PSPScenario.fivePlayerSetting.dynamics().run()
        let series = Self.section.figures.first { $0.id == "001-psp-convergence" }?.chart.series ?? []
        let players = PSPScenario.fivePlayerSetting.players ?? []
        #expect(series.count == players.count + 1)
        for i in players.indices {
            #expect(series[i].name.hasPrefix(players[i].id), "player \(i + 1)")
            #expect(series[i].y.last == run.bids[i].price, "player \(i + 1)")
        }
        #expect(series[0].x.count == run.rounds + 1)
    }
}
