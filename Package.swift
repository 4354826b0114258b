// swift-tools-version: 6.1
import PackageDescription

/// Surplus: markets for perishable surplus resources.
///
/// Layers (top depends on bottom, never the reverse):
///   surplus (executable) -> SurplusCLI -> Reproduction -> mechanism modules and Reports -> SurplusCore.
///   TextFormatting prints terminal tables and numbers (every command); Reports, built on it, holds the
///   reproduction report and draws it as SVG charts, Markdown and HTML; neither knows a mechanism.
let package = Package(
    name: "Surplus",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "surplus", targets: ["surplus"]),
        .library(name: "SurplusCore", targets: ["SurplusCore"]),
        .library(name: "BilateralMarket", targets: ["BilateralMarket"]),
        .library(name: "ProgressiveAuction", targets: ["ProgressiveAuction"]),
        .library(name: "Provisioning", targets: ["Provisioning"]),
        .library(name: "NetworkSharing", targets: ["NetworkSharing"]),
        .library(name: "TextFormatting", targets: ["TextFormatting"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Reproduction", targets: ["Reproduction"]),
        .library(name: "Experiments", targets: ["Experiments"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "LedgerSQLite", targets: ["LedgerSQLite"]),
        .library(name: "LedgerPostgres", targets: ["LedgerPostgres"]),
        .library(name: "LiveMarkets", targets: ["LiveMarkets"]),
        .library(name: "MarketService", targets: ["MarketService"]),
        .library(name: "MarketStoreSQLite", targets: ["MarketStoreSQLite"]),
        .library(name: "MarketAgents", targets: ["MarketAgents"]),
        .library(name: "MarketAgentsHTTP", targets: ["MarketAgentsHTTP"]),
        .library(name: "MarketStorePostgres", targets: ["MarketStorePostgres"]),
        .executable(name: "ledger-crash", targets: ["LedgerCrash"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(name: "SurplusCore"),
        .target(name: "BilateralMarket", dependencies: ["SurplusCore"]),
        .target(name: "ProgressiveAuction", dependencies: ["SurplusCore"]),
        .target(name: "Provisioning", dependencies: ["SurplusCore"]),
        .target(name: "NetworkSharing", dependencies: ["SurplusCore"]),
        .target(name: "TextFormatting"),
        // Sweeps (plan, shard, merge) and the 1-D design search: Foundation and SurplusCore only.
        .target(name: "Experiments", dependencies: ["SurplusCore"]),
        // The design parameters `surplus optimize` searches, each a mechanism's objective.
        .target(name: "DesignOptimization", dependencies: ["SurplusCore", "Experiments", "BilateralMarket", "ProgressiveAuction", "Provisioning"]),
        .target(name: "Reports", dependencies: ["SurplusCore", "TextFormatting"]),
        .target(
            name: "Reproduction",
            dependencies: ["SurplusCore", "BilateralMarket", "ProgressiveAuction", "Provisioning", "NetworkSharing", "Reports", "TextFormatting"]
        ),
        .target(
            name: "SurplusCLI",
            dependencies: [
                "SurplusCore", "BilateralMarket", "ProgressiveAuction", "Provisioning", "NetworkSharing", "Reports", "Reproduction",
                "TextFormatting", "Experiments", "DesignOptimization", "Server", "MarketAgents", "MarketAgentsHTTP", "MarketService",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "surplus", dependencies: ["SurplusCLI"]),
        // The ledger: accounts, transfers, invariants and the store protocol (pure).
        .target(name: "Ledger", dependencies: ["SurplusCore"]),
        // Live exchange sessions and bilateral periods as state machines (pure).
        .target(
            name: "LiveMarkets",
            dependencies: ["SurplusCore", "ProgressiveAuction", "BilateralMarket", "Ledger", .product(name: "HashTreeCollections", package: "swift-collections")]
        ),
        // The live server's application layer: participants, money, markets, idempotency, events (no HTTP, no database).
        .target(
            name: "MarketService",
            dependencies: [
                "SurplusCore", "Ledger", "LiveMarkets", "BilateralMarket", "ProgressiveAuction",
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ]
        ),
        // The market service's SQLite storage, beside the ledger's tables (GRDB).
        .target(
            name: "MarketStoreSQLite",
            dependencies: ["MarketService", "Ledger", "LedgerSQLite", "LiveMarkets", "SurplusCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // A population of participants driving a live market through the server's contract (HTTP or in-process).
        .target(name: "MarketAgents", dependencies: ["SurplusCore", "Ledger", "LiveMarkets", "BilateralMarket", "ProgressiveAuction", "MarketService"]),
        // MarketAgents' transport over HTTP (AsyncHTTPClient), for the command line.
        .target(
            name: "MarketAgentsHTTP",
            dependencies: ["MarketAgents", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio")]
        ),
        // The market service's PostgreSQL storage, beside the ledger's tables (PostgresNIO).
        .target(
            name: "MarketStorePostgres",
            dependencies: [
                "MarketService", "Ledger", "LedgerPostgres", "LiveMarkets", "SurplusCore",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The ledger's stores: SQLite (GRDB).
        .target(name: "LedgerSQLite", dependencies: ["Ledger", "SurplusCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The PostgreSQL store (PostgresNIO); its tests need a server (SURPLUS_TEST_POSTGRES_URL).
        .target(
            name: "LedgerPostgres",
            dependencies: [
                "Ledger", "SurplusCore",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The crash test: a writer killed with SIGKILL at random moments, and the checks after each kill.
        .executableTarget(
            name: "LedgerCrash",
            dependencies: ["Ledger", "LedgerSQLite", "LedgerPostgres", "SurplusCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The live market server (Hummingbird 2): routes, auth, idempotency, events, metrics, the round clock.
        .target(
            name: "Server",
            dependencies: [
                "SurplusCore", "Ledger", "LiveMarkets", "MarketService", "MarketStoreSQLite", "MarketStorePostgres", "LedgerPostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Dashboard"), .copy("openapi.yaml")]
        ),
        // Shared by the test targets: approximate equality, the in-process command runner.
        .target(name: "SurplusTestSupport", dependencies: ["SurplusCore", "SurplusCLI"], path: "Tests/SurplusTestSupport"),
        // One conformance suite for every ledger store.
        .target(name: "LedgerTestSupport", dependencies: ["Ledger", "SurplusCore"], path: "Tests/LedgerTestSupport"),
        // One conformance suite for every market storage, and the scripted markets the tests drive.
        .target(
            name: "MarketServiceTestSupport",
            dependencies: ["MarketService", "Ledger", "LiveMarkets", "ProgressiveAuction", "BilateralMarket", "SurplusCore"],
            path: "Tests/MarketServiceTestSupport"
        ),
        .testTarget(name: "MarketServiceTests", dependencies: ["MarketService", "MarketServiceTestSupport", "Ledger", "LiveMarkets", "ProgressiveAuction", "BilateralMarket", "SurplusCore"]),
        .testTarget(
            name: "MarketStoreSQLiteTests",
            dependencies: [
                "MarketStoreSQLite", "MarketService", "MarketServiceTestSupport", "Ledger", "LedgerSQLite", "LiveMarkets", "SurplusCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "MarketStorePostgresTests",
            dependencies: ["MarketStorePostgres", "MarketService", "MarketServiceTestSupport", "Ledger", "LedgerPostgres", "LiveMarkets", "SurplusCore"]
        ),
        .testTarget(name: "LiveMarketsTests", dependencies: ["LiveMarkets", "Ledger", "ProgressiveAuction", "BilateralMarket", "SurplusCore"]),
        .testTarget(name: "MarketAgentsTests", dependencies: ["MarketAgents", "MarketAgentsHTTP", "MarketService", "LiveMarkets", "Ledger", "BilateralMarket", "ProgressiveAuction", "SurplusCore"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "LedgerTestSupport", "SurplusCore"]),
        .testTarget(
            name: "LedgerSQLiteTests",
            dependencies: ["LedgerSQLite", "Ledger", "LedgerTestSupport", "SurplusCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "LedgerPostgresTests",
            dependencies: ["LedgerPostgres", "Ledger", "LedgerTestSupport", "SurplusCore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(name: "SurplusCoreTests", dependencies: ["SurplusCore", "SurplusTestSupport"]),
        .testTarget(name: "BilateralMarketTests", dependencies: ["SurplusTestSupport", "BilateralMarket", "SurplusCore"]),
        .testTarget(name: "ProgressiveAuctionTests", dependencies: ["SurplusTestSupport", "ProgressiveAuction", "SurplusCore"]),
        .testTarget(name: "ProvisioningTests", dependencies: ["SurplusTestSupport", "Provisioning", "SurplusCore", "Reproduction"]),
        .testTarget(name: "NetworkSharingTests", dependencies: ["SurplusTestSupport", "NetworkSharing", "SurplusCore"]),
        .testTarget(name: "ReportsTests", dependencies: ["SurplusTestSupport", "Reports", "TextFormatting"]),
        .testTarget(
            name: "ReproductionTests",
            dependencies: [
                "SurplusTestSupport",
                "Reproduction", "Reports", "TextFormatting", "SurplusCore", "BilateralMarket", "ProgressiveAuction", "Provisioning", "NetworkSharing",
            ]
        ),
        .testTarget(name: "ExperimentsTests", dependencies: ["SurplusTestSupport", "Experiments", "SurplusCore"]),
        .testTarget(name: "DesignOptimizationTests", dependencies: ["SurplusTestSupport", "DesignOptimization", "Experiments", "BilateralMarket", "Provisioning", "SurplusCore"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "MarketService", "SurplusTestSupport", "SurplusCore", "Ledger",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .testTarget(name: "SurplusCLITests", dependencies: ["SurplusTestSupport", "SurplusCLI", "Reports"]),
    ],
    swiftLanguageModes: [.v6]
)
