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
    ],
    targets: [
        benchmark("BilateralMarketBenchmarks", module: "BilateralMarket"),
        benchmark("ProgressiveAuctionBenchmarks", module: "ProgressiveAuction"),
        benchmark("ProvisioningBenchmarks", module: "Provisioning"),
        benchmark("NetworkSharingBenchmarks", module: "NetworkSharing"),
        benchmark("ReproductionBenchmarks", module: "Reproduction", also: ["Reports"]),
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
