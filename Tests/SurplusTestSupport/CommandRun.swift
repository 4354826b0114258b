import Foundation
import SurplusCLI

/// One run of the `surplus` command in this process, with what it printed.
public struct CommandRun: Sendable, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public let standardOutput: String
    public let standardError: String

    /// Runs `surplus arguments...` and captures its output.
    public init(_ arguments: [String]) {
        self.arguments = arguments
        let (status, console) = Surplus.capture(arguments: arguments)
        self.status = status
        standardOutput = console.standardOutput
        standardError = console.standardError
    }

    /// The lines on stderr.
    public var errorLines: [Substring] { standardError.split(separator: "\n") }

    /// The run failed the way every invalid input must: status 2, and exactly one line
    /// on stderr, `error: ...`, that contains each of `fragments` (the field, the value).
    public func isUsageError(mentioning fragments: [String] = []) -> Bool {
        status == 2 && errorLines.count == 1 && errorLines[0].hasPrefix("error: ")
            && fragments.allSatisfy { standardError.contains($0) }
    }

    public var description: String {
        "surplus \(arguments.joined(separator: " ")) -> \(status)\nstdout: \(standardOutput)\nstderr: \(standardError)"
    }
}

/// Writes `text` to a fresh file in the temporary directory and returns its path.
public func temporaryFile(_ text: String, suffix: String = ".json") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("surplus-\(UUID().uuidString)\(suffix)").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

extension CommandRun {
    /// The keys every JSON result carries besides the result itself.
    public static let provenanceKeys = ["version", "command", "seed", "parameters", "timing"]

    /// The JSON printed without its `timing` object, canonical (sorted keys): what two runs
    /// with the same inputs must print alike.
    public func jsonWithoutTiming() throws -> String { try canonicalJSON(standardOutput, dropping: ["timing"]) }

    /// The result's own fields, canonical: the JSON without its provenance and timing.
    public func resultJSON() throws -> String { try canonicalJSON(standardOutput, dropping: Self.provenanceKeys) }
}

/// `text` parsed and printed again with sorted keys, without the top-level `dropping` keys,
/// so that two JSON texts compare equal exactly when they hold the same values.
public func canonicalJSON(_ text: String, dropping keys: [String] = []) throws -> String {
    var object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    if var dictionary = object as? [String: Any] {
        for key in keys { dictionary.removeValue(forKey: key) }
        object = dictionary
    }
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
    return String(decoding: data, as: UTF8.self)
}
