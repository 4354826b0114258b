/// A reproduction report: for each source document, its published numbers and
/// claims beside what Surplus computes, with a verdict, and the figures a
/// reader of the document would want to see again.
///
/// A plain `Codable` value: `ReportMarkdown` and `ReportHTML` render it, and its
/// JSON is the report's `results.json`.
public struct Report: Sendable, Codable {
    public var title: String
    /// A paragraph under the title: what was run and how. Plain text apart from `code`
    /// and *emphasis* in Markdown's notation, which both renderers show as such.
    public var introduction: String
    public var sections: [ReportSection]

    public init(title: String, introduction: String, sections: [ReportSection]) {
        self.title = title
        self.introduction = introduction
        self.sections = sections
    }

    /// Every comparison of every section.
    public var comparisons: [Comparison] { sections.flatMap(\.comparisons) }
}

/// The part of a report about one source document.
public struct ReportSection: Sendable, Codable {
    /// The document's number(s), e.g. "000" or "001/002".
    public var id: String
    public var title: String
    /// The source document's file name (several, comma-separated, for a section on two documents).
    public var source: String
    /// Who wrote each source document, its title and where it appeared, as the document prints
    /// them; both renderers cite these (with the file name) instead of the bare file name.
    public var documents: [SourceDocument]
    /// What the section runs and with which settings.
    public var summary: String
    public var comparisons: [Comparison]
    /// Tables laid out as in the document (Table I), beside the comparisons that list their cells.
    public var tables: [ReportTable]
    public var figures: [Figure]
    /// Remarks that are not a comparison (readings chosen, context).
    public var notes: [String]

    public init(
        id: String, title: String, source: String, documents: [SourceDocument] = [], summary: String,
        comparisons: [Comparison] = [], tables: [ReportTable] = [], figures: [Figure] = [], notes: [String] = []
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.documents = documents
        self.summary = summary
        self.comparisons = comparisons
        self.tables = tables
        self.figures = figures
        self.notes = notes
    }
}

extension ReportSection {
    /// Comparisons in all, reproduced and differing: the section's row of a report's summary.
    public var tally: [Int] {
        let reproduced = comparisons.filter { $0.verdict == .reproduced }.count
        return [comparisons.count, reproduced, comparisons.count - reproduced]
    }
}

/// A source document as it presents itself: authors, title and venue exactly as its own
/// first lines print them, and nil where it prints none (slides and posters often carry no
/// author or venue), with the file it was read from.
public struct SourceDocument: Sendable, Codable, Equatable {
    /// The file in the shared seeds directory, e.g. "000_6c5a6556f8821150.txt".
    public var file: String
    /// The authors, as printed ("Bainan Xia, Srinivas Shakkottai, Vijay Subramanian").
    public var authors: String?
    public var title: String?
    /// Journal, conference or series with year and volume, as printed.
    public var venue: String?
    /// What the document is: "paper", "journal article", "lecture slides", "poster".
    public var kind: String

    public init(file: String, authors: String?, title: String?, venue: String?, kind: String) {
        self.file = file
        self.authors = authors
        self.title = title
        self.venue = venue
        self.kind = kind
    }

    /// Authors, title and venue in one line of plain text, saying what the document does not
    /// print: "Jordan Blocher and Frederick C. Harris, Jr.: "An Equilibrium Analysis ...",
    /// journal article, Information 2021, 1, 0 (MDPI)". The file name is not included.
    public var citation: String {
        let who = authors ?? "no author printed"
        let what = title.map { "\u{201C}\($0)\u{201D}" } ?? "untitled"
        let whereIn = venue ?? "no venue printed"
        return "\(who): \(what), \(kind), \(whereIn)"
    }
}

/// A table of plain-text cells with a title, e.g. a document's table recomputed in its own layout.
public struct ReportTable: Sendable, Codable, Equatable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]

    public init(title: String, header: [String], rows: [[String]]) {
        self.title = title
        self.header = header
        self.rows = rows
    }
}

/// A chart with a file name and a caption.
public struct Figure: Sendable, Codable {
    /// A file-name stem, unique in the report: letters, digits and '-' only.
    public var id: String
    /// What the figure shows and which figure of the document it redraws.
    public var caption: String
    public var chart: Chart

    public init(id: String, caption: String, chart: Chart) {
        self.id = id
        self.caption = caption
        self.chart = chart
    }
}
