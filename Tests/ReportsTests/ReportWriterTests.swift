import Foundation
import Reports
import Testing

@Suite struct ReportWriterTests {
    static let report = Report(
        title: "Demo", introduction: "What was run.",
        sections: [
            ReportSection(
                id: "001/002", title: "Exchange", source: "seeds/001.pdf", summary: "Example 1.",
                comparisons: [
                    .number("price | reserve", location: "Table 1", published: 1.01, surplus: 1.01, tolerance: 1e-9,
                            format: .plain(2), why: "exact", whyDiffers: "-"),
                    .claim("ends at t = 4", location: "Sec. 3", published: "t = 4", observed: "t = 5", holds: false,
                           why: "-", whyDiffers: "one more round"),
                ],
                figures: [Figure(id: "001-trades", caption: "Trades of *Example 1*.", chart: SampleCharts.bars)],
                notes: ["A reading."]),
        ])

    @Test func markdownHasSummaryTablesFiguresAndNotes() {
        let markdown = ReportMarkdown.render(Self.report)
        #expect(markdown.hasPrefix("# Demo\n"))
        #expect(markdown.contains("| [001/002: Exchange](#doc-001-002) | 2 | 1 | 1 |"))
        #expect(markdown.contains("<a id=\"doc-001-002\"></a>"))
        #expect(markdown.contains("| price \\| reserve | Table 1 | 1.01 | 1.01 | 0.00 | reproduced |"))
        #expect(markdown.contains("| **differs** | one more round |"))
        #expect(markdown.contains("![Final allocation](figures/001-trades.svg)"))
        #expect(markdown.contains("- A reading."))
    }

    @Test func htmlIsOnePageWithTablesAndImages() {
        let html = ReportHTML.render(Self.report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Demo</title>"))
        #expect(html.contains("<td>price | reserve</td>"))
        #expect(html.contains("<img src=\"figures/001-trades.svg\""))
        #expect(html.contains("<li>A reading.</li>"))
        #expect(!html.contains("<script"))
    }

    @Test func bundleHoldsEveryFileAndTheJSONRoundTrips() throws {
        let files = try ReportBundle.files(Self.report)
        #expect(files.map(\.path).sorted() == ["REPORT.md", "figures/001-trades.svg", "index.html", "results.json"])
        let json = try #require(files.first { $0.path == "results.json" })
        let decoded = try JSONDecoder().decode(Report.self, from: Data(json.contents.utf8))
        #expect(decoded.comparisons == Self.report.comparisons)
        #expect(decoded.sections[0].figures[0].chart == SampleCharts.bars)
    }

    @Test func aBadFigureIsNamed() {
        var report = Self.report
        report.sections[0].figures.append(Figure(
            id: "001-empty", caption: "", chart: Chart(title: "e", x: Axis("x"), y: Axis("y"), series: [])))
        #expect { try ReportBundle.files(report) } throws: { "\($0)".contains("figure 001-empty") }
    }
}
