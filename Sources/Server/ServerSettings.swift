import Configuration
import Foundation
import Logging
import MarketService
import SurplusCore

/// What `surplus serve` runs with, read from a configuration reader: the command's options
/// first, then the environment (`SURPLUS_HOST`, `SURPLUS_PORT`, `SURPLUS_DATABASE`,
/// `SURPLUS_ADMIN_KEY`, `SURPLUS_ROUND_INTERVAL`, `SURPLUS_LOG_LEVEL`), then these defaults.
public struct ServerSettings: Sendable {
    /// The keys the reader is asked for (`surplus.adminKey` is `SURPLUS_ADMIN_KEY` in the environment).
    public enum Key {
        public static let host: ConfigKey = "surplus.host"
        public static let port: ConfigKey = "surplus.port"
        public static let database: ConfigKey = "surplus.database"
        public static let adminKey: ConfigKey = "surplus.adminKey"
        public static let roundInterval: ConfigKey = "surplus.roundInterval"
        public static let logLevel: ConfigKey = "surplus.logLevel"
    }

    /// The address to listen on; default 127.0.0.1 (loopback only).
    public var host: String
    /// The port; 0 asks the system for a free one (the `listening on` line names it). Default 8080.
    public var port: Int
    /// Where the markets and the ledger live: a SQLite file (default `surplus.sqlite` in the
    /// working folder) or a `postgres://USER:PASSWORD@HOST:PORT/DB` URL.
    public var database: String
    /// The key that acts as admin.
    public var adminKey: String
    /// True when no admin key was configured and ``adminKey`` is a new random one (the command
    /// prints it).
    public var adminKeyGenerated: Bool
    /// Seconds between the round clock's closes of every market's round; 0: rounds close only
    /// when the admin asks (`POST /v1/markets/{id}/rounds/close`). Default 0.
    public var roundInterval: Double
    public var logLevel: Logger.Level

    /// - Throws: ``InputError`` naming the option (and its environment variable) of a bad value.
    public init(reader: ConfigReader) throws(InputError) {
        host = reader.string(forKey: Key.host, default: "127.0.0.1")
        guard !host.isEmpty, host.utf8.count <= 255, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw InputError(field: "--host (SURPLUS_HOST)", value: "'\(host.prefix(40))'", expected: "a host name or IP address")
        }
        let portText = reader.string(forKey: Key.port, default: "8080")
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw InputError(field: "--port (SURPLUS_PORT)", value: "'\(portText.prefix(40))'", expected: "an integer from 0 to 65535")
        }
        self.port = port
        database = reader.string(forKey: Key.database, default: "surplus.sqlite")
        guard !database.isEmpty else {
            throw InputError(field: "--database (SURPLUS_DATABASE)", value: "''", expected: "a SQLite file path or a postgres:// URL")
        }
        if let key = reader.string(forKey: Key.adminKey, isSecret: true) {
            guard !key.isEmpty, key.utf8.count <= 256, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw InputError(field: "--admin-key (SURPLUS_ADMIN_KEY)", value: "(hidden)", expected: "1 to 256 printable ASCII characters without spaces")
            }
            adminKey = key
            adminKeyGenerated = false
        } else {
            adminKey = APIKey.generate()
            adminKeyGenerated = true
        }
        let intervalText = reader.string(forKey: Key.roundInterval, default: "0")
        guard let interval = Double(intervalText), interval.isFinite, (0...86_400).contains(interval) else {
            throw InputError(
                field: "--round-interval (SURPLUS_ROUND_INTERVAL)", value: "'\(intervalText.prefix(40))'",
                expected: "seconds from 0 (manual closes only) to 86400")
        }
        roundInterval = interval
        let levelText = reader.string(forKey: Key.logLevel, default: "info")
        guard let level = Logger.Level(rawValue: levelText) else {
            throw InputError(
                field: "--log-level (SURPLUS_LOG_LEVEL)", value: "'\(levelText.prefix(40))'",
                expected: "one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        logLevel = level
    }

    /// True when ``database`` is a PostgreSQL URL.
    public var usesPostgres: Bool { database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") }
}
