import ArgumentParser
import Foundation
import Synchronization
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

/// Writing results and diagnostics: to the process's stdout and stderr, or to a
/// ``Console`` when a test captures them.
enum Terminal {
    /// Writes `text` on stdout, followed by `terminator`.
    static func print(_ text: String, terminator: String = "\n") {
        write(text + terminator, error: false)
    }

    static func standardError(_ line: String) {
        write(line + "\n", error: true)
    }

    /// Encodes `value` as pretty, key-sorted JSON on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let data = try StrictJSON.encoder().encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    private static func write(_ text: String, error: Bool) {
        if let console = Console.current {
            console.append(text, error: error)
        } else {
            (error ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
        }
    }

    /// Whether stderr is an interactive terminal (progress bars only then; never when captured).
    static var stderrIsTerminal: Bool { Console.current == nil && isatty(2) == 1 }

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

/// What a command wrote, captured instead of printed (``Surplus/capture(arguments:)``).
public final class Console: Sendable {
    @TaskLocal static var current: Console?
    private let text = Mutex<(out: String, err: String)>(("", ""))

    init() {}

    func append(_ chunk: String, error: Bool) {
        text.withLock { if error { $0.err += chunk } else { $0.out += chunk } }
    }

    /// Everything written on stdout.
    public var standardOutput: String { text.withLock { $0.out } }
    /// Everything written on stderr.
    public var standardError: String { text.withLock { $0.err } }
}
