import BilateralMarket
import Reports
import SurplusCore

/// Document 000: placeholder until its reproduction lands.
enum BilateralMarketReproduction {
    static func section(_ options: ReproductionOptions, progress: ProgressHandler?) throws -> ReportSection {
        ReportSection(id: "000", title: "", source: "", summary: "not yet built")
    }
}
