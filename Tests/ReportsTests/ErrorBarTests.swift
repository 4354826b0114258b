import Foundation
import Testing

@testable import Reports

@Suite struct ErrorBarTests {
    func chart(errors: [Double]?) -> Chart {
        Chart(
            title: "t", x: Axis("x"), y: Axis("y"),
            series: [Series("s", x: [1, 2, 3], y: [0.5, 0.6, 0.7], yErrors: errors)])
    }

    @Test func barsWidenTheAxisAndAreDrawn() throws {
        let plain = try ChartLayout(chart(errors: nil))
        let barred = try ChartLayout(chart(errors: [0.4, 0.1, 0.4]))
        // The y axis reaches the bars' ends (0.1 and 1.1), beyond the points.
        #expect(barred.yTicks.lower <= 0.1 && barred.yTicks.upper >= 1.1)
        #expect(plain.yTicks.lower > 0.1 || plain.yTicks.upper < 1.1)
        #expect(barred.svg().components(separatedBy: "stroke-width=\"1.2\"").count == 2)
        #expect(!plain.svg().contains("stroke-width=\"1.2\""))
    }

    @Test func errorsMustMatchThePoints() {
        #expect(throws: ChartError.self) { try ChartLayout(chart(errors: [0.1])) }
        #expect(throws: ChartError.self) { try ChartLayout(chart(errors: [0.1, -1, 0])) }
    }

    @Test func noErrorsLeaveTheEncodingUnchanged() throws {
        let json = String(decoding: try JSONEncoder().encode(chart(errors: nil).series[0]), as: UTF8.self)
        #expect(!json.contains("yErrors"))
    }
}
