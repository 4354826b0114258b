import ArgumentParser
import Foundation
import Synchronization
import Reports
import SurplusCore

/// How a command prints its result.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv
}

/// The `--format` option every command shares.
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: table (default), json, or csv where the result is a series.")
    var format: OutputFormat = .table

    /// Throws if `csv` is asked of a command whose result is not a series.
    func requireNotCSV() throws {
        if format == .csv { throw ValidationError("--format csv is only available for series results") }
    }
}

/// Writing results and diagnostics.
enum Terminal {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Encodes `value` as pretty, key-sorted JSON on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let data = try StrictJSON.encoder().encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Whether stderr is an interactive terminal (progress bars only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// A progress handler drawing a one-line bar on stderr, or nil when stderr is not a terminal.
    /// Redraws only when the stage or the whole percentage changes, so callers may report often.
    static func progressBar() -> ProgressHandler? {
        guard stderrIsTerminal else { return nil }
        let drawn = Mutex<(stage: String, percent: Int, width: Int)>(("", -1, 0))
        return { update in
            let percent = Int(update.fraction * 100)
            drawn.withLock { last in
                guard update.stage != last.stage || percent != last.percent else { return }
                let width = 30
                let filled = Int(update.fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                var line = "\r\(update.stage) [\(bar)] \(percent)%"
                let length = line.count
                line += String(repeating: " ", count: max(0, last.width - length))
                if update.completed >= update.total { line += "\n" }
                FileHandle.standardError.write(Data(line.utf8))
                last = (update.stage, percent, length)
            }
        }
    }

    /// Reads a scenario file strictly (unknown fields are errors).
    static func readScenario<T: Codable>(_ type: T.Type, path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("cannot read scenario file '\(path)'")
        }
        do {
            return try StrictJSON.decode(T.self, from: data)
        } catch let failure as StrictJSON.DecodingFailure {
            throw CommandError("\(path): \(failure.description)")
        }
    }
}

/// A failure of the command line itself (unreadable file, bad option value).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// The duration in seconds, for throughput figures.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
