import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reports
import Testing

@Suite struct ChartLayoutTests {
    @Test(arguments: SampleCharts.all.indices)
    func everyChartIsWellFormedXML(_ index: Int) throws {
        let svg = try ChartLayout(SampleCharts.all[index]).svg()
        #expect(SVGCheck.parses(svg), "chart \(index) is not well-formed XML")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test(arguments: SampleCharts.all.indices)
    func labelsNeverOverlapAndStayOnTheCanvas(_ index: Int) throws {
        let layout = try ChartLayout(SampleCharts.all[index])
        let texts = layout.texts
        for (i, a) in texts.enumerated() {
            let box = a.bounds
            #expect(box.x >= 0 && box.maxX <= ChartLayout.width && box.y >= 0 && box.maxY <= layout.height,
                    "label '\(a.text)' leaves the canvas: \(box)")
            for b in texts[(i + 1)...] {
                #expect(!a.overlaps(b), "'\(a.text)' overlaps '\(b.text)'")
            }
        }
    }

    @Test func legendAndTickLabelsStayOutOfThePlot() throws {
        let layout = try ChartLayout(SampleCharts.crowded)
        for text in layout.texts {
            #expect(!text.bounds.intersects(layout.plot), "'\(text.text)' is drawn over the data")
        }
    }

    @Test func axisTitlesCarryUnits() throws {
        let texts = try ChartLayout(SampleCharts.lines).texts.map(\.text)
        #expect(texts.contains("price k (cents)"))
        #expect(texts.contains("trade ratio (%)"))
        #expect(texts.contains("Psi = U[3,8]"))
    }

    @Test func textIsEscaped() throws {
        let svg = try ChartLayout(SampleCharts.cdf).svg()
        #expect(svg.contains("Budget CDF &lt;at equilibrium&gt; &amp; more"))
        #expect(svg.contains("P(budget &lt;= x)"))
    }

    @Test func ticksAreRoundAndCoverTheData() throws {
        let layout = try ChartLayout(SampleCharts.lines)
        let labels = layout.texts.filter { $0.y > layout.plot.maxY + 8 && $0.y < layout.plot.maxY + 30 }.compactMap { Double($0.text) }
        #expect(labels.first == 6)
        #expect(labels.last.map { $0 >= 8.25 && $0 <= 9 } == true)
        let steps = Set(zip(labels.dropFirst(), labels).map { (($0 - $1) * 1000).rounded() })
        #expect(steps.count == 1, "ticks are evenly spaced")
        #expect(steps.allSatisfy { [250.0, 500, 1000].contains($0) })
    }

    @Test func logarithmicAxesUsePowersOfTen() throws {
        let layout = try ChartLayout(SampleCharts.logarithmic)
        let labels = Set(layout.texts.map(\.text))
        // Data from 2 to 10000: the axis starts at 2, not at the empty stretch down to 1.
        #expect(labels.isSuperset(of: ["10", "100", "1000", "10000"]))
        #expect(!labels.contains("1"))
    }

    @Test func tiltedLabelsAreComparedInTheirOwnFrame() {
        let a = PlacedTextProbe.tilted("category number 1", x: 100)
        let b = PlacedTextProbe.tilted("category number 2", x: 160)
        #expect(a.bounds.intersects(b.bounds), "axis-aligned bounds of parallel tilted labels overlap")
        #expect(!a.overlaps(b))
        #expect(a.overlaps(PlacedTextProbe.tilted("category number 3", x: 105)))
    }

    @Test func invalidChartsNameTheirFault() {
        func message(_ chart: Chart) -> String {
            do {
                _ = try ChartLayout(chart)
                return ""
            } catch { return "\(error)" }
        }
        let axis = Axis("x")
        #expect(message(Chart(title: "t", x: axis, y: axis, series: [])).contains("no series"))
        #expect(message(Chart(title: "t", x: axis, y: axis, series: [Series("s", x: [1, 2], y: [1])])).contains("series 's'"))
        #expect(message(Chart(title: "t", x: axis, y: axis, series: [Series("n", x: [1], y: [.nan])])).contains("not finite"))
        #expect(message(Chart(title: "t", x: axis, y: axis, series: [Series("b", style: .bars, y: [1])])).contains("needs categories"))
        #expect(message(Chart(title: "t", x: Axis("x", scale: .logarithmic), y: axis, series: [Series("l", x: [0, 1], y: [1, 2])]))
            .contains("logarithmic"))
        #expect(message(Chart(title: "t", x: Axis("x", lowerBound: 2, upperBound: 1), y: axis, series: [Series("r", y: [1])]))
            .contains("lowerBound"))
        #expect(message(Chart(title: "t", x: Axis("c", categories: ["a"]), y: axis, series: [Series("c", x: [3], y: [1])]))
            .contains("category index"))
    }

    @Test func constantSeriesStillGetARange() throws {
        let chart = Chart(title: "flat", x: Axis("x"), y: Axis("y"), series: [Series("s", y: [2, 2, 2])])
        let layout = try ChartLayout(chart)
        #expect(layout.height > ChartLayout.width / 3)
        #expect(SVGCheck.parses(layout.svg()))
    }
}

/// Whether a document parses as XML (Foundation's parser, as a browser's would).
enum SVGCheck {
    static func parses(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }
}

/// Tilted labels as the layout places them, read back from a one-category-per-label chart.
enum PlacedTextProbe {
    static func tilted(_ text: String, x: Double) -> PlacedText {
        let chart = Chart(
            title: "t", x: Axis("c", categories: [text, text, text, text, text, text, text, text, text, text, text, text]),
            y: Axis("y"), series: [Series("s", style: .bars, x: [0], y: [1])])
        var label = (try! ChartLayout(chart)).texts.first { $0.rotation == -35 }!
        label.x = x
        return label
    }
}
