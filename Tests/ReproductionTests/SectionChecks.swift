import Reports
import Testing

/// Structural checks every report section must pass, shared by the four section suites.
enum SectionChecks {
    /// `section` has the given id, complete comparisons whose verdicts follow from their
    /// numbers, unique items, and well-formed figures including `figureIDs`, each drawable.
    static func check(_ section: ReportSection, id: String, figureIDs: [String]) {
        #expect(section.id == id)
        #expect(!section.title.isEmpty && !section.source.isEmpty && !section.summary.isEmpty)
        #expect(!section.comparisons.isEmpty)
        #expect(Set(section.comparisons.map(\.item)).count == section.comparisons.count, "items repeat")
        for c in section.comparisons {
            for field in [c.item, c.location, c.published, c.surplus, c.difference, c.reason] {
                #expect(!field.isEmpty, "empty field in '\(c.item)'")
            }
            if let p = c.publishedValue, let s = c.surplusValue, let t = c.tolerance {
                #expect(p.isFinite && s.isFinite && t >= 0 && t.isFinite, "'\(c.item)': \(s) vs \(p) +- \(t)")
                #expect((c.verdict == .reproduced) == (abs(s - p) <= t), "'\(c.item)': \(s) vs \(p) +- \(t) but \(c.verdict)")
            } else {
                #expect(c.publishedValue == nil && c.surplusValue == nil && c.tolerance == nil, "'\(c.item)'")
                #expect(c.difference == "-", "claim '\(c.item)' has a difference")
            }
        }
        let ids = section.figures.map(\.id)
        #expect(Set(ids).count == ids.count, "figure ids repeat")
        for wanted in figureIDs { #expect(ids.contains(wanted), "missing figure \(wanted)") }
        let prefix = String(id.prefix(3)) + "-"
        for f in section.figures {
            #expect(f.id.hasPrefix(prefix) && f.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(f.id)")
            #expect(!f.caption.isEmpty && !f.chart.title.isEmpty && !f.chart.x.title.isEmpty && !f.chart.y.title.isEmpty, "\(f.id)")
            #expect((1...6).contains(f.chart.series.count), "\(f.id): \(f.chart.series.count) series")
            for s in f.chart.series {
                #expect(!s.name.isEmpty && s.x.count <= 400, "\(f.id) \(s.name)")
            }
            // Everything else a chart needs (equal lengths, finite values, positive on log axes,
            // category indices) is what the renderer validates; its labels must not collide.
            #expect(throws: Never.self, "\(f.id)") { _ = try ChartLayout(f.chart) }
            if let layout = try? ChartLayout(f.chart) {
                for (i, a) in layout.texts.enumerated() {
                    for b in layout.texts[(i + 1)...] { #expect(!a.overlaps(b), "\(f.id): '\(a.text)' overlaps '\(b.text)'") }
                }
            }
        }
    }

    static func comparison(_ section: ReportSection, _ item: String) -> Comparison? {
        section.comparisons.first { $0.item == item }
    }
}
