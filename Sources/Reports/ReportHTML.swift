import Ink

/// A report as one HTML page (`index.html`): the Markdown rendering of
/// `ReportMarkdown`, converted by Ink, in a page with a readable style.
/// No scripts and no external resources beyond the figures' SVG files.
public enum ReportHTML {
    public static func render(_ report: Report, figureDirectory: String = "figures") -> String {
        let body = MarkdownParser().html(from: ReportMarkdown.render(report, figureDirectory: figureDirectory))
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
            \(body)
            </main>
            </body>
            </html>

            """
    }

    static let style = """
        body { margin: 0; background: #fafafa; color: #1d1d1d; font: 15px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; background: #ffffff; }
        h1 { font-size: 28px; margin-top: 8px; }
        h2 { font-size: 22px; margin-top: 40px; border-bottom: 1px solid #dddddd; padding-bottom: 4px; }
        table { border-collapse: collapse; margin: 16px 0; font-size: 13px; width: 100%; }
        th, td { border: 1px solid #d6d6d6; padding: 4px 8px; vertical-align: top; text-align: left; }
        th { background: #f0f0f0; }
        tr:nth-child(even) td { background: #fbfbfb; }
        td strong { color: #b23b00; }
        img { display: block; max-width: 100%; height: auto; margin: 24px 0 4px; }
        code { background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
        """
}
