import Foundation
import SurplusTestSupport
import Testing

/// Every option that takes a value, of every command, read from the command's own help
/// (`--experimental-dump-help`, so a new option is covered the day it is added), tried with
/// the values that break programs: -1, 0, nan, inf, 1e308 and the largest integer. Each run
/// must either succeed with a finite result or exit 2 with one line naming the option.
/// `agents` runs against a loopback port where nothing listens: a value it accepts ends in one
/// line naming that address (the run got past its checks to the network), any other refusal
/// must name the option. (`serve` would start a server on an accepted value; its bad inputs are
/// tried by `DocumentedBadInputTests` and `Scripts/try-inputs.py`.)
@Suite struct EveryOptionTests {
    /// Where `agents` finds no server.
    static let unreachable = "127.0.0.1:1"
    /// Small base runs, so that an accepted value finishes quickly in a debug build.
    static let bases: [String: [String]] = [
        "mfe": ["--budget-step", "0.1", "--scan-points", "11"],
        "simulate": ["--agents", "2000", "--periods", "5", "--budget-step", "0.1", "--scan-points", "11"],
        "sweep": ["--prices", "6.5:7.5:0.5", "--budget-step", "0.1", "--scan-points", "11"],
        "psp": ["--scenario", ExchangeCommandTests.scenario("psp-lazar-semret.json")],
        "exchange": ["--scenario", ExchangeCommandTests.example],
        "provision": ["--players", "20"],
        "tariff": [],
        "bridge": ["--grid-points", "21"],
        "network": ["--graph", "erdos-renyi:n=50,degree=4"],
        "agents": ["--server", "http://\(unreachable)", "--admin-key", "k", "--kind", "bilateral", "--agents", "10", "--periods", "2",
                   "--budget-step", "0.1", "--scan-points", "11"],
    ]
    /// Options that name files or folders, tried by the tests of each command instead.
    static let paths: Set<String> = ["scenario", "graph", "out", "network --agents", "format"]
    static let values = ["-1", "0", "nan", "inf", "1e308", String(Int.max)]

    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let option: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    /// The options of `command` that take a value and are not a choice among named values.
    static func valueOptions(of command: String) -> [String] {
        let run = CommandRun([command, "--experimental-dump-help"])
        guard let data = run.standardOutput.data(using: .utf8),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let info = root["command"] as? [String: Any], let arguments = info["arguments"] as? [[String: Any]]
        else { return [] }
        return arguments.compactMap { argument in
            guard argument["kind"] as? String == "option", argument["allValues"] == nil,
                let names = argument["names"] as? [[String: Any]], let name = names.first?["name"] as? String
            else { return nil }
            return paths.contains(name) || paths.contains("\(command) --\(name)") ? nil : name
        }
    }

    static let cases: [Case] = bases.keys.sorted().flatMap { command in
        valueOptions(of: command).flatMap { option in
            values.map { value in
                let base = bases[command] ?? []
                var kept: [String] = []
                var k = 0
                while k < base.count {
                    if base[k] == "--\(option)" { k += 2; continue }
                    kept.append(base[k])
                    k += 1
                }
                return Case(arguments: [command] + kept + ["--\(option)", value, "--format", "json"], option: "--\(option)")
            }
        }
    }

    @Test func everyCommandHasItsOptionsRead() {
        for command in Self.bases.keys { #expect(!Self.valueOptions(of: command).isEmpty, "\(command)") }
        #expect(Self.cases.count > 300)
    }

    @Test(arguments: cases)
    func extremeValueIsJudged(_ c: Case) throws {
        // `agents` blocks its thread on async work: a child process, off the tests' threads.
        let run = c.arguments.first == "agents" ? try CommandRun(process: c.arguments) : CommandRun(c.arguments)
        if run.status == 0 {
            #expect(!run.standardOutput.contains("\"nan\"") && !run.standardOutput.contains("\"inf\""), "\(run)")
        } else if c.arguments.first == "agents", run.isUsageError(mentioning: [Self.unreachable]) {
            // accepted: the run reached the network
        } else {
            #expect(run.isUsageError(mentioning: [c.option]), "\(run)")
        }
    }
}
