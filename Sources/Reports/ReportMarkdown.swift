/// A report as Markdown (`REPORT.md`): readable as text and rendered by any
/// Markdown viewer; `ReportHTML` lays the page out the same way.
public enum ReportMarkdown {
    /// The Markdown text; figures are linked as `figureDirectory/<id>.svg`.
    public static func render(_ report: Report, figureDirectory: String = "figures") -> String {
        var out = "# \(report.title)\n\n\(report.introduction)\n\n"
        out += "## Summary\n\n"
        out += table(
            header: summaryHeader,
            rows: report.sections.map { section in
                ["[\(section.id): \(escaped(section.title))](#\(anchor(section)))"] + section.tally.map(String.init)
            })
        for section in report.sections {
            out += "\n<a id=\"\(anchor(section))\"></a>\n\n## \(section.id): \(escaped(section.title))\n\n"
            out += "Source: \(sourceLine(section)). \(text(section.summary))\n\n"
            if !section.comparisons.isEmpty {
                out += table(
                    header: comparisonHeader,
                    rows: section.comparisons.map { c in
                        [c.item, c.location, c.published, c.surplus, c.difference].map { cell($0) }
                            + [c.verdict == .reproduced ? "reproduced" : "**differs**", cell(c.reason)]
                    })
            }
            for table in section.tables {
                out += "\n**\(text(table.title))**\n\n"
                out += self.table(header: table.header.map { cell($0) }, rows: table.rows.map { $0.map { cell($0) } })
            }
            for figure in section.figures {
                out += "\n![\(escaped(figure.chart.title))](\(figureDirectory)/\(figure.id).svg)\n\n"
                out += "*\(text(figure.caption))*\n"
            }
            if !section.notes.isEmpty {
                out += "\nNotes:\n\n" + section.notes.map { "- \(text($0))\n" }.joined()
            }
        }
        return out
    }

    /// The columns of the summary table (one row per section, cells `ReportSection.tally`) and of a section's comparisons.
    static let summaryHeader = ["Document", "Items", "Reproduced", "Differs"]
    static let comparisonHeader = ["Item", "Where", "Published", "Surplus", "Difference", "Verdict", "Why"]

    /// The in-page anchor of a section: "doc-000", "doc-001-002".
    static func anchor(_ section: ReportSection) -> String {
        "doc-" + section.id.map { $0.isLetter || $0.isNumber ? String($0).lowercased() : "-" }.joined()
    }

    /// A Markdown table of cells that are already Markdown (plain text goes through `escaped`).
    static func table(header: [String], rows: [[String]]) -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: " --- |", count: header.count) + "\n"
        for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        return out
    }

    /// The section's sources: each document's authors, title and venue, then its file name as
    /// code; the bare file name when the section lists no ``SourceDocument``.
    static func sourceLine(_ section: ReportSection) -> String {
        guard !section.documents.isEmpty else { return "`\(section.source)`" }
        return section.documents.map { "\(escaped($0.citation)) (`\($0.file)`)" }.joined(separator: "; ")
    }

    /// A report text as Markdown: `code` spans stay code spans, everything else is plain text
    /// (``escaped(_:)``). In a table cell a `|` inside code is written `\|`, as tables require.
    static func text(_ text: String, inTable: Bool = false) -> String {
        codeSpans(text).map { span in
            guard span.isCode else { return escaped(span.text) }
            let code = span.text.replacingOccurrences(of: "\n", with: " ")
            return "`" + (inTable ? code.replacingOccurrences(of: "|", with: "\\|") : code) + "`"
        }.joined()
    }

    static func cell(_ text: String) -> String { self.text(text, inTable: true) }

    /// `text` cut into plain runs and `code` spans: a backtick opens a span only when another
    /// closes it; an unpaired one is a plain character. The report's texts use this one piece of
    /// markup (a command, option or type name) in every field a page shows.
    static func codeSpans(_ text: String) -> [(text: String, isCode: Bool)] {
        var spans: [(text: String, isCode: Bool)] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`"),
              let close = rest[rest.index(after: open)...].firstIndex(of: "`") {
            if open > rest.startIndex { spans.append((String(rest[..<open]), false)) }
            spans.append((String(rest[rest.index(after: open)..<close]), true))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { spans.append((String(rest), false)) }
        return spans
    }

    /// Plain text made safe for Markdown: the report's texts are written as
    /// plain text (Q*, p_1, 1{build}), so every character a parser could take
    /// for markup is escaped. Backslashes become an entity, which every Markdown viewer shows as a backslash.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "\\": out += "&#92;"
            case "*", "_", "[", "]", "<", ">", "|", "`", "#", "~": out += "\\" + String(character)
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
