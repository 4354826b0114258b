import Foundation

/// A plain-text table for terminals: a header row, a rule, aligned columns.
///
/// Numbers (cells that parse as a number, optionally with a trailing `%`) are
/// right-aligned, text is left-aligned.
public struct TextTable: Sendable, Equatable {
    public var title: String?
    public var header: [String]
    public var rows: [[String]]

    public init(title: String? = nil, header: [String], rows: [[String]] = []) {
        self.title = title
        self.header = header
        self.rows = rows
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    public func render() -> String {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        func cell(_ row: [String], _ c: Int) -> String { c < row.count ? row[c] : "" }
        var widths = Array(repeating: 0, count: columns)
        for row in [header] + rows {
            for c in 0..<columns { widths[c] = max(widths[c], cell(row, c).count) }
        }
        func line(_ row: [String]) -> String {
            (0..<columns).map { c in
                let text = cell(row, c)
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return TextTable.isNumeric(text) ? pad + text : text + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out: [String] = []
        if let title { out.append(title) }
        out.append(line(header))
        out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    static func isNumeric(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasSuffix("%") { body = body.dropLast() }
        return !body.isEmpty && Double(body) != nil
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
