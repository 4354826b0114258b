import Foundation
import SurplusCore

/// The rows of a CSV edge list or agent table (see `NetworkFile`), scanned in place: each row is
/// its line number and up to three trimmed fields as byte ranges of the input.
struct CSVScanner {
    /// One data line: its number (from 1), how many fields it has, and the first three.
    struct Row {
        var line: Int
        var count: Int
        var fields: (Range<Int>, Range<Int>, Range<Int>)
        subscript(_ k: Int) -> Range<Int> { k == 0 ? fields.0 : (k == 1 ? fields.1 : fields.2) }
    }

    let bytes: UnsafeRawBufferPointer
    /// Whether the bytes are an agent table (for the error's name).
    let isAgentTable: Bool
    private var position = 0
    private var line = 0

    init(_ bytes: UnsafeRawBufferPointer, agentTable: Bool = false) {
        self.bytes = bytes
        isAgentTable = agentTable
    }

    /// The error of a line of this file.
    func error(_ line: Int, _ reason: String) -> NetworkError {
        isAgentTable ? .invalidAgentTable(line: line, reason: reason) : .invalidCSV(line: line, reason: reason)
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// Characters dropped around a field: space, tab, double quote.
    @inline(__always)
    static func isPadding(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x22 }

    /// The next data line (blank lines and `#` comments skipped), or nil at the end.
    ///
    /// - Throws: `NetworkError.invalidCSV` for an empty field.
    @inline(__always)
    mutating func nextRow() throws -> Row? {
        let end = bytes.count
        while position < end {
            line += 1
            var lineEnd = position
            while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var low = position, high = lineEnd
            position = lineEnd + 1
            while low < high && Self.isSpace(bytes[low]) { low += 1 }
            while high > low && Self.isSpace(bytes[high - 1]) { high -= 1 }
            if low == high || bytes[low] == 0x23 { continue }
            var row = Row(line: line, count: 0, fields: (0..<0, 0..<0, 0..<0))
            var fieldStart = low
            var k = low
            while true {
                if k == high || bytes[k] == 0x2C {
                    var a = fieldStart, b = k
                    while a < b && Self.isPadding(bytes[a]) { a += 1 }
                    while b > a && Self.isPadding(bytes[b - 1]) { b -= 1 }
                    if a == b { throw error(line, "empty field") }
                    switch row.count {
                    case 0: row.fields.0 = a..<b
                    case 1: row.fields.1 = a..<b
                    case 2: row.fields.2 = a..<b
                    default: break
                    }
                    row.count += 1
                    if k == high { break }
                    fieldStart = k + 1
                }
                k += 1
            }
            return row
        }
        return nil
    }

    /// The bytes of a field.
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[range]) }

    /// A field as text (for messages).
    func text(_ range: Range<Int>) -> String { String(decoding: slice(range), as: UTF8.self) }

    /// Whether the field equals `word` ignoring ASCII case.
    func field(_ range: Range<Int>, is word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard range.count == utf8.count else { return false }
        for (k, c) in zip(range, utf8) where bytes[k] | 0x20 != c | 0x20 { return false }
        return true
    }

    /// Whether an edge list's first row is its header `source,target` or `from,to`.
    func isHeader(_ row: Row) -> Bool {
        row.count == 2 && ((field(row[0], is: "source") && field(row[1], is: "target"))
            || (field(row[0], is: "from") && field(row[1], is: "to")))
    }

    /// Reads the edge list into `endpoints` (two agent indices per edge). Without an agent table
    /// (`knownAgents` nil) every new id becomes the next agent; with one, the table's first
    /// `knownAgents` ids are the agents and any other id is an error.
    mutating func readEdges(table: inout IdentifierTable, knownAgents: Int?, into endpoints: inout [Int32]) throws {
        var first = true
        while let row = try nextRow() {
            guard row.count == 2 else {
                throw error(row.line, "expected 'source,target', found \(row.count) fields")
            }
            if first {
                first = false
                if isHeader(row) { continue }
            }
            guard endpoints.count < 2 * SharingNetwork.maximumEdges else {
                throw error(row.line, "more than \(SharingNetwork.maximumEdges) edges")
            }
            for k in 0..<2 {
                let id = slice(row[k])
                guard let (index, isNew) = table.intern(id) else {
                    throw error(row.line, "more than \(IdentifierTable.capacityLimit) agents")
                }
                if isNew, knownAgents != nil {
                    throw error(row.line, "agent '\(text(row[k]))' is not in the agent table")
                }
                endpoints.append(Int32(index))
            }
        }
    }

    /// The line of edge k (counting from 0, header excluded), for messages.
    mutating func lineOfEdge(_ edge: Int) -> Int? {
        var k = 0
        var first = true
        while let row = try? nextRow() {
            if first {
                first = false
                if isHeader(row) { continue }
            }
            if k == edge { return row.line }
            k += 1
        }
        return nil
    }

    /// Reads an agent table `id,endowment,value` (header optional) into the table and arrays.
    mutating func readAgents(into table: inout IdentifierTable, endowments: inout [Double], values: inout [Double]) throws {
        var first = true
        while let row = try nextRow() {
            guard row.count == 3 else {
                throw error(row.line, "expected 'id,endowment,value', found \(row.count) fields")
            }
            let endowment = number(row[1]), value = number(row[2])
            if first {
                first = false
                if field(row[0], is: "id"), endowment == nil { continue }
            }
            guard let (_, isNew) = table.intern(slice(row[0])) else {
                throw error(row.line, "more than \(IdentifierTable.capacityLimit) agents")
            }
            guard isNew else { throw error(row.line, "id '\(text(row[0]))' is used by an earlier line") }
            endowments.append(try check(endowment, row[1], "endowment", line: row.line))
            values.append(try check(value, row[2], "value", line: row.line))
        }
    }

    /// A parsed number that must be finite and >= 0.
    func check(_ x: Double?, _ range: Range<Int>, _ name: String, line: Int) throws -> Double {
        guard let x else { throw error(line, "\(name) '\(text(range))' is not a number") }
        guard x.isFinite, x >= 0 else {
            throw error(line, "\(name) \(InputError.format(x)) is invalid: expected a finite number >= 0")
        }
        return x
    }

    /// The field as a number, read as `Double(String)` reads one (C `strtod` on the field alone).
    func number(_ range: Range<Int>) -> Double? { NumberText.parse(slice(range)) }
}

/// Numbers in graph files, converted by C `strtod` in the C locale on a copy of the bytes
/// (a number is at most a few dozen bytes), with nothing left over.
enum NumberText {
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        guard let first = bytes.first, !CSVScanner.isSpace(first), bytes.count < 512 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for k in 0..<bytes.count { buffer[k] = CChar(bitPattern: bytes[k]) }
            buffer[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == buffer.baseAddress! + bytes.count else { return nil }
            return value
        }
    }
}
