import ArgumentParser
import Configuration
import Foundation
import Logging
import Server
import Synchronization

/// `surplus serve`: the live market server (DESIGN.md, "The live market server").
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the live markets over HTTP: participants, money, exchange and bilateral markets, events.",
        discussion: """
            Each option falls back to its environment variable (SURPLUS_HOST, SURPLUS_PORT, SURPLUS_DATABASE, \
            SURPLUS_ADMIN_KEY, SURPLUS_ROUND_INTERVAL, SURPLUS_LOG_LEVEL), then to its default. Prints \
            'surplus: listening on http://HOST:PORT' on stderr when ready; SIGINT or SIGTERM stops it gracefully. \
            The API is described at /openapi.yaml.
            """)

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(parsing: .unconditional, help: "Port to listen on; 0 picks a free one (default 8080).")
    var port: String?

    @Option(help: "SQLite file (default surplus.sqlite) or postgres://USER:PASSWORD@HOST:PORT/DB.")
    var database: String?

    @Option(name: .customLong("admin-key"), help: "The admin's bearer key (default: SURPLUS_ADMIN_KEY, else a random key printed on stderr).")
    var adminKey: String?

    @Option(name: .customLong("round-interval"), parsing: .unconditional, help: "Seconds between automatic round closes of every market; 0 closes only on request (default 0).")
    var roundInterval: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info (default), notice, warning, error or critical.")
    var logLevel: String?

    @Flag(help: "Also create demo markets (a Sec. V-B bilateral market and Example 1's exchange) and drive them with agents.")
    var demo = false

    @Option(name: .customLong("demo-periods"), parsing: .unconditional, help: "With --demo: stop after this many bilateral periods (and Example 1's session), then shut down.")
    var demoPeriods: Int?

    func validate() throws {
        if demoPeriods != nil, !demo { throw ValidationError("--demo-periods needs --demo") }
    }

    func run() throws {
        let settings = try ServerSettings(reader: reader())
        let demoFactory = try demo ? DemoDriver.factory(adminKey: settings.adminKey, periods: demoPeriods) : nil
        let logger = Self.logger(level: settings.logLevel)
        if settings.adminKeyGenerated { Terminal.standardError("surplus: admin key \(settings.adminKey)") }
        try Self.wait {
            try await SurplusServer.serve(settings, logger: logger, demo: demoFactory) { url in
                Terminal.standardError("surplus: listening on \(url)")
                if demo { Terminal.standardError("surplus: dashboard \(url)/?key=\(settings.adminKey)") }
            }
        }
    }

    /// Structured lines on stderr: time, level, label, `key=value` metadata, message.
    static func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "surplus") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = level
        return logger
    }

    /// The options given, then the environment (swift-configuration); ``ServerSettings`` holds the defaults.
    func reader() -> ConfigReader {
        typealias Key = ServerSettings.Key
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        let options: [(ConfigKey, String?, Bool)] = [
            (Key.host, host, false), (Key.port, port, false), (Key.database, database, false),
            (Key.adminKey, adminKey, true), (Key.roundInterval, roundInterval, false), (Key.logLevel, logLevel, false),
        ]
        for case let (key, value?, isSecret) in options { values[AbsoluteConfigKey(key)] = ConfigValue(.string(value), isSecret: isSecret) }
        return ConfigReader(providers: [InMemoryProvider(name: "options", values: values), EnvironmentVariablesProvider()])
    }

    /// Runs `operation` to its end from this synchronous command: the calling thread waits while
    /// the work runs on Swift's concurrency pool and the server's event loops.
    static func wait(_ operation: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<Void, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        try outcome.withLock { $0 }?.get()
    }
}
