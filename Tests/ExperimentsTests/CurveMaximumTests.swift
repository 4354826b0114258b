import Foundation
import Testing

@testable import Experiments

@Suite struct CurveMaximumTests {
    @Test func smoothPeakIsRefinedInsideItsBracket() throws {
        let m = try CurveMaximum.search(over: 0...4, gridPoints: 11, tolerance: 1e-6) { -($0 - 1.2345) * ($0 - 1.2345) }
        #expect(m.kind == .interior)
        #expect(abs(m.optimum - 1.2345) < 1e-5)
        #expect(m.bracket[0] <= 1.2345 && 1.2345 <= m.bracket[1])
        #expect(m.jumps.isEmpty)
    }

    @Test func risingObjectivePeaksAtTheBound() throws {
        let m = try CurveMaximum.search(over: 0...1, gridPoints: 11) { $0 * $0 }
        #expect(m.kind == .boundary)
        #expect(m.optimum == 1)
    }

    /// A rising curve that falls off a cliff at x = 0.7: the best point is the cliff's edge,
    /// located to the tolerance, and reported as a jump, not as a peak.
    @Test func cliffIsAJumpNotAPeak() throws {
        let m = try CurveMaximum.search(over: 0...1, gridPoints: 11, tolerance: 1e-4) { $0 < 0.7 ? $0 : 0.01 }
        #expect(m.kind == .jump)
        #expect(m.bracket[0] < 0.7 && 0.7 <= m.bracket[1] && m.bracket[1] - m.bracket[0] <= 1e-4)
        #expect(m.optimum == m.bracket[0])
        #expect(m.jumps.count == 1)
    }

    /// A constant objective has no optimum to report.
    @Test func flatObjectiveIsReportedFlat() throws {
        let m = try CurveMaximum.search(over: 0...1, gridPoints: 11) { _ in 0.75 }
        #expect(m.kind == .flat)
        #expect(m.bracket == [0, 1])
    }

    /// A steep but continuous rise is not mistaken for a jump.
    @Test func steepSlopeIsNotAJump() throws {
        let m = try CurveMaximum.search(over: 0...1, gridPoints: 11, tolerance: 1e-5) { 1 / (1 + exp(-200 * ($0 - 0.43))) - $0 * $0 / 10 }
        #expect(m.jumps.isEmpty)
        #expect(m.kind == .interior || m.kind == .boundary)
    }
}
