// swift-tools-version: 6.1
import PackageDescription

/// Benchmarks for Surplus, kept out of the main package so CI's build stays small.
/// Run from this folder: `swift package --allow-writing-to-package-directory benchmark`
/// (or `swift package benchmark --target BilateralMarketBenchmarks`).
/// `Scripts/check-benchmarks.sh [TARGET...]` runs them once and checks them against the p90
/// thresholds in `Thresholds/` (package-benchmark's `thresholds check` format), within the
/// tolerances each benchmark declares, and prints the figures the README quotes.
let package = Package(
    name: "SurplusBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Surplus", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        benchmark("BilateralMarketBenchmarks", module: "BilateralMarket"),
        benchmark("ProgressiveAuctionBenchmarks", module: "ProgressiveAuction"),
        benchmark("ProvisioningBenchmarks", module: "Provisioning"),
        benchmark("NetworkSharingBenchmarks", module: "NetworkSharing"),
        benchmark("ReproductionBenchmarks", module: "Reproduction", also: ["Reports"]),
        // The Swift side of Peers/compare-read-graph.sh (not a benchmark: one timed read per run).
        .executableTarget(
            name: "ReadGraph",
            dependencies: [.product(name: "NetworkSharing", package: "Surplus"), .product(name: "SurplusCore", package: "Surplus")],
            path: "Peers/ReadGraph"),
        benchmark("LedgerBenchmarks", module: "LedgerSQLite", also: ["Ledger"]),
        // The batch path of LedgerBenchmarks alone, for callgrind's instruction counts (not a benchmark).
        .executableTarget(
            name: "LedgerSubmitProfile",
            dependencies: [
                .product(name: "Ledger", package: "Surplus"), .product(name: "LedgerSQLite", package: "Surplus"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Profiles/LedgerSubmit"),
        // The disk's fsyncs per second: what one client committing one transfer at a time can reach.
        .executableTarget(name: "DiskSync", path: "Profiles/DiskSync"),
        benchmark("LedgerPostgresBenchmarks", module: "LedgerPostgres", also: ["Ledger"]),
    ],
    swiftLanguageModes: [.v6]
)

func benchmark(_ name: String, module: String, also: [String] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            .product(name: "Benchmark", package: "benchmark"),
            .product(name: module, package: "Surplus"),
            .product(name: "SurplusCore", package: "Surplus"),
        ] + also.map { .product(name: $0, package: "Surplus") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
