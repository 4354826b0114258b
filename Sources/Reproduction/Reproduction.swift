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
            sections.append(try document.section(options.reporting(to: stages.within(index))))
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
            throw InputError(field: "documents", value: unknown, expected: "one of 000, 001, 002, 003, 004")
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
