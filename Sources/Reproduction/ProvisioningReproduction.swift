import Provisioning
import Reports
import SurplusCore

/// Document 003: placeholder until its reproduction lands.
enum ProvisioningReproduction {
    static func section(_ options: ReproductionOptions, progress: ProgressHandler?) throws -> ReportSection {
        ReportSection(id: "003", title: "", source: "", summary: "not yet built")
    }
}
