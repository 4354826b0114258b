import Foundation
import Provisioning
import Reports
import SurplusCore
import TextFormatting

/// Document 003, lecture slides on incentives in peer-to-peer sharing.
///
/// Recomputes with the `Provisioning` module every number the slides print for their running
/// example u(Q) = (2/3) Q^(1/2), c(Q) = Q, theta_i ~ U[0, 1] (slides "Example", "What if
/// exclusions are not allowed?", "Simple 'Equal Contribution' Schemes", "Numerical Example" of
/// Theorem 1), the bridge, the grid-computing tariff, and the Summary's claim that iterative
/// responses converge; and redraws the tariff figures and the welfare of each mechanism
/// against n. Pool and bridge numbers are exact (closed forms and quadrature); only the second
/// best with Q >= 0 kept and no exclusions is Monte Carlo, and the iterative response draws
/// one population from `options.seed`.
package enum ProvisioningReproduction: DocumentReproduction {
    static let documentID = "003"
    static let progressName = "003 provisioning"

    package static func section(_ options: ReproductionOptions) throws -> ReportSection {
        let settings = Settings(options)
        let stages = ProgressStages(
            [
                "first and second best", "no exclusions (Monte Carlo)", "equal contribution", "welfare against n",
                "iterative response", "bridge", "grid tariff",
            ], reportingTo: options.run.progress)
        // The solvers' own progress comes from several threads out of order; the stages alone are shown.
        let run = options.run.reporting(to: nil)
        func begin(_ stage: Int) throws {
            try run.checkCancellation()
            stages.begin(stage)
        }
        try begin(0)
        let optimum = try optimumComparisons()
        try begin(1)
        let noExclusions = try noExclusionComparisons(settings, run)
        try begin(2)
        let equal = try equalContributionComparisons()
        try begin(3)
        let curves = try welfareAgainstN(settings)
        try begin(4)
        let dynamics = try iterativeResponse(settings, run)
        try begin(5)
        let bridge = try bridgeComparisons(settings)
        try begin(6)
        let tariff = try tariffComparisons(settings)
        stages.finish()
        let comparisons: [Comparison] = [optimum, noExclusions, equal.rows, dynamics.comparisons, bridge, tariff.comparisons]
            .flatMap { $0 }
        let figures: [Figure] = [[curves], tariff.figures, [dynamics.figure]].flatMap { $0 }
        return ReportSection(
            id: "003", title: "Incentives in peer-to-peer sharing (lecture slides)",
            source: "003_abfbbed3b83d0bb8.txt",
            summary: """
                The slides' running example, u(Q) = (2/3) Q^(1/2), c(Q) = Q, theta_i i.i.d. U[0, 1]: first best \
                (exact, from the moments of the sum of types), the posted fee-and-size mechanism of Theorem 1 \
                (problem P*), the second best by the slides' Lagrangian (exact, since c grows like u^2), the \
                equal-contribution schemes, and peers responding iteratively to the pool they see \
                (n = \(settings.iterativePlayers), seed \(options.seed)). Coefficients of n^2, n and 1 are read \
                off exact welfare values at three large n. Then the bridge (n = 2, cost 1; fee rules audited on a \
                \(settings.bridgeGrid) x \(settings.bridgeGrid) grid) and the grid-computing tariff (u = sqrt(y), \
                usage ~ U[0, 1], menu of \(settings.menuPoints) usage levels).
                """,
            comparisons: comparisons, figures: figures,
            notes: [
                """
                Equal contribution: the slides leave open whom an agent counts in the number X of participants he \
                expects. As in the module's default (and the earlier work), X is the a-priori number Bin(n, p), the \
                agent not counting himself. \(equal.alternativeReading)
                """,
                """
                Second best without exclusions: the slides' n(sqrt(1 + 3n) - 1)/27 is set beside two computations, the \
                Lagrangian with the size following a weight A that may be negative (u(Q(A)) = 2A/9 < 0 for A < 0, i.e. \
                the constraint Q >= 0 dropped; exact) and with Q >= 0 kept (nothing built when A <= 0; Monte Carlo over \
                \(settings.noExclusionReplications) type profiles).
                """,
            ])
    }

    /// How much is computed: the quick mode shrinks the curves, the grids and the population.
    package struct Settings {
        /// Type profiles for the Monte Carlo second best without exclusions, the section's only
        /// Monte Carlo verdict. Quick mode keeps the full sample: with 400 profiles its 3 s.e.
        /// tolerance at n = 10 (about 0.05) covers the 0.04 by which keeping Q >= 0 falls short of
        /// the printed formula, so a quick run called a cell reproduced that the full run, which
        /// resolves the gap, calls differs. The full sample costs a fraction of a second.
        let noExclusionReplications: Int
        /// Values of n on the welfare-against-n curves.
        let curvePoints: Int
        /// Population of the iterative-response simulation.
        let iterativePlayers: Int
        /// Grid points per axis of the bridge audits.
        let bridgeGrid: Int
        /// Usage levels in the tariff menu.
        let menuPoints: Int

        package init(_ options: ReproductionOptions) {
            noExclusionReplications = 8000
            curvePoints = options.quick ? 8 : 40
            iterativePlayers = options.quick ? 2000 : 20_000
            bridgeGrid = options.quick ? 21 : 41
            menuPoints = options.quick ? 401 : 2001
        }
    }

    /// The slides' running example with n peers.
    static func example(_ n: Int) throws -> PoolModel { try .slidesExample(players: n) }

    /// Monte Carlo options for solvers that are exact in the example (the replications are unused).
    static func exactOnly() throws -> MonteCarloOptions { try MonteCarloOptions(replications: 2) }

    /// What `surplus provision` reports for the example with n peers (first best, posted mechanism
    /// and second best, all exact there), with the equal-contribution schemes under `counting`.
    static func study(_ n: Int, equalContribution counting: ParticipantCounting? = nil) throws -> ProvisioningReport {
        try ProvisioningStudy(model: example(n), equalContribution: counting).run(.serial)
    }

    /// A printed fraction with its decimal value: `7/148 = 0.0472973`.
    static func shown(_ fraction: Published003.Fraction, decimals: Int) -> String {
        "\(fraction.printed) = \(Format.fixed(fraction.value, decimals))"
    }

    /// Phi_n of a study (NaN, and so a differing verdict, if the study has none).
    static func secondBest(_ report: ProvisioningReport) -> Double { report.secondBest?.welfare ?? .nan }

    /// Exact closed forms and quadrature: compared to 1e-9 relative.
    static let exactTolerance = 1e-9
    static let exactWhy = "exact in Surplus (closed form or quadrature of polynomials), so only rounding separates the values (1e-9 relative)"

    /// The weights c_j with sum_j c_j basis_j(x_i) = y_i at three points (Cramer's rule):
    /// coefficients read off exact values, e.g. W(n) = a n^2 + b n + c through three n.
    static func coefficients(through points: [(x: Double, y: Double)], basis: [(Double) -> Double]) -> [Double] {
        precondition(points.count == 3 && basis.count == 3)
        let m = points.map { p in basis.map { $0(p.x) } }
        func det(_ a: [[Double]]) -> Double {
            a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        }
        let d = det(m)
        return (0..<3).map { j in
            det(m.enumerated().map { i, row in row.enumerated().map { k, v in k == j ? points[i].y : v } }) / d
        }
    }

    /// (a, b, c) of W(n) = a n^2 + b n + c through W at three n.
    package static func quadratic(_ welfare: (Int) throws -> Double, at ns: [Int]) rethrows -> (a: Double, b: Double, c: Double) {
        let points = try ns.map { (x: Double($0), y: try welfare($0)) }
        let w = coefficients(through: points, basis: [{ $0 * $0 }, { $0 }, { _ in 1 }])
        return (w[0], w[1], w[2])
    }

    /// n at which coefficients are read off second-best values (the o(1) remainder is ~1e-7 there).
    static let fitPlayers = [10_000, 20_000, 40_000]

    /// First best, posted mechanism (Theorem 1) and second best of the running example.
    static func optimumComparisons() throws -> [Comparison] {
        var rows: [Comparison] = []
        let printedFirstBest = Published003.firstBest
        let studies = try Dictionary(uniqueKeysWithValues: ([10, 100, 1000] + fitPlayers).map { ($0, try study($0)) })
        func report(_ n: Int) throws -> ProvisioningReport { try studies[n] ?? study(n) }
        for n in [10, 100, 1000] {
            let nn = Double(n)
            let published = printedFirstBest.n2.times(nn, power: 2) + printedFirstBest.n1.times(nn)
            rows.append(
                .number(
                    "first-best welfare, n = \(n)", location: "slide 'Example'", published: published,
                    printed: "\(Published003.firstBestPrinted) = \(Format.fixed(published, 4))", surplus: try report(n).firstBestWelfare,
                    tolerance: exactTolerance * published, format: .plain(4),
                    why: "E[(sum theta_i)^2]/9 from the cumulants of the sum; \(exactWhy)",
                    whyDiffers: "the exact first best E[(sum theta_i)^2]/9 departs from the printed formula"))
        }
        let first = try quadratic({ try report($0).firstBestWelfare }, at: fitPlayers)
        let firstWhy = "read off exact values at n = 10^4, 2 x 10^4, 4 x 10^4 (the first best is exactly quadratic in n)"
        rows.append(
            .number(
                "first best: coefficient of n^2", location: "slide 'Example'", published: printedFirstBest.n2.value, printed: printedFirstBest.n2.printed,
                surplus: first.a, tolerance: exactTolerance, format: .plain(7), why: firstWhy,
                whyDiffers: "the first best's leading term is not n^2/36"))
        rows.append(
            .number(
                "first best: coefficient of n", location: "slide 'Example'", published: printedFirstBest.n1.value, printed: printedFirstBest.n1.printed,
                surplus: first.b, tolerance: exactTolerance, format: .plain(7), why: firstWhy,
                whyDiffers: "the first best's O(n) term is not n/108"))
        let second = try quadratic({ secondBest(try report($0)) }, at: fitPlayers)
        let fitWhy = "read off exact second-best values at n = 10^4, 2 x 10^4, 4 x 10^4; the o(1) remainder (about 0.0036/n) shifts the coefficients of n^2 and n by less than 1e-10"
        rows.append(
            .number(
                "second best: coefficient of n^2", location: "slides 'Example', 'Numerical Example'",
                published: Published003.secondBestN2.value, printed: Published003.secondBestN2.printed, surplus: second.a, tolerance: exactTolerance, format: .plain(7),
                why: fitWhy, whyDiffers: "the exact Lagrangian's leading term is not 3n^2/128"))
        // The printed 7/148 and 7/348 read as slips for 7/384 (384 = 3 x 128) when that is what the Lagrangian gives.
        let isSevenOver384 = abs(second.b - 7.0 / 384) <= exactTolerance
        let slip = "the exact Lagrangian gives \(Format.fixed(second.b, 7))"
            + (isSevenOver384 ? " = 7/384 (384 = 3 x 128); 7/148 and 7/348 are slips for it" : "")
        rows.append(
            .number(
                "second best: coefficient of n, as on slide 'Example'", location: "slide 'Example' (and 'Equal Contribution')",
                published: Published003.secondBestN1OnExample.value, printed: shown(Published003.secondBestN1OnExample, decimals: 7), surplus: second.b, tolerance: exactTolerance, format: .plain(7),
                why: fitWhy, whyDiffers: slip))
        rows.append(
            .number(
                "second best: coefficient of n, as on the other slides",
                location: "slides 'What if exclusions are not allowed?', 'Numerical Example'",
                published: Published003.secondBestN1OnOtherSlides.value, printed: shown(Published003.secondBestN1OnOtherSlides, decimals: 7), surplus: second.b, tolerance: exactTolerance, format: .plain(7),
                why: fitWhy, whyDiffers: slip))
        rows.append(
            .number(
                "second best: constant term", location: "slide 'Numerical Example'", published: Published003.secondBestConstant.value,
                printed: shown(Published003.secondBestConstant, decimals: 6), surplus: second.c, tolerance: 1e-5, format: .plain(6),
                why: "read off exact second-best values at n = 10^4, 2 x 10^4, 4 x 10^4; the o(1) remainder (about 0.0036/n) shifts the fitted constant by about 6e-7",
                whyDiffers: "the exact Lagrangian's constant term is not -1/162"))
        rows.append(
            .number(
                "second best / first best as n grows", location: "slide 'Example'",
                published: Published003.secondBestShareOfFirstBest, printed: Published003.secondBestShareOfFirstBestPrinted,
                surplus: Efficiency.ratio(second.a, of: first.a), tolerance: 0.005, format: .percent(2),
                why: "the ratio of the fitted n^2 coefficients, (3/128)/(1/36) = 27/32; printed to a whole percent (at n = 100 the ratio is \(Format.percent(Efficiency.ratio(secondBest(try report(100)), of: try report(100).firstBestWelfare), 2)))",
                whyDiffers: "the second best's share of the first best is not about 84%"))
        for n in [10, 100, 1000] {
            let nn = Double(n)
            let published = Published003.postedWelfare.times(nn, power: 2)
            rows.append(
                .number(
                    "posted fee and size: welfare Phi*_n, n = \(n)", location: "slides 'Equal Contribution', 'Numerical Example'",
                    published: published, printed: "\(Published003.postedWelfarePrinted) = \(Format.fixed(published, 4))",
                    surplus: try report(n).welfare, tolerance: exactTolerance * published,
                    format: .plain(4), why: "problem P* solved by scan and golden section; the welfare is flat at the optimum (1e-9 relative)",
                    whyDiffers: "problem P* of Theorem 1 gives another optimum"))
        }
        let posted = try report(100)
        let searchWhy = "theta* is found by golden section to ~1e-8, which moves Q* and phi* by ~1e-7 relative (tolerance 1e-6 relative)"
        rows.append(
            .number(
                "posted size Q* = n^2/64, n = 100", location: "slide 'Numerical Example'",
                published: Published003.postedSize.times(100, power: 2),
                printed: "\(Published003.postedSizePrinted) = \(Published003.postedSize.times(100, power: 2))", surplus: posted.size,
                tolerance: Published003.postedSize.times(100, power: 2, scale: 1e-6), format: .plain(4),
                why: searchWhy, whyDiffers: "problem P* gives another size"))
        rows.append(
            .number(
                "posted fee phi* = n/48, n = 100", location: "slide 'Numerical Example'",
                published: Published003.postedFee.times(100),
                printed: "\(Published003.postedFeePrinted) = \(Format.fixed(Published003.postedFee.times(100), 4))", surplus: posted.fee,
                tolerance: Published003.postedFee.times(100, scale: 1e-6), format: .plain(4),
                why: searchWhy, whyDiffers: "problem P* gives another fee"))
        let ratioCoefficient = try report(fitPlayers[0]).secondBest?.ratioCoefficient ?? .nan
        rows.append(
            .number(
                "n (Phi_n/Phi*_n - 1), n = 10^4", location: "slide 'Numerical Example'", published: Published003.ratioCoefficient,
                printed: "\(Published003.ratioCoefficient)", surplus: ratioCoefficient, tolerance: 0.0005, format: .plain(3),
                why: "exact values; printed to three decimals",
                whyDiffers: "the exact ratio's 1/n coefficient is the fitted (coefficient of n)/(coefficient of n^2) = \(Format.fixed(second.b / second.a, 4))"
                    + (isSevenOver384 ? " = (7/384)/(3/128) = 7/9" : "") + "; the printed 0.858 = (7/348)/(3/128) follows the 7/348 slip"))
        return rows
    }

    /// "Second best without exclusions": the slides' formula, with and without the constraint Q >= 0.
    package static func noExclusionComparisons(_ settings: Settings, _ run: RunOptions) throws -> [Comparison] {
        var rows: [Comparison] = []
        for n in [10, 100, 1000] {
            let nn = Double(n)
            let published = Published003.secondBestWithoutExclusions(nn)
            let relaxed = try SecondBest.solve(example(n), exclusions: false, dropSizeSign: true, monteCarlo: exactOnly())
            rows.append(
                .number(
                    "second best without exclusions, Q >= 0 dropped, n = \(n)",
                    location: "slide 'What if exclusions are not allowed?'", published: published,
                    printed: "\(Published003.secondBestWithoutExclusionsPrinted) = \(Format.fixed(published, 4))", surplus: relaxed.welfare,
                    tolerance: exactTolerance * published, format: .plain(4),
                    why: "the Lagrangian with the size following a weight A that may be negative; \(exactWhy)",
                    whyDiffers: "the relaxed Lagrangian does not give the printed formula"))
        }
        for n in [10, 100] {
            let nn = Double(n)
            let published = Published003.secondBestWithoutExclusions(nn)
            let kept = try SecondBest.solve(
                example(n), exclusions: false,
                monteCarlo: MonteCarloOptions(replications: settings.noExclusionReplications, run: run))
            rows.append(
                .number(
                    "second best without exclusions, Q >= 0 kept, n = \(n)",
                    location: "slide 'What if exclusions are not allowed?'", published: published,
                    printed: "\(Published003.secondBestWithoutExclusionsPrinted) = \(Format.fixed(published, 4))", surplus: kept.welfare,
                    tolerance: 3 * kept.standardError, format: .plain(4),
                    why: "Monte Carlo, 3 standard errors (s.e. \(Format.fixed(kept.standardError, 4)))",
                    whyDiffers: "the printed formula holds only if Q >= 0 is dropped (u(Q(A)) = 2A/9 < 0 when A < 0); building nothing when A <= 0 loses \(Format.fixed(published - kept.welfare, 3)) (Monte Carlo, s.e. \(Format.fixed(kept.standardError, 3)))"))
        }
        return rows
    }

    /// n at which the equal-contribution coefficients are read off.
    static let equalFitPlayers = [2000, 4000, 8000]

    /// The equal-contribution schemes of the slides, solved at their best posted parameter.
    static func equalContribution(_ report: ProvisioningReport) -> (postSize: Double, postFee: Double) {
        let schemes = report.equalContribution ?? []
        func welfare(_ scheme: String) -> Double { schemes.first { $0.scheme == scheme }?.welfare ?? .nan }
        return (welfare("postSize"), welfare("postFee"))
    }

    /// "Simple 'Equal Contribution' Schemes": the O(n) coefficient of each scheme's welfare.
    static func equalContributionComparisons() throws -> (rows: [Comparison], alternativeReading: String) {
        func fit(_ counting: ParticipantCounting, _ scheme: KeyPath<(postSize: Double, postFee: Double), Double>) throws
            -> (a: Double, b: Double, c: Double)
        {
            try quadratic({ equalContribution(try study($0, equalContribution: counting))[keyPath: scheme] }, at: equalFitPlayers)
        }
        let size = try fit(.aPriori, \.postSize), fee = try fit(.aPriori, \.postFee)
        let why = { (a: Double) in
            "read off optimized welfare at n = 2000, 4000, 8000 (n^2 coefficient \(Format.fixed(a, 7)), 3/128 = 0.0234375); the O(1/n) remainder shifts it by about 3e-9 (read off at twice these n it moves by that much)"
        }
        let reading = "X ~ Bin(n, p), the agent not counting himself"
        let rows: [Comparison] = [
            .number(
                "post Q, share cost equally: coefficient of n", location: "slide 'Simple Equal Contribution Schemes'",
                published: Published003.postSizeN1.value, printed: shown(Published003.postSizeN1, decimals: 7), surplus: size.b, tolerance: 1e-7, format: .plain(7),
                why: "\(reading); \(why(size.a))", whyDiffers: "posting Q and sharing the cost gives another O(n) term (\(reading))"),
            .number(
                "post a fee, build what it covers: coefficient of n", location: "slide 'Simple Equal Contribution Schemes'",
                published: Published003.postFeeN1.value, printed: shown(Published003.postFeeN1, decimals: 7), surplus: fee.b, tolerance: 1e-7, format: .plain(7),
                why: "\(reading); \(why(fee.a))", whyDiffers: "posting a fee gives another O(n) term (\(reading))"),
        ]
        let selfSize = try fit(.includingSelf, \.postSize), selfFee = try fit(.includingSelf, \.postFee)
        let alternative = """
            If the agent counts himself (X = 1 + Bin(n - 1, p)), the O(n) coefficients are \(Format.fixed(selfSize.b, 7)) \
            (post Q) and \(Format.fixed(selfFee.b, 7)) (post a fee; 3/512 = 0.0058594) instead.
            """
        return (rows, alternative)
    }

    /// Figure: welfare of each mechanism relative to the first best against n (slides "Example",
    /// "Equal Contribution"; the slides print formulas, not this plot).
    static func welfareAgainstN(_ settings: Settings) throws -> Figure {
        let count = settings.curvePoints
        var ns: [Int] = []
        for i in 0..<count {
            let n = Int((2 * pow(5000.0, Double(i) / Double(count - 1))).rounded())
            if ns.last != n { ns.append(n) }
        }
        var second: [Double] = [], posted: [Double] = [], share: [Double] = [], fee: [Double] = []
        for n in ns {
            let report = try study(n, equalContribution: .aPriori)
            let first = report.firstBestWelfare
            let equal = equalContribution(report)
            second.append(Efficiency.ratio(secondBest(report), of: first))
            posted.append(Efficiency.ratio(report.welfare, of: first))
            share.append(Efficiency.ratio(equal.postSize, of: first))
            fee.append(Efficiency.ratio(equal.postFee, of: first))
        }
        let x = ns.map(Double.init)
        return Figure(
            id: "003-welfare-vs-n",
            caption: """
                Welfare of each mechanism divided by the first best, against the number of peers n (logarithmic axis), \
                in the slides' example. All welfares grow like n^2, so the ratios are plotted: the second best and the \
                posted fee-and-size mechanism approach 27/32 = 84.4% ("about 84%", slide 'Example'), the posted mechanism \
                from below, the second best from above with a gap of order 1/n (Theorem 1); the equal-contribution schemes \
                (X a-priori) join them as n grows. \
                The slides print these as formulas; they have no such plot.
                """,
            chart: Chart(
                title: "Welfare relative to the first best",
                x: Axis("number of peers n", scale: .logarithmic),
                y: Axis("welfare / first best", unit: "%"),
                series: [
                    Series("first best", x: x, y: x.map { _ in 100 }),
                    Series("second best", x: x, y: second.map { 100 * $0 }),
                    Series("posted fee and size", x: x, y: posted.map { 100 * $0 }),
                    Series("post Q, share cost", x: x, y: share.map { 100 * $0 }),
                    Series("post a fee", x: x, y: fee.map { 100 * $0 }),
                ]))
    }
}
