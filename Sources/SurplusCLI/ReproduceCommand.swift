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

    @Option(help: "Folder to write the report into (created if needed; existing report files are replaced).")
    var out: String = "report"

    @Flag(help: "Reduced populations, rounds and grids: the whole report in seconds.")
    var quick = false

    @Option(name: .customLong("only"), help: "Reproduce only this document (000, 001, 002, 003, 004); repeatable.")
    var documents: [String] = []

    @OptionGroup var runArguments: RunArguments

    @Option(help: "Summary on stdout: table (default) or json (the whole results.json).")
    var format: OutputFormat = .table

    func run() throws {
        guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
        guard format != .csv else { throw ValidationError("--format csv is not available for reproduce; use table or json") }
        let options = try ReproductionOptions(
            quick: quick, run: try runArguments.options(), documents: documents.isEmpty ? nil : documents)
        let clock = ContinuousClock()
        let start = clock.now
        let report = try Reproduction.run(options)
        let files = try ReportBundle.files(report)
        try write(files)
        switch format {
        case .json:
            FileHandle.standardOutput.write(Data(try ReportBundle.json(report).utf8))
        default:
            Terminal.print(summary(report), terminator: "")
            Terminal.print("\(Format.fixed((clock.now - start).seconds, 1)) s; report written to \(out)/index.html (also REPORT.md, results.json)")
        }
    }

    private func write(_ files: [(path: String, contents: String)]) throws {
        let root = URL(fileURLWithPath: out, isDirectory: true)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
            throw CommandError("--out '\(out)' is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(ReportBundle.figureDirectory), withIntermediateDirectories: true)
            for file in files {
                try Data(file.contents.utf8).write(to: root.appendingPathComponent(file.path), options: .atomic)
            }
        } catch {
            throw CommandError("cannot write the report into '\(out)': \(error.localizedDescription)")
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
