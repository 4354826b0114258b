import NetworkSharing
import Reports
import SurplusCore

/// Document 004: placeholder until its reproduction lands.
enum NetworkSharingReproduction {
    static func section(_ options: ReproductionOptions, progress: ProgressHandler?) throws -> ReportSection {
        ReportSection(id: "004", title: "", source: "", summary: "not yet built")
    }
}
