/// A report as one HTML page (`index.html`): the layout of `ReportMarkdown`, written as
/// HTML from the report value, every text escaped, in a page with a readable style.
/// No scripts and no external resources beyond the figures' SVG files.
public enum ReportHTML {
    public static func render(_ report: Report, figureDirectory: String = "figures") -> String {
        var body = "<h1>\(report.title.xmlEscaped)</h1>\n<p>\(inlineMarkup(report.introduction))</p>\n"
        body += "<h2>Summary</h2>\n"
        body += table(
            header: ReportMarkdown.summaryHeader,
            rows: report.sections.map { section in
                ["<a href=\"#\(ReportMarkdown.anchor(section))\">\(section.id.xmlEscaped): \(section.title.xmlEscaped)</a>"]
                    + section.tally.map(String.init)
            })
        for section in report.sections {
            body += "<h2 id=\"\(ReportMarkdown.anchor(section))\">\(section.id.xmlEscaped): \(section.title.xmlEscaped)</h2>\n"
            body += "<p>Source: \(sourceLine(section)). \(text(section.summary))</p>\n"
            if !section.comparisons.isEmpty {
                body += table(
                    header: ReportMarkdown.comparisonHeader,
                    rows: section.comparisons.map { c in
                        [c.item, c.location, c.published, c.surplus, c.difference].map(text)
                            + [c.verdict == .reproduced ? "reproduced" : "<strong>differs</strong>", text(c.reason)]
                    },
                    className: "comparisons")
            }
            for table in section.tables {
                body += "<p><strong>\(text(table.title))</strong></p>\n"
                body += self.table(header: table.header.map(text), rows: table.rows.map { $0.map(text) })
            }
            for figure in section.figures {
                body += "<img src=\"\(figureDirectory)/\(figure.id).svg\" alt=\"\(figure.chart.title.xmlEscaped)\">\n"
                body += "<p><em>\(text(figure.caption))</em></p>\n"
            }
            if !section.notes.isEmpty {
                body += "<p>Notes:</p>\n<ul>\n" + section.notes.map { "<li>\(text($0))</li>\n" }.joined() + "</ul>\n"
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(report.title.xmlEscaped)</title>
            <link rel="icon" href="data:,">
            <style>
            \(style)
            </style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    /// A table of cells that are already HTML.
    static func table(header: [String], rows: [[String]], className: String? = nil) -> String {
        "<table\(className.map { " class=\"\($0)\"" } ?? "")>\n<thead><tr>" + header.map { "<th>\($0)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            + rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }.joined() + "</tbody>\n</table>\n"
    }

    /// A report text as HTML: `code` spans become `<code>`, every other character is escaped
    /// text (no emphasis: the texts write Q* and Phi*_n as plain text).
    static func text(_ text: String) -> String {
        ReportMarkdown.codeSpans(text).map { span in
            span.isCode ? "<code>\(span.text.xmlEscaped)</code>" : span.text.xmlEscaped
        }.joined()
    }

    /// The section's sources: authors, title and venue of each document, then its file name.
    static func sourceLine(_ section: ReportSection) -> String {
        guard !section.documents.isEmpty else { return "<code>\(section.source.xmlEscaped)</code>" }
        return section.documents.map { "\($0.citation.xmlEscaped) (<code>\($0.file.xmlEscaped)</code>)" }
            .joined(separator: "; ")
    }

    /// The introduction's inline markup as HTML: the `code` spans of ``text(_:)`` and, outside
    /// them, *emphasis*, the two forms `Report.introduction` may use.
    static func inlineMarkup(_ text: String) -> String {
        var out = "", inEmphasis = false
        for span in ReportMarkdown.codeSpans(text) {
            guard !span.isCode else {
                out += "<code>\(span.text.xmlEscaped)</code>"
                continue
            }
            for (i, part) in span.text.split(separator: "*", omittingEmptySubsequences: false).enumerated() {
                if i > 0 {
                    out += inEmphasis ? "</em>" : "<em>"
                    inEmphasis.toggle()
                }
                out += String(part).xmlEscaped
            }
        }
        return out
    }

    static let style = """
        body { margin: 0; background: #fafafa; color: #1d1d1d; font: 15px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; background: #ffffff; }
        h1 { font-size: 28px; margin-top: 8px; }
        h2 { font-size: 22px; margin-top: 40px; border-bottom: 1px solid #dddddd; padding-bottom: 4px; }
        table { border-collapse: collapse; margin: 16px 0; font-size: 13px; width: 100%; table-layout: auto; }
        th, td { border: 1px solid #d6d6d6; padding: 4px 8px; vertical-align: top; text-align: left;
                 overflow-wrap: break-word; }
        td code, td { overflow-wrap: anywhere; }
        table.comparisons td:nth-child(n+2):nth-child(-n+6) { overflow-wrap: normal; }
        table.comparisons th:nth-child(1) { width: 20%; }
        table.comparisons th:nth-child(7) { width: 28%; }
        th { background: #f0f0f0; }
        tr:nth-child(even) td { background: #fbfbfb; }
        td strong { color: #b23b00; }
        img { display: block; max-width: 100%; height: auto; margin: 24px 0 4px; }
        code { background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
        @media (max-width: 900px) {
          main { padding: 16px 12px 48px; }
          table { font-size: 11px; }
          th, td { padding: 3px 4px; }
        }
        """
}
