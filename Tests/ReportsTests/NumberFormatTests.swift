import Reports
import Testing
import TextFormatting

@Suite struct NumberFormatTests {
    @Test func percentagesPrintPointsAsDifferences() {
        let c = Comparison.number(
            "ratio", location: "Table I", published: 0.843, surplus: 0.8423, tolerance: 0.002,
            format: .percent(1), why: "grid", whyDiffers: "no")
        #expect(c.published == "84.3%")
        #expect(c.surplus == "84.2%")
        #expect(c.difference == "-0.1 pp")
        #expect(c.verdict == .reproduced)
        #expect(c.reason.hasPrefix("within ±0.20 pp"))
    }

    @Test func outsideToleranceDiffersWithReason() {
        let c = Comparison.number(
            "value", location: "Table I", published: 41.74, surplus: 42.07, tolerance: 0.15,
            format: .plain(2), why: "grid", whyDiffers: "the loan reading")
        #expect(c.verdict == .differs)
        #expect(c.difference == "+0.33")
        #expect(c.reason == "the loan reading")
    }

    @Test func dollarsCarryTheirSignFirst() {
        #expect(NumberFormat.dollars().string(-111.5) == "-$111.50")
        #expect(NumberFormat.dollars().difference(0.12) == "+$0.12")
    }
}
