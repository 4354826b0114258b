import Foundation
import PostgresNIO
import SurplusCore

/// Where a PostgreSQL ledger lives: a server, a database and a schema in it.
///
/// Built from a URL `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (also `postgresql://`), the form
/// `Scripts/postgres-cluster.sh url` prints and `SURPLUS_TEST_POSTGRES_URL` holds. Connections are made
/// without TLS unless the URL says `?sslmode=require` (the test cluster listens on 127.0.0.1 only).
public struct PostgresLedgerConfiguration: Sendable {
    /// The environment variable that names the PostgreSQL server of the tests, the crash test and the benchmarks.
    public static let testURLVariable = "SURPLUS_TEST_POSTGRES_URL"

    /// The client configuration of PostgresNIO (host, port, user, password, database, TLS, pool size).
    public var client: PostgresClient.Configuration
    /// The schema that holds the ledger's tables; created by the first migration when missing.
    /// Several ledgers can share a database, one schema each (the tests use one schema per test).
    public var schema: String

    /// A configuration from a URL; the error names the part that is wrong.
    /// - Parameters:
    ///   - url: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require]`.
    ///   - schema: a lower-case SQL identifier (letters, digits, `_`, at most 63 bytes).
    ///   - maximumConnections: the pool's bound on open connections.
    public init(url: String, schema: String = "ledger", maximumConnections: Int = 20) throws {
        let field = "PostgreSQL URL"
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw InputError(field: field, value: Self.redacted(url), expected: "postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else {
            throw InputError(field: field, value: Self.redacted(url), expected: "a host after '@'")
        }
        guard let user = components.user, !user.isEmpty else {
            throw InputError(field: field, value: Self.redacted(url), expected: "a user before '@'")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw InputError(field: field, value: Self.redacted(url), expected: "a database name after the port, /DATABASE")
        }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: throw InputError(field: "\(field) sslmode", value: sslMode, expected: "disable or require")
        }
        guard Self.isIdentifier(schema) else {
            throw InputError(field: "schema", value: schema, expected: "a lower-case SQL identifier: a-z, 0-9, _, at most 63 bytes, not starting with a digit")
        }
        _ = try Validate.count(maximumConnections, 1...Int.max, "maximumConnections")
        var client = PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database,
            tls: tls
        )
        client.options.maximumConnections = maximumConnections
        client.options.additionalStartupParameters = [("search_path", schema), ("application_name", "surplus-ledger")]
        self.client = client
        self.schema = schema
    }

    /// The URL with its password replaced by `***`, for error messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    /// Whether `name` is an identifier that needs no quoting: it is spliced into DDL (`CREATE SCHEMA`),
    /// where parameters cannot be bound.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), name.utf8.count <= 63 else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }
}
