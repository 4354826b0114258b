import Provisioning
import Reports
import TextFormatting

extension ProvisioningReproduction {
    /// The bridge (slides "Example: A Bridge", "Optimal mechanism design for the bridge", "An ex-post
    /// budget balance design", "A better optimal mechanism design", "An fixed-fee design"): n = 2,
    /// theta_i ~ U[0, 1], cost 1. Welfares are exact quadratures; the properties the slides state of
    /// each fee rule are checked by `Bridge.audit` on a grid of types and misreports.
    static func bridgeComparisons(_ settings: Settings) throws -> [Comparison] {
        let location = "slide 'Optimal mechanism design for the bridge'"
        var rows: [Comparison] = [
            .number(
                "bridge: first-best welfare", location: location, published: Published003.bridgeFirstBest.value,
                printed: shown(Published003.bridgeFirstBest, decimals: 5),
                surplus: Bridge.firstBestWelfare(), tolerance: exactTolerance, format: .plain(6),
                why: "E[(theta_1 + theta_2 - 1)^+] by quadrature; \(exactWhy)",
                whyDiffers: "the first best of the bridge is not 1/6"),
            .number(
                "bridge: second best builds iff theta_1 + theta_2 >= threshold", location: location,
                published: Published003.bridgeBuildThreshold,
                printed: "\(Published003.bridgeBuildThreshold)", surplus: try Bridge.secondBestThresholdByRoot(), tolerance: exactTolerance, format: .plain(6),
                why: "root of the ex-ante budget constraint E[(g_1 + g_2 - 1) 1{theta_1 + theta_2 >= s}] = 0, g = 2 theta - 1 (Brent to 1e-13)",
                whyDiffers: "the budget constraint binds at another threshold"),
        ]
        let virtual = try Bridge.audit(.virtualValue, gridPoints: settings.bridgeGrid)
        let balanced = try Bridge.audit(.budgetBalanced, gridPoints: settings.bridgeGrid)
        let proportional = try Bridge.audit(.proportional, gridPoints: settings.bridgeGrid)
        let fixedFee = try Bridge.audit(.fixedFee, gridPoints: settings.bridgeGrid)
        let secondBestRules: [(Bridge.Audit, String, String)] = [
            (virtual, "p_i = theta_i^2/2 - 1/32", location),
            (balanced, "ex-post budget-balanced rule", "slide 'An ex-post budget balance design'"),
            (proportional, "p_1 = ((theta_1 - theta_2)/3 + 1/2) 1{build}", "slide 'A better optimal mechanism design'"),
        ]
        for (audit, name, place) in secondBestRules {
            rows.append(
                .number(
                    "bridge: welfare under \(name)", location: place, published: Published003.bridgeSecondBest.value,
                    printed: shown(Published003.bridgeSecondBest, decimals: 6),
                    surplus: audit.welfare, tolerance: exactTolerance, format: .plain(6),
                    why: "E[(theta_1 + theta_2 - 1) 1{build}] by quadrature; \(exactWhy)",
                    whyDiffers: "this fee rule's build region gives another welfare"))
        }
        rows.append(
            .number(
                "bridge: welfare with a fixed fee of 0.50", location: "slide 'An fixed-fee design'",
                published: Published003.bridgeFixedFee.value,
                printed: shown(Published003.bridgeFixedFee, decimals: 3), surplus: fixedFee.welfare, tolerance: exactTolerance, format: .plain(6),
                why: "built iff both accept (theta_i >= 1/2); \(exactWhy)",
                whyDiffers: "the fixed fee gives another welfare"))
        let grid = "on a \(settings.bridgeGrid) x \(settings.bridgeGrid) grid of types"
        rows.append(
            .claim(
                "bridge: p_i = theta_i^2/2 - 1/32 balances the budget only ex ante", location: location,
                published: Published003.bridgeClaims.exAnteOnly,
                observed: "E[p_1 + p_2] - P(build) = \(Format.fixed(virtual.expectedBudgetSurplus, 9)); max |p_1 + p_2 - 1{build}| = \(Format.fixed(virtual.maxExPostImbalance, 4)) \(grid)",
                holds: abs(virtual.expectedBudgetSurplus) <= exactTolerance && virtual.maxExPostImbalance > 1e-3,
                why: "balanced in expectation (quadrature), not type by type",
                whyDiffers: "the rule's budget is not as the slide says"))
        rows.append(
            .claim(
                "bridge: the second design is ex-post budget balanced", location: "slide 'An ex-post budget balance design'",
                published: Published003.bridgeClaims.exPostBalanced,
                observed: "max |p_1 + p_2 - 1{build}| = \(Format.fixed(balanced.maxExPostImbalance, 12)) \(grid); largest fee when not built \(Format.fixed(balanced.maxFeeWhenNotBuilt, 4))",
                holds: balanced.maxExPostImbalance <= exactTolerance,
                why: "zero to rounding at every grid point (it still charges users when nothing is built: \"still unsatisfactory\")",
                whyDiffers: "the fees do not add up to the cost at some types"))
        rows.append(
            .claim(
                "bridge: the better design pays nothing unless built, p >= 0, ex-post IR",
                location: "slide 'A better optimal mechanism design'",
                published: Published003.bridgeClaims.better,
                observed: "min fee \(Format.fixed(proportional.minFee, 4)), largest fee when not built \(Format.fixed(proportional.maxFeeWhenNotBuilt, 4)), min ex-post utility \(Format.fixed(proportional.minExPostUtility, 4)) \(grid)",
                holds: proportional.minFee >= 0 && proportional.maxFeeWhenNotBuilt <= 0 && proportional.minExPostUtility >= 0,
                why: "all three hold at every grid point",
                whyDiffers: "one of the three properties fails on the grid"))
        let interimGains = [virtual, balanced, proportional].map(\.maxInterimDeviationGain)
        let exPostGains = [virtual, balanced, proportional].map { Format.fixed($0.maxExPostDeviationGain, 2) }
        rows.append(
            .claim(
                "bridge: the second-best fees make truth-telling optimal", location: "slide 'Example: A Bridge'",
                published: Published003.bridgeClaims.truthful,
                observed: "largest interim gain from misreporting, over the three rules: \(Format.fixed(interimGains.max() ?? 0, 9)); ex post (knowing theta_2): \(exPostGains.joined(separator: ", "))",
                holds: interimGains.allSatisfy { $0 <= exactTolerance },
                why: "in expectation over the other user's type (Bayesian IC, the slides' ex-ante constraints); not ex post, which the slides do not claim",
                whyDiffers: "some type gains in expectation by misreporting"))
        return rows
    }
}
