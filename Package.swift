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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
                "TextFormatting", "Experiments", "DesignOptimization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "surplus", dependencies: ["SurplusCLI"]),
        // Shared by the test targets: approximate equality, the in-process command runner.
        .target(name: "SurplusTestSupport", dependencies: ["SurplusCore", "SurplusCLI"], path: "Tests/SurplusTestSupport"),
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
        .testTarget(name: "SurplusCLITests", dependencies: ["SurplusTestSupport", "SurplusCLI", "Reports"]),
    ],
    swiftLanguageModes: [.v6]
)
