import Foundation
@testable import Reports
import Testing

@Suite struct ReportWriterTests {
    static let report = Report(
        title: "Demo", introduction: "What was run.",
        sections: [
            ReportSection(
                id: "001/002", title: "Exchange", source: "001.pdf", summary: "Example 1.",
                comparisons: [
                    .number("price | reserve", location: "Table 1", published: 1.01, surplus: 1.01, tolerance: 1e-9,
                            format: .plain(2), why: "exact", whyDiffers: "-"),
                    .claim("ends at t = 4", location: "Sec. 3", published: "t = 4", observed: "t = 5", holds: false,
                           why: "-", whyDiffers: "one more round"),
                ],
                tables: [ReportTable(title: "Table 1", header: ["seller", "A"], rows: [["S1", "25"], ["S2", "25"]])],
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
        #expect(ReportMarkdown.escaped("Q* = p_1 [a] <b> \\ & c") == "Q\\* = p\\_1 \\[a\\] \\<b\\> &#92; &amp; c")
        #expect(markdown.contains("![Final allocation](figures/001-trades.svg)"))
        #expect(markdown.contains("- A reading."))
        #expect(markdown.contains("**Table 1**\n\n| seller | A |\n| --- | --- |\n| S1 | 25 |\n| S2 | 25 |\n"))
    }

    @Test func plainTextWithMarkupCharactersStaysInItsCell() {
        var report = Self.report
        report.sections[0].comparisons.append(.claim(
            "p_1 + p_2 = 1{build}, max |p_1 - p_2| on Q* and Phi*_n", location: "slide <7>", published: "a \\ b",
            observed: "[none]", holds: true, why: "~ok~ `x` #1", whyDiffers: "-"))
        let html = ReportHTML.render(report)
        #expect(html.contains("<td>p_1 + p_2 = 1{build}, max |p_1 - p_2| on Q* and Phi*_n</td><td>slide &lt;7&gt;</td>"))
        #expect(html.contains("<td>a \\ b</td><td>[none]</td>"))
        #expect(html.components(separatedBy: "<em>").count - 1 == report.sections[0].figures.count, "emphasis only in captions")
    }

    @Test func theIntroductionKeepsItsCodeAndEmphasis() {
        var report = Self.report
        report.introduction = "Run by `surplus reproduce <dir>`; a verdict is *reproduced* or *differs* (a & b)."
        #expect(ReportHTML.render(report).contains(
            "<p>Run by <code>surplus reproduce &lt;dir&gt;</code>; a verdict is <em>reproduced</em> or <em>differs</em> (a &amp; b).</p>"))
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

    @Test func nonFiniteNumbersStillMakeJSON() throws {
        var report = Self.report
        report.sections[0].comparisons.append(.number(
            "missing round", location: "trace", published: 1, surplus: .nan, tolerance: 0.1, format: .plain(2),
            why: "-", whyDiffers: "the run ended before"))
        #expect(try ReportBundle.json(report).contains("\"surplusValue\" : \"nan\""))
    }

    @Test func aBadFigureIsNamed() {
        var report = Self.report
        report.sections[0].figures.append(Figure(
            id: "001-empty", caption: "", chart: Chart(title: "e", x: Axis("x"), y: Axis("y"), series: [])))
        #expect { try ReportBundle.files(report) } throws: { "\($0)".contains("figure 001-empty") }
    }
}
