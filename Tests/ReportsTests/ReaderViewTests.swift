import Foundation
@testable import Reports
import Testing

/// The figures and the page as a reader sees them (issue 12): series on a bound stay
/// visible, discrete and logarithmic axes are labelled sensibly, code reads as code,
/// sources are cited, tables fit a narrow window.
@Suite struct ReaderViewTests {
    /// Every point of the `index`-th series' SVG path, in canvas pixels.
    static func pathPoints(_ svg: String, series index: Int) -> [(x: Double, y: Double)] {
        let paths = svg.components(separatedBy: "<path d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        guard index < paths.count else { return [] }
        var points: [(x: Double, y: Double)] = []
        var x = 0.0, y = 0.0
        for command in paths[index].split(separator: " ") {
            let kind = command.first!
            let numbers = command.dropFirst().split(separator: ",").compactMap { Double($0) }
            switch kind {
            case "M", "L": (x, y) = (numbers[0], numbers[1])
            case "H": x = numbers[0]
            case "V": y = numbers[0]
            default: continue
            }
            points.append((x, y))
        }
        return points
    }

    /// Fig. 2's case: learning Hard agents sit at z = 1 on an axis fixed to [0, 1].
    static let beliefs = Chart(
        title: "Convergence of the belief z", x: Axis("period", unit: "periods"),
        y: Axis("belief z", lowerBound: 0, upperBound: 1),
        series: [
            Series("Hard, learning", y: Array(repeating: 1, count: 50)),
            Series("Bank, learning", y: (0..<50).map { 0.9 * exp(-Double($0) / 10) + 0.15 }),
        ])

    @Test func aSeriesOnTheUpperBoundIsDrawnInsideThePlot() throws {
        let layout = try ChartLayout(Self.beliefs)
        let points = Self.pathPoints(layout.svg(), series: 0)
        #expect(points.count == 50)
        // Clear of the frame's stroke by more than the line's half width (1 px) and the frame's (0.5 px).
        for point in points {
            #expect(point.y > layout.plot.y + 2 && point.y < layout.plot.maxY - 2, "z = 1 drawn at \(point.y), frame top \(layout.plot.y)")
            #expect(point.x > layout.plot.x + 2 && point.x < layout.plot.maxX - 2, "drawn on the side of the frame at \(point.x)")
        }
        // The bound keeps its tick: "1" labels the level the series is drawn at.
        let one = try #require(layout.texts.first { Double($0.text) == 1 && $0.anchor == .end })
        #expect(abs(one.y - ChartLayout.tickSize * 0.35 - points[0].y) < 0.1)
    }

    @Test func aRatioAtOneHundredPercentAndACDFStartingAtZeroAreVisible() throws {
        let ratio = Chart(
            title: "Trade ratio", x: Axis("price k", unit: "currency units"), y: Axis("trade ratio", unit: "%", upperBound: 100),
            series: [Series("Psi = U[5,10]", x: [6, 7, 8], y: [97.7, 99.9, 100])])
        let ratioLayout = try ChartLayout(ratio)
        let top = Self.pathPoints(ratioLayout.svg(), series: 0).map(\.y).min()!
        #expect(top > ratioLayout.plot.y + 2, "100% drawn on the frame")

        // A step CDF that jumps at x = 0 (the axis's lower bound): the jump is drawn inside the frame.
        let cdf = Chart(
            title: "CDF", x: Axis("budget b", lowerBound: 0, upperBound: 10), y: Axis("P", unit: "%", lowerBound: 0, upperBound: 100),
            series: [Series("Hard", style: .steps, x: [0, 0, 5, 10], y: [0, 20, 60, 100])])
        let cdfLayout = try ChartLayout(cdf)
        let points = Self.pathPoints(cdfLayout.svg(), series: 0)
        #expect(points.allSatisfy { $0.x > cdfLayout.plot.x + 2 && $0.x < cdfLayout.plot.maxX - 2 })
        #expect(points.allSatisfy { $0.y > cdfLayout.plot.y + 2 && $0.y < cdfLayout.plot.maxY - 2 })
    }

    @Test func dataAwayFromTheBoundsFillTheFrame() throws {
        let away = Chart(
            title: "t", x: Axis("x", lowerBound: 0, upperBound: 10), y: Axis("y", lowerBound: 0, upperBound: 1),
            series: [Series("s", x: [1, 5, 9], y: [0.2, 0.5, 0.8])])
        let layout = try ChartLayout(away)
        #expect(layout.touched.isEmpty && layout.dataArea == layout.plot)
        #expect(try ChartLayout(Self.beliefs).touched == [.xLower, .yUpper])
        let bars = try ChartLayout(SampleCharts.bars)
        #expect(bars.dataArea == bars.plot, "bars sit on their baseline and need no inset")
    }

    /// The exchange trace's case: three clearing rounds.
    static let rounds = Chart(
        title: "Data left after each clearing", x: Axis("clearing round t", unit: "rounds", discrete: true),
        y: Axis("data not allocated", unit: "units", lowerBound: 0),
        series: [Series("S1", x: [1, 2, 3], y: [65, 20, 0]), Series("S2", x: [1, 2, 3], y: [25, 0, 0])])

    static func xTickLabels(_ layout: ChartLayout) -> [String] {
        layout.texts.filter { $0.anchor == .middle && $0.y > layout.plot.maxY && $0.y < layout.plot.maxY + 30 }.map(\.text)
    }

    @Test func aDiscreteAxisHasIntegerTicksAndMarkedPoints() throws {
        let layout = try ChartLayout(Self.rounds)
        #expect(Self.xTickLabels(layout) == ["1", "2", "3"])
        let svg = layout.svg()
        // Three points per series, plus one marker on each legend swatch.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 * 3 + 2)
        // Long discrete ranges thin to whole steps too.
        let long = Chart(
            title: "t", x: Axis("round", discrete: true), y: Axis("y"),
            series: [Series("s", x: (0..<8).map(Double.init), y: (0..<8).map(Double.init))])
        let labels = Self.xTickLabels(try ChartLayout(long))
        #expect(!labels.isEmpty && labels.allSatisfy { Int($0) != nil }, "\(labels)")
        // Three hundred periods read as a line: no marks that would merge.
        let periods = Chart(
            title: "t", x: Axis("period", discrete: true), y: Axis("z"),
            series: [Series("s", y: (0..<300).map { 1 / Double($0 + 1) })])
        #expect(!(try ChartLayout(periods).svg().contains("<circle")))
        #expect(Axis("round").discrete == nil, "results.json names the option only where it is set")
    }

    @Test func aLogarithmicAxisEndsWhereTheDataEnd() throws {
        let chart = Chart(
            title: "Nash welfare ratio by market round", x: Axis("time", unit: "market rounds", scale: .logarithmic),
            y: Axis("ratio"), series: [Series("s", x: [1, 10, 100, 1000, 2000], y: [0.1, 0.5, 0.8, 0.9, 0.95])])
        let layout = try ChartLayout(chart)
        let labels = Self.xTickLabels(layout)
        #expect(labels.contains("1000") && !labels.contains("10000"), "\(labels)")
        let last = Self.pathPoints(layout.svg(), series: 0).last!.x
        #expect(last > layout.plot.maxX - ChartLayout.inset - 1, "the data end \(layout.plot.maxX - last) px before the frame")

        #expect(AxisTicks.logarithmic(lower: 2, upper: 10_000, fixedLower: false, fixedUpper: false).lower == 2)
        #expect(AxisTicks.logarithmic(lower: 0.03, upper: 7, fixedLower: false, fixedUpper: false).upper == 10)
        #expect(AxisTicks.logarithmic(lower: 0.03, upper: 7, fixedLower: false, fixedUpper: false).lower == 0.02)
    }

    @Test func axisLabelsNameAUnitOnce() {
        #expect(Axis("period", unit: "periods").label == "period")
        #expect(Axis("clearing round t", unit: "rounds").label == "clearing round t")
        #expect(Axis("bidding round (every player bids once)", unit: "rounds").label == "bidding round (every player bids once)")
        #expect(Axis("time", unit: "market rounds").label == "time (market rounds)")
        #expect(Axis("price k", unit: "cents").label == "price k (cents)")
        #expect(Axis("budget b", unit: "2.5-cent units").label == "budget b (2.5-cent units)")
        #expect(Axis("trade ratio", unit: "%").label == "trade ratio (%)")
    }

    static let report = Report(
        title: "Demo", introduction: "Run by `surplus reproduce`.",
        sections: [
            ReportSection(
                id: "001/002", title: "Exchange", source: "001.txt, 002.txt",
                documents: [
                    SourceDocument(file: "001.txt", authors: "A. Author", title: "A Title", venue: nil, kind: "paper"),
                    SourceDocument(file: "002.txt", authors: "A. Author and B. Author", title: "Another <Title>",
                                   venue: "Information 2021, 1, 0 (MDPI)", kind: "journal article"),
                ],
                summary: "Settled by `ExchangeMarket.settle` under `synchronous`.",
                comparisons: [.claim(
                    "rounds", location: "Sec. 3", published: "4", observed: "`rounds` + 1 = 4", holds: true,
                    why: "payment rule `reserveAsBidder` (a <b> | c)", whyDiffers: "-")],
                tables: [ReportTable(title: "Table `1`", header: ["rule"], rows: [["`a|b`"]])],
                figures: [Figure(id: "001-trades", caption: "Drawn by `ChartLayout`; p_1*.", chart: SampleCharts.bars)],
                notes: ["Listed in `PrivateWinnerDetermination`; a lone ` stays."]),
        ])

    @Test func codeSpansAreCodeInEveryTextThePageShows() {
        let html = ReportHTML.render(Self.report)
        for code in ["ExchangeMarket.settle", "synchronous", "rounds", "reserveAsBidder", "1", "a|b", "ChartLayout",
                     "PrivateWinnerDetermination"] {
            #expect(html.contains("<code>\(code)</code>"), "`\(code)` is not code")
        }
        let body = html.components(separatedBy: "<body>")[1]
        #expect(body.components(separatedBy: "`").count - 1 == 1, "only the unpaired backtick is left")
        #expect(html.contains("(a &lt;b&gt; | c)"))
        #expect(html.contains("<p><em>Drawn by <code>ChartLayout</code>; p_1*.</em></p>"))

        let markdown = ReportMarkdown.render(Self.report)
        #expect(markdown.contains("Settled by `ExchangeMarket.settle` under `synchronous`."))
        #expect(markdown.contains("| `rounds` + 1 = 4 |"))
        #expect(markdown.contains("| `a\\|b` |"), "a pipe in code is escaped inside a table")
        #expect(markdown.contains("*Drawn by `ChartLayout`; p\\_1\\*.*"))
        #expect(markdown.contains("a lone \\` stays."))
    }

    @Test func sourcesAreCitedByAuthorsTitleAndVenue() {
        let html = ReportHTML.render(Self.report)
        #expect(html.contains(
            "Source: A. Author: \u{201C}A Title\u{201D}, paper, no venue printed (<code>001.txt</code>); "
                + "A. Author and B. Author: \u{201C}Another &lt;Title&gt;\u{201D}, journal article, Information 2021, 1, 0 (MDPI) "
                + "(<code>002.txt</code>)."))
        let markdown = ReportMarkdown.render(Self.report)
        #expect(markdown.contains("Source: A. Author: \u{201C}A Title\u{201D}, paper, no venue printed (`001.txt`); "))
        let slides = SourceDocument(file: "003.txt", authors: nil, title: nil, venue: nil, kind: "lecture slides")
        #expect(slides.citation == "no author printed: untitled, lecture slides, no venue printed")
        // A section without documents still names its file.
        var bare = Self.report
        bare.sections[0].documents = []
        #expect(ReportHTML.render(bare).contains("Source: <code>001.txt, 002.txt</code>."))
    }

    @Test func tablesWrapInsteadOfScrollingAtNarrowWidths() {
        let style = ReportHTML.style
        #expect(style.contains("overflow-wrap: anywhere"), "long cells (code, numbers) break inside the cell")
        let query = style.range(of: "@media (max-width: ")
        let width = query.flatMap { Int(style[$0.upperBound...].prefix { $0.isNumber }) } ?? 0
        #expect(width >= 800, "an 800 px window gets the narrow layout")
        #expect(!style.contains("white-space: nowrap"))
    }
}
