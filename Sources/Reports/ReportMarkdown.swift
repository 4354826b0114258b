/// A report as Markdown (`REPORT.md`): readable as text, rendered by any
/// Markdown viewer, and the source of `index.html`.
public enum ReportMarkdown {
    /// The Markdown text; figures are linked as `figureDirectory/<id>.svg`.
    public static func render(_ report: Report, figureDirectory: String = "figures") -> String {
        var out = "# \(report.title)\n\n\(report.introduction)\n\n"
        out += "## Summary\n\n"
        out += table(
            header: ["Document", "Items", "Reproduced", "Differs"],
            rows: report.sections.map { section in
                let reproduced = section.comparisons.filter { $0.verdict == .reproduced }.count
                return [
                    "[\(section.id): \(section.title)](#\(anchor(section)))", "\(section.comparisons.count)",
                    "\(reproduced)", "\(section.comparisons.count - reproduced)",
                ]
            })
        for section in report.sections {
            out += "\n<a id=\"\(anchor(section))\"></a>\n\n## \(section.id): \(section.title)\n\n"
            out += "Source: `\(section.source)`. \(section.summary)\n\n"
            if !section.comparisons.isEmpty {
                out += table(
                    header: ["Item", "Where", "Published", "Surplus", "Difference", "Verdict", "Why"],
                    rows: section.comparisons.map { c in
                        [c.item, c.location, c.published, c.surplus, c.difference,
                         c.verdict == .reproduced ? "reproduced" : "**differs**", c.reason]
                    })
            }
            for figure in section.figures {
                out += "\n![\(altText(figure.chart.title))](\(figureDirectory)/\(figure.id).svg)\n\n"
                out += "*\(figure.caption)*\n"
            }
            if !section.notes.isEmpty {
                out += "\nNotes:\n\n" + section.notes.map { "- \($0)\n" }.joined()
            }
        }
        return out
    }

    /// The in-page anchor of a section: "doc-000", "doc-001-002".
    static func anchor(_ section: ReportSection) -> String {
        "doc-" + section.id.map { $0.isLetter || $0.isNumber ? String($0).lowercased() : "-" }.joined()
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: " --- |", count: header.count) + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// Image alt text: the chart's title without the characters Markdown parsers trip on.
    static func altText(_ title: String) -> String {
        String(title.filter { !"[]<>|*_`".contains($0) })
    }

    /// A table cell: one line, pipes escaped.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }
}
