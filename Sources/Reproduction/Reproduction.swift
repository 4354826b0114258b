import Foundation
import Reports
import SurplusCore

/// Runs every headline computation of the source documents with their
/// published settings and assembles the report (`surplus reproduce`).
///
/// One section per document, each built by its own type from the mechanism
/// modules; nothing here reads files or prints. Deterministic for a given seed
/// whatever the thread count.
public enum Reproduction {
    /// The sections in report order.
    static var documents: [any DocumentReproduction.Type] { [
        BilateralMarketReproduction.self, DataExchangeReproduction.self,
        ProvisioningReproduction.self, NetworkSharingReproduction.self,
    ] }

    /// The document ids a report can hold, in order.
    public static var documentIDs: [String] { documents.map { $0.documentID } }

    /// The report for `options`; `options.run.progress` receives one bar over all sections.
    public static func run(_ options: ReproductionOptions) throws -> Report {
        let chosen = documents.filter { options.includes($0.documentID) }
        let stages = ProgressStages(chosen.map { $0.progressName }, reportingTo: options.run.progress)
        var sections: [ReportSection] = []
        for (index, document) in chosen.enumerated() {
            stages.begin(index)
            try options.run.checkCancellation()
            var section = try document.section(options.reporting(to: stages.within(index)))
            section.documents = sourceDocuments(section.source)
            sections.append(section)
        }
        stages.finish()
        let mode = options.quick ? "quick run (reduced populations, rounds and grids)" : "full run"
        return Report(
            title: "Surplus reproduces its source documents",
            introduction: """
                Every number below was computed by `surplus reproduce` (\(mode), seed \(options.seed)) \
                with the documents' published settings, and is set beside the value the document prints. \
                A verdict is *reproduced* when the difference is inside the stated tolerance or the claim holds, \
                *differs* otherwise, with the reason. The same numbers are in `results.json`.
                """,
            sections: sections)
    }
}

extension Reproduction {
    /// The source documents as their first lines print them (authors, title, venue), by file
    /// name: a section's `source` names its files and the report cites them from here. Nil
    /// where a document prints nothing: the slides (003) and the poster (004) name no
    /// author or venue, and 000 and 001 print no venue.
    package static let sources: [String: SourceDocument] = Dictionary(uniqueKeysWithValues: [
        SourceDocument(
            file: "000_6c5a6556f8821150.txt",
            authors: "Bainan Xia, Srinivas Shakkottai (Texas A&M University), Vijay Subramanian (University of Michigan)",
            title: "Small-Scale Markets for Bilateral Resource Trading in the Sharing Economy",
            venue: nil, kind: "paper"),
        SourceDocument(
            file: "001_2b1bee3f7c29376c.txt",
            authors: "Jordan Blocher, Frederick C. Harris, Jr. (University of Nevada, Reno)",
            title: "An Optimization Algorithm for the Sale of Overage Data in Hong Kong's Mobile Data Exchange Market",
            venue: nil, kind: "paper"),
        SourceDocument(
            file: "002_9c47b766a465d51b.txt",
            authors: "Jordan Blocher and Frederick C. Harris, Jr. (University of Nevada, Reno)",
            title: "An Equilibrium Analysis of a Secondary Mobile Data-Share Market",
            venue: "Information 2021, 1, 0 (MDPI)", kind: "journal article"),
        SourceDocument(
            file: "003_abfbbed3b83d0bb8.txt",
            authors: nil, title: nil, venue: nil,
            kind: "lecture slides on incentives in peer-to-peer sharing (first slide: Sharing Files)"),
        SourceDocument(
            file: "004_81219a45edb64267.txt",
            authors: nil, title: "Community Maximizing Allocation Program (CMAP)", venue: nil, kind: "poster"),
    ].map { ($0.file, $0) })

    /// The documents a section's `source` ("001_....txt, 002_....txt") names, in its order;
    /// a file without an entry in ``sources`` is cited by its name alone.
    static func sourceDocuments(_ source: String) -> [SourceDocument] {
        source.split(separator: ",").map { name in
            let file = name.trimmingCharacters(in: .whitespaces)
            return sources[file] ?? SourceDocument(file: file, authors: nil, title: nil, venue: nil, kind: "document")
        }
    }
}

/// One document's part of the report: its id, its name on the progress bar, and the
/// section it computes. Each conforming type reads its published values from its
/// `Published` data file and its settings from ``ReproductionOptions``.
protocol DocumentReproduction {
    /// "000", "001/002", "003", "004".
    static var documentID: String { get }
    /// How the progress bar names the section.
    static var progressName: String { get }
    /// Computes the section; reports progress to `options.run.progress`.
    static func section(_ options: ReproductionOptions) throws -> ReportSection
}

/// How much `Reproduction.run` computes.
public struct ReproductionOptions: Sendable {
    /// Reduced populations, rounds and grids: the whole report in seconds.
    public var quick: Bool
    /// Seed, threads (which change no number), progress and cancellation.
    public var run: RunOptions
    /// The documents to reproduce ("000", "001" or "002", "003", "004"); nil for all.
    public var documents: [String]?

    /// - Throws: ``InputError`` for an unknown document id.
    public init(quick: Bool = false, run: RunOptions, documents: [String]? = nil) throws {
        let known = Set(Reproduction.documentIDs.flatMap { [$0] + $0.split(separator: "/").map(String.init) })
        if let unknown = documents?.first(where: { !known.contains($0) }) {
            throw InputError(field: "only", value: unknown, expected: "one of 000, 001, 002, 003, 004")
        }
        self.documents = documents
        self.quick = quick
        self.run = run
    }

    /// Seeds every simulation; the report is a function of the options alone.
    public var seed: UInt64 { run.seed }
    /// Worker threads for the parallel parts (does not change any number).
    public var threads: Int { run.threads }

    /// The same options with progress sent to `handler`.
    func reporting(to handler: ProgressHandler?) -> ReproductionOptions {
        var copy = self
        copy.run = run.reporting(to: handler)
        return copy
    }

    /// Whether the section of `id` ("001/002") is asked for ("001", "002" or "001/002").
    func includes(_ id: String) -> Bool {
        guard let documents else { return true }
        return documents.contains { $0 == id || id.split(separator: "/").contains(Substring($0)) }
    }
}
