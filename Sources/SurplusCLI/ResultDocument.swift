import Foundation
import SurplusCore

/// What `--format json` prints for every command: the result's own fields at the top
/// level, then where the result came from (`version`, `command`, `seed` and every
/// `parameters` value it used, defaults resolved) and, apart, the wall-clock figures
/// (`timing`), so two runs with the same inputs give the same JSON outside `timing`.
struct ResultDocument<Result: Encodable, Parameters: Encodable>: Encodable {
    let result: Result
    let command: String
    let seed: UInt64
    let parameters: Parameters
    let timing: Timing

    enum Keys: String, CodingKey { case version, command, seed, parameters, timing }

    func encode(to encoder: Encoder) throws {
        try result.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ToolVersion.current, forKey: .version)
        try c.encode(command, forKey: .command)
        try c.encode(seed, forKey: .seed)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(timing, forKey: .timing)
    }

    /// The pretty, key-sorted JSON; a non-finite number anywhere in the result is an error
    /// naming its path (the inputs were too large for finite arithmetic).
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch let EncodingError.invalidValue(value, context) {
            let path = StrictJSON.render(context.codingPath)
            throw CommandError("the result's \(path) is \(value): the inputs are too large to compute it in finite numbers")
        }
    }
}

/// Wall-clock figures of a run: its seconds, the threads it had, and rates derived from
/// them (`agentPeriodsPerSecond`). Nothing else in a result depends on the clock.
struct Timing: Encodable {
    var seconds: Double
    var threads: Int
    var rates: [String: Double] = [:]

    /// The time since `started`, on `threads` threads.
    init(since started: ContinuousClock.Instant, threads: Int, rates: [String: Double] = [:]) {
        seconds = (ContinuousClock.now - started).seconds
        self.threads = threads
        self.rates = rates
    }

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(seconds, forKey: Key(stringValue: "seconds"))
        try c.encode(threads, forKey: Key(stringValue: "threads"))
        for (name, value) in rates { try c.encode(value, forKey: Key(stringValue: name)) }
    }
}
