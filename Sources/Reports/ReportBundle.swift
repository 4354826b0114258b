import Foundation
import SurplusCore

/// The files of a report, ready to write under one folder:
/// `index.html`, `REPORT.md`, `results.json` and `figures/<id>.svg`.
public enum ReportBundle {
    public static let figureDirectory = "figures"

    /// Relative path and contents of every file; throws `ChartError` (naming the
    /// figure) for a chart that cannot be drawn.
    public static func files(_ report: Report) throws -> [(path: String, contents: String)] {
        var files: [(path: String, contents: String)] = []
        for figure in report.sections.flatMap(\.figures) {
            do {
                files.append(("\(figureDirectory)/\(figure.id).svg", try ChartLayout(figure.chart).svg()))
            } catch let error as ChartError {
                throw ChartError("figure \(figure.id): \(error.description)")
            }
        }
        files.append(("REPORT.md", ReportMarkdown.render(report, figureDirectory: figureDirectory)))
        files.append(("index.html", ReportHTML.render(report, figureDirectory: figureDirectory)))
        files.append(("results.json", try json(report)))
        return files
    }

    /// The report as pretty, key-sorted JSON: every number shown, and every plotted point.
    public static func json(_ report: Report) throws -> String {
        String(decoding: try StrictJSON.encoder().encode(report), as: UTF8.self) + "\n"
    }
}
