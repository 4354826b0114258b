import ProgressiveAuction
import Reports
import SurplusCore

/// Document 001/002: placeholder until its reproduction lands.
enum DataExchangeReproduction {
    static func section(_ options: ReproductionOptions, progress: ProgressHandler?) throws -> ReportSection {
        ReportSection(id: "001/002", title: "", source: "", summary: "not yet built")
    }
}
