import Reports
import SurplusCore

/// Runs every headline computation of the source documents with their
/// published settings and assembles the report (`surplus reproduce`).
///
/// One section per document, each built by its own type from the mechanism
/// modules; nothing here reads files or prints. Deterministic for a given seed
/// whatever the thread count.
public enum Reproduction {
    typealias SectionBuilder = (ReproductionOptions, ProgressHandler?) throws -> ReportSection

    /// The sections in report order: document id, progress name, builder.
    static var documents: [(id: String, name: String, build: SectionBuilder)] { [
        ("000", "000 bilateral market", BilateralMarketReproduction.section),
        ("001/002", "001/002 data exchange", DataExchangeReproduction.section),
        ("003", "003 provisioning", ProvisioningReproduction.section),
        ("004", "004 network sharing", NetworkSharingReproduction.section),
    ] }

    /// The document ids a report can hold, in order.
    public static var documentIDs: [String] { documents.map(\.id) }

    /// The report for `options`; `progress` receives one bar over all sections.
    public static func run(_ options: ReproductionOptions, progress: ProgressHandler? = nil) throws -> Report {
        let builders = documents.filter { options.includes($0.id) }
        let steps = 1000
        var sections: [ReportSection] = []
        for (index, (_, name, build)) in builders.enumerated() {
            let offset = index * steps
            let total = builders.count * steps
            progress?(ProgressUpdate(stage: name, completed: offset, total: total))
            var inner: ProgressHandler?
            if let progress {
                inner = { update in
                    progress(ProgressUpdate(
                        stage: "\(name): \(update.stage)",
                        completed: offset + Int(update.fraction * Double(steps - 1)), total: total))
                }
            }
            sections.append(try build(options, inner))
        }
        progress?(ProgressUpdate(stage: "done", completed: builders.count * steps, total: builders.count * steps))
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

/// How much `Reproduction.run` computes.
public struct ReproductionOptions: Sendable, Equatable {
    /// Reduced populations, rounds and grids: the whole report in seconds.
    public var quick: Bool
    /// Seeds every simulation; the report is a function of the options alone.
    public var seed: UInt64
    /// Worker threads for the parallel parts (does not change any number).
    public var threads: Int
    /// The documents to reproduce ("000", "001" or "002", "003", "004"); nil for all.
    public var documents: [String]?

    public init(quick: Bool = false, seed: UInt64 = 1, threads: Int = 2, documents: [String]? = nil) throws {
        guard threads >= 1 else { throw CoreError.invalidValue(field: "threads", value: "\(threads)", expected: "at least 1") }
        let known = Set(Reproduction.documentIDs.flatMap { [$0] + $0.split(separator: "/").map(String.init) })
        if let unknown = documents?.first(where: { !known.contains($0) }) {
            throw CoreError.invalidValue(field: "documents", value: unknown, expected: "one of 000, 001, 002, 003, 004")
        }
        self.documents = documents
        self.quick = quick
        self.seed = seed
        self.threads = threads
    }

    /// Whether the section of `id` ("001/002") is asked for ("001", "002" or "001/002").
    func includes(_ id: String) -> Bool {
        guard let documents else { return true }
        return documents.contains { $0 == id || id.split(separator: "/").contains(Substring($0)) }
    }
}
