import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reports
import Reproduction
import Testing
import SurplusCLI
import SurplusTestSupport

/// `surplus reproduce --quick`, end to end: the files, their structure and the verdicts' structure
/// (not the timings, and not which verdict each item gets: the mechanism tests check the numbers).
@Suite(.serialized) struct ReproduceCommandTests {
    /// One quick run shared by the tests of this suite.
    static let run: (directory: URL, status: Int32) = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("surplus-report-\(UUID().uuidString)")
        let run = CommandRun(["reproduce", "--quick", "--out", directory.path, "--threads", "2"])
        return (directory, run.status)
    }()

    static func report() throws -> Report {
        let data = try Data(contentsOf: run.directory.appendingPathComponent("results.json"))
        return try JSONDecoder().decode(Report.self, from: data)
    }

    @Test func writesEveryFile() throws {
        #expect(Self.run.status == 0)
        for name in ["index.html", "REPORT.md", "results.json"] {
            let path = Self.run.directory.appendingPathComponent(name).path
            #expect(FileManager.default.fileExists(atPath: path), "\(name) is missing")
        }
    }

    @Test func everyDocumentHasVerdictsAndFigures() throws {
        let report = try Self.report()
        #expect(report.sections.map(\.id) == Reproduction.documentIDs)
        for section in report.sections {
            #expect(!section.title.isEmpty && !section.source.isEmpty && !section.summary.isEmpty, "section \(section.id)")
            #expect(section.comparisons.count >= 4, "section \(section.id) compares too little")
            #expect(!section.figures.isEmpty, "section \(section.id) has no figure")
            // Every file the section rests on is cited as it prints itself, not by its file name alone.
            let files = section.source.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(section.documents.map(\.file) == files, "section \(section.id)")
            #expect(files.allSatisfy { file in Reproduction.sources[file] != nil },
                    "section \(section.id) cites a file that has no entry in Reproduction.sources")
        }
    }

    @Test func verdictsAreConsistentWithTheirNumbers() throws {
        for c in try Self.report().comparisons {
            for field in [c.item, c.location, c.published, c.surplus, c.difference, c.reason] {
                #expect(!field.trimmingCharacters(in: .whitespaces).isEmpty, "an empty field in '\(c.item)'")
            }
            if let published = c.publishedValue, let surplus = c.surplusValue, let tolerance = c.tolerance {
                #expect((abs(surplus - published) <= tolerance) == (c.verdict == .reproduced), "'\(c.item)'")
            }
        }
    }

    @Test func everyFigureIsAWellFormedSVGLinkedFromBothPages() throws {
        let report = try Self.report()
        let markdown = try String(contentsOf: Self.run.directory.appendingPathComponent("REPORT.md"), encoding: .utf8)
        let html = try String(contentsOf: Self.run.directory.appendingPathComponent("index.html"), encoding: .utf8)
        let figures = report.sections.flatMap(\.figures)
        #expect(Set(figures.map(\.id)).count == figures.count, "figure ids are unique")
        for figure in figures {
            let file = "figures/\(figure.id).svg"
            let data = try Data(contentsOf: Self.run.directory.appendingPathComponent(file))
            #expect(XMLParser(data: data).parse(), "\(file) is not well-formed XML")
            #expect(markdown.contains("(\(file))"), "REPORT.md does not show \(file)")
            #expect(html.contains("src=\"\(file)\""), "index.html does not show \(file)")
        }
    }

    @Test func htmlHasOneTableRowPerComparison() throws {
        let html = try String(contentsOf: Self.run.directory.appendingPathComponent("index.html"), encoding: .utf8)
        let rows = html.components(separatedBy: "<tr>").count - 1
        let report = try Self.report()
        // A header row per table: the summary, one comparison table per section, and the document-layout tables.
        let layoutRows = report.sections.flatMap(\.tables).map { $0.rows.count + 1 }.reduce(0, +)
        #expect(rows == report.comparisons.count + report.sections.count + 1 + report.sections.count + layoutRows)
    }

    /// Every bad input exits 2 with one line that names what was wrong.
    @Test(arguments: [
        (["reproduce", "--only", "005", "--out", "/tmp/never"], ["--only", "005"]),
        (["reproduce", "--threads", "0"], ["threads", "0"]),
        (["reproduce", "--format", "csv"], ["csv"]),
        (["reproduce", "--out", ""], ["--out"]),
        (["reproduce", "--quick", "--only", "003", "--out", "/proc/surplus-cannot-write"], ["/proc/surplus-cannot-write"]),
    ])
    func badInputIsOneLine(arguments: [String], mentioning: [String]) {
        let run = CommandRun(arguments)
        #expect(run.isUsageError(mentioning: mentioning), "\(run)")
    }

    @Test func anOutputFileThatIsNotAFolderIsOneLine() throws {
        let file = try temporaryFile("not a folder", suffix: ".txt")
        let run = CommandRun(["reproduce", "--quick", "--only", "003", "--out", file])
        #expect(run.isUsageError(mentioning: [file, "not a folder"]), "\(run)")
    }
}
