import SurplusCore

/// What the JSON graph parser collects: ids interned in order of first sight (an edge may name
/// an agent before the agent list does), the agents in list order, and the edges as table indices.
struct JSONGraph {
    var table = IdentifierTable(expected: 1 << 12)
    /// The agent index of each table entry (-1: named by an edge only, so far).
    var agentOfEntry: [Int32] = []
    /// The table entry of each agent.
    var entryOfAgent: [Int32] = []
    var endowments: [Double] = []
    var values: [Double] = []
    /// Two table entries per edge.
    var endpoints: [Int32] = []

    /// The network: edges remapped to agent indices.
    ///
    /// - Throws: `NetworkError.unknownAgent` for the first edge naming an id no agent has, and
    ///   what `SharingNetwork`'s initializer throws.
    func network() throws -> SharingNetwork {
        let ids = try table.strings(entryOfAgent.lazy.map(Int.init)) { k in
            InputError(field: "agents[\(k)].id", value: "(bytes)", expected: "UTF-8 text")
        }
        var agentEndpoints = endpoints
        let identity = agentOfEntry.count == entryOfAgent.count
            && agentOfEntry.indices.allSatisfy { agentOfEntry[$0] == Int32($0) }
        if !identity {
            for (e, entry) in endpoints.enumerated() {
                let agent = agentOfEntry[Int(entry)]
                guard agent >= 0 else {
                    throw NetworkError.unknownAgent(edge: e / 2, id: table.string(Int(entry)) ?? "?")
                }
                agentEndpoints[e] = agent
            }
        }
        return try SharingNetwork(validIDs: ids, endowments: endowments, values: values, endpoints: agentEndpoints)
    }
}

/// A strict, streaming parser of the JSON graph file (RFC 8259 syntax; the schema of
/// `NetworkDescription`), reading the bytes once into a `JSONGraph`.
struct JSONGraphParser {
    let bytes: UnsafeRawBufferPointer
    private var position = 0
    /// The bytes of the last string read, when it had escapes.
    private var unescaped: [UInt8] = []

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func parse(into graph: inout JSONGraph) throws {
        skipSpace()
        try expect(0x7B, "'{' (a graph file is an object with agents and edges)")
        var seen = (agents: false, edges: false)
        try members(path: "") { parser, key in
            switch key {
            case "agents":
                guard !seen.agents else { throw NetworkError.invalidJSON(path: "agents", reason: "repeated field") }
                seen.agents = true
                try parser.agents(into: &graph)
            case "edges":
                guard !seen.edges else { throw NetworkError.invalidJSON(path: "edges", reason: "repeated field") }
                seen.edges = true
                try parser.edges(into: &graph)
            default:
                throw NetworkError.invalidJSON(path: key, reason: "unknown field")
            }
        }
        skipSpace()
        guard position == bytes.count else { throw syntax("the end of the document after its object") }
        if !seen.agents { throw NetworkError.invalidJSON(path: "agents", reason: "missing field") }
        if !seen.edges { throw NetworkError.invalidJSON(path: "edges", reason: "missing field") }
    }

    // MARK: - The schema

    private mutating func agents(into graph: inout JSONGraph) throws {
        try array(path: "agents") { parser, k in
            let path = "agents[\(k)]"
            guard parser.peek() == 0x7B else { throw parser.typeError(path, "an object") }
            parser.position += 1
            var endowment: Double?, value: Double?, entry: Int?
            try parser.members(path: path) { parser, key in
                switch key {
                case "id":
                    guard entry == nil else { throw NetworkError.invalidJSON(path: "\(path).id", reason: "repeated field") }
                    entry = try parser.agentID(path: "\(path).id", agent: k, graph: &graph)
                case "endowment":
                    guard endowment == nil else { throw NetworkError.invalidJSON(path: "\(path).endowment", reason: "repeated field") }
                    endowment = try parser.number(path: "\(path).endowment")
                case "value":
                    guard value == nil else { throw NetworkError.invalidJSON(path: "\(path).value", reason: "repeated field") }
                    value = try parser.number(path: "\(path).value")
                default:
                    throw NetworkError.invalidJSON(path: "\(path).\(key)", reason: "unknown field")
                }
            }
            guard entry != nil else { throw NetworkError.invalidJSON(path: "\(path).id", reason: "missing field") }
            guard let endowment else { throw NetworkError.invalidJSON(path: "\(path).endowment", reason: "missing field") }
            guard let value else { throw NetworkError.invalidJSON(path: "\(path).value", reason: "missing field") }
            graph.endowments.append(endowment)
            graph.values.append(value)
        }
    }

    /// Reads agent k's id and makes its table entry that agent's.
    private mutating func agentID(path: String, agent k: Int, graph: inout JSONGraph) throws -> Int {
        guard peek() == 0x22 else { throw typeError(path, "a string") }
        let (entry, isNew) = try internString(&graph, path: path)
        if isNew { graph.agentOfEntry.append(-1) }
        guard graph.agentOfEntry[entry] < 0 else {
            throw InputError(field: path, value: "'\(graph.table.string(entry) ?? "?")'", expected: "an id not used by an earlier entry")
        }
        if graph.table.string(entry)?.isEmpty ?? false {
            throw InputError(field: path, value: "\"\"", expected: "a non-empty id")
        }
        graph.agentOfEntry[entry] = Int32(k)
        graph.entryOfAgent.append(Int32(entry))
        return entry
    }

    private mutating func edges(into graph: inout JSONGraph) throws {
        try array(path: "edges") { parser, k in
            guard parser.peek() == 0x5B else { throw parser.typeError("edges[\(k)]", "a list") }
            guard graph.endpoints.count < 2 * SharingNetwork.maximumEdges else {
                throw NetworkError.invalidJSON(path: "edges[\(k)]", reason: "more than \(SharingNetwork.maximumEdges) edges")
            }
            parser.position += 1
            var count = 0
            try parser.array(path: "edges[\(k)]", opened: true) { parser, position in
                guard parser.peek() == 0x22 else { throw parser.typeError("edges[\(k)][\(position)]", "a string") }
                let (entry, isNew) = try parser.internString(&graph, path: "edges[\(k)][\(position)]")
                if isNew { graph.agentOfEntry.append(-1) }
                if count < 2 { graph.endpoints.append(Int32(entry)) }
                count += 1
            }
            guard count == 2 else {
                throw NetworkError.malformedEdge(edge: k, reason: "expected a pair of agent ids, found \(count) ids")
            }
        }
    }

    private mutating func internString(_ graph: inout JSONGraph, path: String) throws -> (Int, Bool) {
        let range = try string()
        let interned = unescapedLast
            ? unescaped.withUnsafeBytes { graph.table.intern($0) }
            : graph.table.intern(UnsafeRawBufferPointer(rebasing: bytes[range]))
        guard let interned else {
            throw NetworkError.invalidJSON(path: path, reason: "more than \(IdentifierTable.capacityLimit) ids")
        }
        return interned
    }

    // MARK: - Syntax

    /// Whether the last `string()` had escapes (its bytes are then in `unescaped`).
    private var unescapedLast = false

    @inline(__always)
    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    @inline(__always)
    private mutating func skipSpace() {
        while position < bytes.count {
            let b = bytes[position]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            position += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard peek() == byte else { throw syntax(what) }
        position += 1
    }

    /// The members of an object whose '{' was read: `body(key)` reads each value.
    private mutating func members(path: String, _ body: (inout JSONGraphParser, String) throws -> Void) throws {
        skipSpace()
        if peek() == 0x7D { position += 1; return }
        while true {
            skipSpace()
            guard peek() == 0x22 else { throw syntax("a field name in quotes") }
            let range = try string()
            let key = unescapedLast
                ? String(decoding: unescaped, as: UTF8.self)
                : String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            skipSpace()
            try expect(0x3A, "':' after a field name")
            skipSpace()
            try body(&self, key)
            skipSpace()
            if peek() == 0x2C { position += 1; continue }
            try expect(0x7D, "',' or '}'" + (path.isEmpty ? "" : " in \(path)"))
            return
        }
    }

    /// The elements of an array: `body(index)` reads each value (its first byte is current).
    private mutating func array(
        path: String, opened: Bool = false, _ body: (inout JSONGraphParser, Int) throws -> Void
    ) throws {
        skipSpace()
        if !opened {
            guard peek() == 0x5B else { throw typeError(path, "a list") }
            position += 1
            skipSpace()
        }
        if peek() == 0x5D { position += 1; return }
        var k = 0
        while true {
            skipSpace()
            try body(&self, k)
            k += 1
            skipSpace()
            if peek() == 0x2C { position += 1; continue }
            try expect(0x5D, "',' or ']' in \(path)")
            return
        }
    }

    /// Reads a string at the current '"'. Returns the range of its raw bytes; when it has
    /// escapes, `unescapedLast` is set and its bytes are in `unescaped`.
    private mutating func string() throws -> Range<Int> {
        position += 1
        let start = position
        unescapedLast = false
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x22 {
                position += 1
                return start..<(position - 1)
            }
            if b == 0x5C {
                unescaped.removeAll(keepingCapacity: true)
                unescaped.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
                try unescapeRest()
                unescapedLast = true
                return start..<start
            }
            if b < 0x20 { throw syntax("a string without control characters (escape them)") }
            position += 1
        }
        throw syntax("'\"' closing the string")
    }

    /// The rest of a string from its first backslash, into `unescaped`.
    private mutating func unescapeRest() throws {
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x22 { position += 1; return }
            if b < 0x20 { throw syntax("a string without control characters (escape them)") }
            guard b == 0x5C else { unescaped.append(b); position += 1; continue }
            position += 1
            guard let e = peek() else { break }
            position += 1
            switch e {
            case 0x22, 0x5C, 0x2F: unescaped.append(e)
            case 0x62: unescaped.append(0x08)
            case 0x66: unescaped.append(0x0C)
            case 0x6E: unescaped.append(0x0A)
            case 0x72: unescaped.append(0x0D)
            case 0x74: unescaped.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard peek() == 0x5C else { throw syntax("a low surrogate after a high one") }
                    position += 1
                    guard peek() == 0x75 else { throw syntax("a low surrogate after a high one") }
                    position += 1
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw syntax("a low surrogate after a high one") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let s = Unicode.Scalar(scalar) else { throw syntax("a valid \\u escape") }
                unescaped.append(contentsOf: String(Character(s)).utf8)
            default:
                throw syntax("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
            }
        }
        throw syntax("'\"' closing the string")
    }

    private mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let b = peek() else { throw syntax("four hex digits after \\u") }
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw syntax("four hex digits after \\u")
            }
            v = v << 4 | d
            position += 1
        }
        return v
    }

    /// A JSON number at the current byte.
    private mutating func number(path: String) throws -> Double {
        let start = position
        func digits() -> Int {
            let from = position
            while let b = peek(), b >= 0x30 && b <= 0x39 { position += 1 }
            return position - from
        }
        if peek() == 0x2D { position += 1 }
        let integer = digits()
        guard integer > 0 else {
            position = start
            throw typeError(path, "a number")
        }
        if integer > 1 && bytes[position - integer] == 0x30 {
            position -= integer
            throw syntax("a number without leading zeros")
        }
        if peek() == 0x2E {
            position += 1
            guard digits() > 0 else { throw syntax("digits after the decimal point") }
        }
        if let e = peek(), e == 0x65 || e == 0x45 {
            position += 1
            if let s = peek(), s == 0x2B || s == 0x2D { position += 1 }
            guard digits() > 0 else { throw syntax("digits in the exponent") }
        }
        guard let x = NumberText.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<position])) else {
            throw NetworkError.invalidJSON(path: path, reason: "expected a number")
        }
        return x
    }

    // MARK: - Errors

    /// A value of the wrong type at `path` (the value is current and unread).
    private func typeError(_ path: String, _ expected: String) -> Error {
        switch peek() ?? 0 {
        case 0x22, 0x7B, 0x5B, 0x74, 0x66, 0x2D, 0x30...0x39:
            return NetworkError.invalidJSON(path: path, reason: "expected \(expected)")
        case 0x6E:
            return NetworkError.invalidJSON(path: path, reason: "expected \(expected), found null")
        default:
            return syntax("a value for \(path)")
        }
    }

    /// Malformed JSON at the current position.
    private func syntax(_ expected: String) -> Error {
        var line = 1, column = 1
        for k in 0..<min(position, bytes.count) {
            if bytes[k] == 0x0A { line += 1; column = 1 } else if bytes[k] & 0xC0 != 0x80 { column += 1 }
        }
        let found = position < bytes.count ? "" : " (the file ends here)"
        return NetworkError.invalidJSON(path: "", reason: "malformed JSON at line \(line), column \(column): expected \(expected)\(found)")
    }
}
