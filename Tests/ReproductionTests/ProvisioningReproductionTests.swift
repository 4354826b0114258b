import Foundation
import Provisioning
import Reports
import Reproduction
import SurplusCore
import SurplusTestSupport
import Testing

/// The 003 section (slides on incentives in peer-to-peer sharing), run once in quick mode.
@Suite struct ProvisioningReproductionTests {
    /// Collects the progress updates of the cached run.
    final class ProgressLog: @unchecked Sendable {
        private let lock = NSLock()
        private var updates: [ProgressUpdate] = []
        func append(_ update: ProgressUpdate) { lock.withLock { updates.append(update) } }
        var all: [ProgressUpdate] { lock.withLock { updates } }
    }

    static let progress = ProgressLog()
    static let run = Result {
        try ProvisioningReproduction.section(
            ReproductionOptions(quick: true, run: try RunOptions(seed: 1, threads: 2, progress: { progress.append($0) })))
    }

    /// The comparison named `item`.
    func comparison(_ item: String) throws -> Comparison {
        try #require(try Self.run.get().comparisons.first { $0.item == item }, "no comparison '\(item)'")
    }

    @Test func structure() throws {
        SectionChecks.check(try Self.run.get(), id: "003", figureIDs: ["003-welfare-vs-n", "003-grid-tariff", "003-net-benefit"])
    }

    @Test func progressRunsThroughEveryStage() throws {
        _ = try Self.run.get()
        let updates = Self.progress.all
        #expect(updates.count >= 2)
        #expect(zip(updates, updates.dropFirst()).allSatisfy { $0.completed <= $1.completed })
        #expect(updates.last.map { $0.completed == $0.total } == true)
    }

    /// The published side of each comparison is the value in the document's data file.
    @Test func publishedValuesComeFromTheDataFile() throws {
        func published(_ item: String) throws -> Double { try #require(try comparison(item).publishedValue) }
        #expect(try published("second best: coefficient of n, as on slide 'Example'") == Published003.secondBestN1OnExample.value)
        #expect(try published("second best: coefficient of n, as on the other slides") == Published003.secondBestN1OnOtherSlides.value)
        #expect(try published("n (Phi_n/Phi*_n - 1), n = 10^4") == Published003.ratioCoefficient)
        #expect(try published("posted fee phi* = n/48, n = 100") == Published003.postedFee.times(100))
        #expect(try published("bridge: welfare with a fixed fee of 0.50") == Published003.bridgeFixedFee.value)
        #expect(try published("grid: exclusion threshold t*") == Published003.tariffThreshold)
        #expect(try published("grid: allocation y(p) at p = 0.05") == Published003.tariffAllocation(0.05))
        #expect(try comparison("grid: most agents receive more than they pay, some small-usage agents less").published
                == Published003.tariffSplitClaim)
    }

    /// Key values equal what the module computes when called directly with the slides' settings.
    @Test func keyValuesMatchDirectModuleCalls() throws {
        func value(_ item: String) throws -> Double { try #require(try comparison(item).surplusValue) }
        let exact = try MonteCarloOptions(replications: 2)
        let model = try PoolModel.slidesExample(players: 100)
        let posted = try PostedMechanism.solve(model)
        #expect(try value("first-best welfare, n = 100") == FirstBest.solve(model, monteCarlo: exact).expectedWelfare)
        #expect(try value("posted fee and size: welfare Phi*_n, n = 100") == posted.welfare)
        #expect(try value("posted size Q* = n^2/64, n = 100") == posted.size)
        let large = try ProvisioningStudy(model: .slidesExample(players: 10_000)).run(.serial)
        #expect(try value("n (Phi_n/Phi*_n - 1), n = 10^4") == large.secondBest?.ratioCoefficient)
        let relaxed = try SecondBest.solve(model, exclusions: false, dropSizeSign: true, monteCarlo: exact)
        #expect(try value("second best without exclusions, Q >= 0 dropped, n = 100") == relaxed.welfare)
        let threshold = try Bridge.secondBestThresholdByRoot()
        let fixedFee = try Bridge.audit(.fixedFee, gridPoints: 3)
        #expect(try value("bridge: first-best welfare") == Bridge.firstBestWelfare())
        #expect(try value("bridge: second best builds iff theta_1 + theta_2 >= threshold") == threshold)
        #expect(try value("bridge: welfare with a fixed fee of 0.50") == fixedFee.welfare)
        let menu = try TariffProblem.slidesExample().solve(menuPoints: 11)
        #expect(try value("grid: exclusion threshold t*") == menu.exclusionThreshold)
        #expect(try value("grid: welfare per agent") == menu.welfarePerAgent)
        // p(1) is x2(1) - x1(1), with x1 a cumulative quadrature over the menu: equal to rounding.
        let top = try #require(menu.menu.last?.payment)
        #expect(isApproximatelyEqual(try value("grid: largest payment p(1)"), top, absolute: 1e-12))
    }

    /// The read-off of coefficients (three exact values, Cramer's rule) recovers a known quadratic
    /// at the n the section uses: the n^2 coefficient to rounding, the others as far as the
    /// cancellation of values of order 1e9 allows (1e-7 and 1e-3).
    @Test func coefficientReadOffRecoversAnExactQuadratic() {
        let fit = ProvisioningReproduction.quadratic({ n in 3 * Double(n * n) - 7 * Double(n) + 0.5 }, at: [10_000, 20_000, 40_000])
        #expect(isApproximatelyEqual(fit.a, 3, absolute: 1e-12))
        #expect(isApproximatelyEqual(fit.b, -7, absolute: 1e-7))
        #expect(isApproximatelyEqual(fit.c, 0.5, absolute: 1e-3))
    }
}

/// A quick run reports no Monte Carlo verdict that its sample cannot support: the cells of the
/// second best without exclusions get the same verdict in a quick run as in a full one (before
/// issue 12, quick mode's 400 profiles called the n = 10 cell reproduced and the full run differs).
@Suite struct ProvisioningQuickVerdictTests {
    @Test func quickAndFullAgree() throws {
        let seed: UInt64 = 3
        func verdicts(quick: Bool) throws -> [Comparison.Verdict] {
            let options = try ReproductionOptions(quick: quick, run: try RunOptions(seed: seed, threads: 2))
            return try ProvisioningReproduction.noExclusionComparisons(.init(options), options.run)
                .filter { $0.item.contains("kept") }.map(\.verdict)
        }
        #expect(try verdicts(quick: true) == verdicts(quick: false), "seed \(seed)")
    }
}
