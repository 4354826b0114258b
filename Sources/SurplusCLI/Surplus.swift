import ArgumentParser
import Foundation
import SurplusCore

/// The `surplus` command: compute, simulate and compare markets for perishable surplus.
public struct Surplus: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "surplus",
        abstract: "Markets for perishable surplus resources: equilibria, simulations, mechanisms.",
        version: ToolVersion.current,
        subcommands: [
            // One line per command, grouped by source document; each lives in its own file.
            MeanFieldCommand.self,
            SimulateCommand.self,
            SweepCommand.self,
            OptimizeCommand.self,
            PSPCommand.self,
            ExchangeCommand.self,
            ProvisionCommand.self,
            TariffCommand.self,
            BridgeCommand.self,
            NetworkCommand.self,
            ReproduceCommand.self,
            ServeCommand.self,
            AgentsCommand.self,
        ]
    )

    public init() {}

    /// Parses `arguments`, runs the command and returns the process exit status:
    /// 0 on success, 130 when interrupted, 2 with one line on stderr for any invalid input
    /// or failure (`sweep plan | run | merge`: 64, 65 or 1, see ``ExitStatus``).
    public static func main(arguments: [String]) -> Int32 {
        defer { Terminal.finishProgress() }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch is CancellationError {
            Terminal.finishProgress()
            Terminal.standardError("error: interrupted; nothing was written")
            return 130
        } catch let error as InputError {
            Terminal.finishProgress()
            Terminal.standardError("error: " + TypedInput(arguments).naming(error).description)
            return ExitStatus.forFailure(error, arguments: arguments)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's own text on stdout.
                Terminal.print(fullMessage(for: error))
                return 0
            }
            Terminal.finishProgress()
            let text = message(for: error)
            Terminal.standardError("error: " + (text.split(separator: "\n").first.map(String.init) ?? text))
            return ExitStatus.forFailure(error, arguments: arguments)
        }
    }

    /// Runs the command as `main(arguments:)` does, with its stdout and stderr captured:
    /// what tests use to check the exact line a user reads.
    public static func capture(arguments: [String]) -> (status: Int32, console: Console) {
        let console = Console()
        let status = Console.$current.withValue(console) { main(arguments: arguments) }
        return (status, console)
    }
}
