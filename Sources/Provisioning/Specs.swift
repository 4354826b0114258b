import SurplusCore

/// The one-line specs a front end accepts for the laws of a pool: `power:A:ALPHA`,
/// `power:B:BETA[:DELTA]`, `uniform:LO:HI`, `beta:A:B`, `empirical:FILE`. Numbers may be
/// written as fractions (`2/3`). `field` names the option or key in the errors.
extension Utility.PowerLaw {
    /// `power:A:ALPHA`: u(Q) = A Q^alpha (Assumption 1; validated where the law is used).
    public init(spec: String, field: String = "utility") throws {
        let p = spec.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 3, p[0] == "power" else {
            throw InputError(field: field, value: spec, expected: "power:A:ALPHA (u = A Q^alpha)")
        }
        self.init(coefficient: try specNumber(p[1], "\(field) A"), exponent: try specNumber(p[2], "\(field) ALPHA"))
    }
}

extension Cost.PowerLaw {
    /// `power:B:BETA[:DELTA]`: c(n, Q) = B n^delta Q^beta, delta = 0 when omitted (Assumption 1).
    public init(spec: String, field: String = "cost") throws {
        let p = spec.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 3 || p.count == 4, p[0] == "power" else {
            throw InputError(field: field, value: spec, expected: "power:B:BETA[:DELTA] (c = B n^delta Q^beta)")
        }
        self.init(
            coefficient: try specNumber(p[1], "\(field) B"), exponent: try specNumber(p[2], "\(field) BETA"),
            populationExponent: p.count == 4 ? try specNumber(p[3], "\(field) DELTA") : 0)
    }
}

extension TypeDistribution {
    /// `uniform:LO:HI`, `beta:A:B`, or `empirical:FILE` when the caller can read files:
    /// `readSamples(FILE)` returns the file's text, whose numbers are the observations
    /// (see ``empirical(parsing:field:)``). Without a reader only the laws with a density are accepted.
    public init(spec: String, field: String = "types", readSamples: ((String) throws -> String)? = nil) throws {
        do {
            try self.init(parsing: spec, field: field, readSamples: readSamples)
        } catch let error as InputError where error.field.hasPrefix("types") && field != "types" {
            // The laws name their parts after the scenario field (`types.high`); say what was typed.
            let part = error.field.dropFirst("types".count).drop { $0 == "." }
            throw InputError(field: part.isEmpty ? field : "\(field) \(part)", value: error.value, expected: error.expected)
        }
    }

    private init(parsing spec: String, field: String, readSamples: ((String) throws -> String)?) throws {
        let p = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let kind = p[0]
        let rest = p.count > 1 ? p[1] : ""
        switch (kind, readSamples) {
        case ("uniform", _), ("beta", _):
            let q = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard q.count == 2 else {
                throw InputError(field: field, value: spec, expected: kind == "beta" ? "beta:A:B" : "uniform:LO:HI")
            }
            let x = try specNumber(q[0], field), y = try specNumber(q[1], field)
            self = kind == "uniform" ? try .uniform(low: x, high: y) : try .beta(x, y)
        case ("empirical", let read?):
            self = try .empirical(parsing: try read(String(rest)), field: field)
        default:
            throw InputError(
                field: field, value: spec,
                expected: readSamples == nil ? "uniform:LO:HI or beta:A:B" : "uniform:LO:HI, beta:A:B or empirical:FILE")
        }
    }

    /// The empirical law of the numbers in `text`, separated by spaces, commas or lines.
    public static func empirical(parsing text: String, field: String = "types") throws -> TypeDistribution {
        let tokens = text.split(whereSeparator: { $0 == "," || $0.isWhitespace })
        return try .empirical(tokens.map { try specNumber($0, "\(field) sample") })
    }
}

/// A finite number, or a fraction `P/Q` of two (Q != 0).
func specNumber(_ text: Substring, _ field: String) throws -> Double {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count == 2, let p = Double(parts[0]), let q = Double(parts[1]), q != 0, (p / q).isFinite { return p / q }
    if parts.count == 1, let x = Double(text), x.isFinite { return x }
    throw InputError(field: field, value: String(text), expected: "a number (fractions such as 2/3 are allowed)")
}
