import ArgumentParser
import Foundation
import Reports
import Reproduction
import SurplusCore
import TextFormatting

/// `surplus reproduce`: every headline result of the documents beside the published value, as a report with plots.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Recompute every published number of the source documents and write a report with plots.",
        discussion: """
            Writes DIR/index.html, DIR/REPORT.md, DIR/results.json and DIR/figures/*.svg, and prints a summary.
            Every number comes from a run with the documents' published settings; nothing is read from files.
            """
    )

    @Option(parsing: .unconditional, help: "Folder to write the report into (created if needed; existing report files are replaced).")
    var out: String = "report"

    @Flag(help: "Reduced populations, rounds and grids: the whole report in seconds.")
    var quick = false

    @Option(name: .customLong("only"), help: "Reproduce only this document (000, 001, 002, 003, 004); repeatable.")
    var documents: [String] = []

    @OptionGroup var runArguments: RunArguments

    @OptionGroup var output: SummaryFormatOptions

    /// Every parameter of the run (the documents' settings are fixed: nothing else varies).
    struct Parameters: Encodable {
        let quick: Bool
        let documents: [String]
    }

    func run() throws {
        guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
        let options = try ReproductionOptions(
            quick: quick, run: try runArguments.options(), documents: documents.isEmpty ? nil : documents)
        let started = ContinuousClock.now
        let root = try prepareFolder()  // before the work, so a bad --out fails at once
        let report = try Reproduction.run(options)
        try write(try ReportBundle.files(report), into: root)
        let parameters = Parameters(quick: quick, documents: documents.isEmpty ? Reproduction.documentIDs : documents)
        try Terminal.emit(
            runArguments.document(report, of: Self.self, parameters: parameters, started: started),
            format: output.outputFormat,
            table: {
                summary(report)
                    + "\(Format.fixed((ContinuousClock.now - started).seconds, 1)) s; report written to \(out)/index.html (also REPORT.md, results.json)\n"
            })
    }

    /// The report's folder and its figures folder, created (or found) writable.
    private func prepareFolder() throws -> URL {
        let root = URL(fileURLWithPath: out, isDirectory: true)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
            throw CommandError("--out '\(out)' is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(ReportBundle.figureDirectory), withIntermediateDirectories: true)
        } catch {
            throw CommandError("--out '\(out)': cannot write the report there (\(FileProblem.describe(error, under: out)))")
        }
        guard FileManager.default.isWritableFile(atPath: out) else {
            throw CommandError("--out '\(out)': cannot write the report there (no permission to write in '\(out)')")
        }
        return root
    }

    private func write(_ files: [(path: String, contents: String)], into root: URL) throws {
        do {
            for file in files {
                try Data(file.contents.utf8).write(to: root.appendingPathComponent(file.path), options: .atomic)
            }
        } catch {
            throw CommandError("--out '\(out)': cannot write the report there (\(FileProblem.describe(error, under: out)))")
        }
    }

    private func summary(_ report: Report) -> String {
        var table = TextTable(header: ["document", "items", "reproduced", "differs", "figures"])
        for section in report.sections {
            table.append(["\(section.id) \(section.title)"] + (section.tally + [section.figures.count]).map(String.init))
        }
        var out = table.render()
        let differing = report.sections.flatMap { section in section.comparisons.filter { $0.verdict == .differs }.map { (section.id, $0) } }
        if !differing.isEmpty {
            out += "\nItems that differ from the published value:\n"
            for (id, c) in differing {
                out += "\n\(id)  \(c.item) (\(c.location))\n     published \(c.published); Surplus \(c.surplus)\n     why: \(c.reason)\n"
            }
        }
        return out
    }
}
