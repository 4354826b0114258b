import Foundation
import Provisioning
import Reports
import SurplusCore
import Testing

@testable import Reproduction

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
            ReproductionOptions(quick: true, seed: 1, threads: 2), progress: { progress.append($0) })
    }

    /// The comparison named `item`.
    func comparison(_ item: String) throws -> Comparison {
        try #require(try Self.run.get().comparisons.first { $0.item == item }, "no comparison '\(item)'")
    }

    @Test func comparisonsAreCompleteAndVerdictsFollowTheirTolerance() throws {
        let section = try Self.run.get()
        #expect(section.id == "003")
        #expect(!section.title.isEmpty && !section.summary.isEmpty && !section.source.isEmpty)
        #expect(!section.comparisons.isEmpty)
        for c in section.comparisons {
            for field in [c.item, c.location, c.published, c.surplus, c.difference, c.reason] {
                #expect(!field.isEmpty, "empty field in '\(c.item)'")
            }
            if let published = c.publishedValue, let surplus = c.surplusValue, let tolerance = c.tolerance {
                #expect(published.isFinite && surplus.isFinite && tolerance >= 0, "'\(c.item)'")
                let within = abs(surplus - published) <= tolerance
                #expect(within == (c.verdict == .reproduced), "'\(c.item)': \(surplus) vs \(published) +- \(tolerance)")
            } else {
                #expect(c.difference == "-", "claim '\(c.item)' has a difference")
            }
        }
        #expect(Set(section.comparisons.map(\.item)).count == section.comparisons.count, "items repeat")
    }

    @Test func figuresAreWellFormed() throws {
        let figures = try Self.run.get().figures
        #expect(figures.count >= 3)
        #expect(Set(figures.map(\.id)).count == figures.count, "figure ids repeat")
        for id in ["003-welfare-vs-n", "003-grid-tariff", "003-net-benefit"] {
            #expect(figures.contains { $0.id == id }, "missing \(id)")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        for figure in figures {
            #expect(figure.id.hasPrefix("003-") && figure.id.allSatisfy(allowed.contains), "\(figure.id)")
            #expect(!figure.caption.isEmpty)
            let chart = figure.chart
            #expect(!chart.title.isEmpty && !chart.x.title.isEmpty && !chart.y.title.isEmpty, "\(figure.id)")
            #expect((1...6).contains(chart.series.count), "\(figure.id): \(chart.series.count) series")
            for s in chart.series {
                #expect(!s.name.isEmpty)
                #expect(s.x.count == s.y.count && !s.x.isEmpty && s.x.count <= 400, "\(figure.id)/\(s.name)")
                #expect((s.x + s.y).allSatisfy { $0.isFinite }, "\(figure.id)/\(s.name) has non-finite values")
                if chart.x.scale == .logarithmic { #expect(s.x.allSatisfy { $0 > 0 }, "\(figure.id)/\(s.name)") }
                if chart.y.scale == .logarithmic { #expect(s.y.allSatisfy { $0 > 0 }, "\(figure.id)/\(s.name)") }
            }
        }
    }

    @Test func progressRunsThroughEveryStage() throws {
        _ = try Self.run.get()
        let updates = Self.progress.all
        #expect(updates.count >= 2)
        #expect(zip(updates, updates.dropFirst()).allSatisfy { $0.completed <= $1.completed })
        #expect(updates.last.map { $0.completed == $0.total } == true)
    }

    /// Key values equal what the module computes when called directly with the slides' settings.
    @Test func keyValuesMatchDirectModuleCalls() throws {
        func value(_ item: String) throws -> Double { try #require(try comparison(item).surplusValue) }
        let exact = try MonteCarloOptions(replications: 2, threads: 1)
        let model = try PoolModel.slidesExample(players: 100)
        let posted = try PostedMechanism.solve(model)
        #expect(try value("first-best welfare, n = 100") == FirstBest.solve(model, monteCarlo: exact).expectedWelfare)
        #expect(try value("posted fee and size: welfare Phi*_n, n = 100") == posted.welfare)
        #expect(try value("posted size Q* = n^2/64, n = 100") == posted.size)
        let large = try PoolModel.slidesExample(players: 10_000)
        let ratio = try SecondBest.solve(large, monteCarlo: exact).welfare / PostedMechanism.solve(large).welfare
        #expect(abs(try value("n (Phi_n/Phi*_n - 1), n = 10^4") - 10_000 * (ratio - 1)) <= 1e-12)
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
        #expect(abs(try value("grid: largest payment p(1)") - top) <= 1e-12)
    }

    /// The read-off of coefficients (three exact values, Cramer's rule) recovers a known quadratic
    /// at the n the section uses.
    @Test func coefficientReadOffRecoversAnExactQuadratic() {
        let fit = ProvisioningReproduction.quadratic({ n in 3 * Double(n * n) - 7 * Double(n) + 0.5 }, at: [10_000, 20_000, 40_000])
        #expect(abs(fit.a - 3) < 1e-12 && abs(fit.b + 7) < 1e-7 && abs(fit.c - 0.5) < 1e-3)
    }
}
