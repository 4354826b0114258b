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

extension CommandRun {
    /// Runs `surplus arguments...` as a child process (the executable the build put beside the
    /// test bundle) and captures its output: for `serve` and `agents`, which block their
    /// thread on async work and so must not run on the tests' cooperative threads.
    public init(process arguments: [String]) throws {
        let process = Process()
        process.executableURL = try SurplusExecutable.url()
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        let standardError = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        self.init(arguments: arguments, status: process.terminationStatus,
                  standardOutput: String(decoding: standardOutput, as: UTF8.self), standardError: String(decoding: standardError, as: UTF8.self))
    }

    private init(arguments: [String], status: Int32, standardOutput: String, standardError: String) {
        self.arguments = arguments
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// The `surplus` executable the build put beside the test bundle.
public enum SurplusExecutable {
    public static func url() throws -> URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle(for: Marker.self).bundleURL.deletingLastPathComponent(),
        ].compactMap { $0 }
        for folder in candidates {
            for url in [folder.appendingPathComponent("surplus"), folder.deletingLastPathComponent().appendingPathComponent("surplus")]
            where FileManager.default.isExecutableFile(atPath: url.path) {
                return url
            }
        }
        throw Missing(description: "no surplus executable beside the test bundle (looked in \(candidates.map(\.path)))")
    }

    private final class Marker {}
    struct Missing: Error, CustomStringConvertible { let description: String }
}
