import ArgumentParser
import Foundation
import Synchronization
import SurplusCore
import TextFormatting

/// How a command prints its result.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv
}

/// The `--format` option of a command whose result has rows (a series, a menu, trades):
/// table, json or csv.
struct FormatOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Output format: table (default), json, or csv (the result's rows).")
    var format: OutputFormat = .table

    var outputFormat: OutputFormat { format }
}

/// The `--format` option of a command whose result is one summary: table or json.
struct SummaryFormatOptions: ParsableArguments {
    enum SummaryFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(parsing: .unconditional, help: "Output format: table (default) or json.")
    var format: SummaryFormat = .table

    var outputFormat: OutputFormat { format == .json ? .json : .table }
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

    /// Prints a command's result in `format`: `table()` or `csv()` for people and
    /// spreadsheets, or the ``ResultDocument`` as pretty, key-sorted JSON. Whatever the
    /// format, the result is encoded first, and a non-finite number in it is an error
    /// (exit 2), never a table of `inf` or a JSON `"nan"`.
    static func emit<Result: Encodable, Parameters: Encodable>(
        _ document: ResultDocument<Result, Parameters>, format: OutputFormat,
        table: () -> String, csv: (() -> String)? = nil
    ) throws {
        let json = try document.json()
        switch format {
        case .json: print(json)
        case .table: print(table(), terminator: "")
        case .csv:
            guard let csv else { throw CommandError("--format csv: this result has no rows; use table or json") }
            print(csv(), terminator: "")
        }
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

    /// A progress handler drawing a one-line bar on stderr with the time left, or nil when
    /// stderr is not a terminal. Redraws only when the stage or the whole percentage changes,
    /// so callers may report often.
    static func progressBar() -> ProgressHandler? {
        guard stderrIsTerminal else { return nil }
        let started = ContinuousClock.now
        return { update in
            let percent = Int(update.fraction * 100)
            progressLine.withLock { last in
                guard update.stage != last.stage || percent != last.percent else { return }
                let width = 30
                let filled = Int(update.fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                var line = "\r\(update.stage) [\(bar)] \(percent)%"
                let elapsed = (ContinuousClock.now - started).seconds
                if update.fraction >= 0.01, update.fraction < 1, elapsed >= 2 {
                    line += ", about \(Format.duration(elapsed * (1 - update.fraction) / update.fraction)) left (Ctrl-C stops)"
                }
                let length = line.count
                line += String(repeating: " ", count: max(0, last.width - length))
                let done = update.completed >= update.total
                if done { line += "\n" }
                FileHandle.standardError.write(Data(line.utf8))
                last = (update.stage, percent, done ? 0 : length)
            }
        }
    }

    /// The bar's last line: its stage and percentage, and its width while it is open.
    private static let progressLine = Mutex<(stage: String, percent: Int, width: Int)>(("", -1, 0))

    /// Ends an open progress line, so what follows starts on a line of its own.
    static func finishProgress() {
        progressLine.withLock { last in
            if last.width > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
            last = ("", -1, 0)
        }
    }

    /// The largest scenario file read: decoding it takes seconds, not minutes.
    static let maximumScenarioBytes = 64_000_000

    /// Reads a scenario file strictly (unknown fields are errors).
    static func readScenario<T: Codable>(_ type: T.Type, path: String) throws -> T {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumScenarioBytes else {
            throw CommandError("\(path): \(size / 1_000_000) MB; a scenario file may hold at most \(maximumScenarioBytes / 1_000_000) MB")
        }
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
