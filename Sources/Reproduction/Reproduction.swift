import Reports
import SurplusCore

/// Runs every headline computation of the source documents with their
/// published settings and assembles the report (`surplus reproduce`).
///
/// One section per document, each built by its own type from the mechanism
/// modules; nothing here reads files or prints. Deterministic for a given seed
/// whatever the thread count.
public enum Reproduction {
    /// The report for `options`; `progress` receives one bar over all sections.
    public static func run(_ options: ReproductionOptions, progress: ProgressHandler? = nil) throws -> Report {
        let builders: [(name: String, build: (ReproductionOptions, ProgressHandler?) throws -> ReportSection)] = [
            ("000 bilateral market", BilateralMarketReproduction.section),
            ("001/002 data exchange", DataExchangeReproduction.section),
            ("003 provisioning", ProvisioningReproduction.section),
            ("004 network sharing", NetworkSharingReproduction.section),
        ]
        let steps = 1000
        var sections: [ReportSection] = []
        for (index, (name, build)) in builders.enumerated() {
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

    public init(quick: Bool = false, seed: UInt64 = 1, threads: Int = 2) throws {
        guard threads >= 1 else { throw CoreError.invalidValue(field: "threads", value: "\(threads)", expected: "at least 1") }
        self.quick = quick
        self.seed = seed
        self.threads = threads
    }
}
