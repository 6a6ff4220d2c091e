// swift-tools-version: 6.1
// SCIMSim: a deterministic, actor-based simulation of SCIM directory sync.
// No package dependencies (design card): Foundation, Synchronization and Swift Testing only.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SCIMSim",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SimulationKernel", targets: ["SimulationKernel"]),
        .library(name: "SCIM", targets: ["SCIM"]),
        .library(name: "DirectorySync", targets: ["DirectorySync"]),
        .executable(name: "scimsim", targets: ["scimsim"]),
        .executable(name: "Benchmarks", targets: ["Benchmarks"]),
        .executable(name: "Playground", targets: ["Playground"]),
    ],
    targets: [
        .target(name: "SimulationKernel", swiftSettings: strict),
        .target(name: "SCIM", swiftSettings: strict),
        .target(name: "DirectorySync", dependencies: ["SimulationKernel", "SCIM"], swiftSettings: strict),
        .executableTarget(
            name: "scimsim", dependencies: ["DirectorySync", "SCIM", "SimulationKernel"], swiftSettings: strict),
        .executableTarget(
            name: "Benchmarks", dependencies: ["DirectorySync", "SCIM", "SimulationKernel"], path: "Benchmarks",
            swiftSettings: strict),
        .executableTarget(
            name: "Playground", dependencies: ["DirectorySync", "SCIM", "SimulationKernel"], path: "Playground",
            swiftSettings: strict),
        // A tiny executable the kernel tests launch twice to compare trace hashes across processes.
        .executableTarget(
            name: "KernelProbe", dependencies: ["SimulationKernel"], path: "Tests/KernelProbe", swiftSettings: strict),
        .testTarget(name: "SimulationKernelTests", dependencies: ["SimulationKernel"], swiftSettings: strict),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM"], swiftSettings: strict),
        .testTarget(
            name: "DirectorySyncTests", dependencies: ["DirectorySync", "SCIM", "SimulationKernel"],
            swiftSettings: strict),
        .testTarget(name: "scimsimTests", dependencies: ["scimsim"], swiftSettings: strict),
    ]
)
