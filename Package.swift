// swift-tools-version:6.0
import PackageDescription

/// scsim: an agent-based simulation engine for score-based social control.
///
/// Layering (each module only imports the ones above it):
/// CGSL -> SCRandom -> SCNetwork (+ CPrefetch, cache and spin hints) -> SCModel (engine + reference model)
///   -> SCScenario -> SCOutput -> SCExperiments -> scsim (CLI); SCVoter (a second model) plugs
///   into SCModel's registry; ScsimKit (the library product) re-exports the engine and registers
///   the built-in models. docs/ARCHITECTURE.md draws the graph.
let package = Package(
    name: "scsim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "scsim", targets: ["scsim"]),
        .library(name: "ScsimKit", targets: ["ScsimKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        // Tests only: the property-based fuzz target of the readers (Tests/FuzzTests).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CGSL", path: "Sources/CGSL", pkgConfig: "gsl",
                       providers: [.apt(["libgsl-dev"])]),
        .target(name: "CPrefetch"),
        .target(name: "SCRandom", dependencies: ["CGSL"]),
        .target(name: "SCNetwork", dependencies: ["SCRandom", "CPrefetch"]),
        .target(name: "SCModel", dependencies: ["SCRandom", "SCNetwork", "CPrefetch", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "SCVoter", dependencies: ["SCModel", "SCNetwork", "SCRandom"]),
        .target(name: "SCValidation", dependencies: ["SCVoter", "SCModel", "SCNetwork", "SCRandom"]),
        .target(name: "SCScenario", dependencies: ["SCModel", "SCNetwork", .product(name: "Yams", package: "Yams")]),
        .target(name: "SCOutput", dependencies: ["SCModel", "SCScenario", .product(name: "Crypto", package: "swift-crypto"),
                                             .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "ScsimKit", dependencies: ["SCModel", "SCNetwork", "SCRandom", "SCScenario", "SCOutput", "SCVoter"]),
        // An example of embedding the engine (a custom phase and metric), built and run by the tests.
        .executableTarget(name: "scsim-example-custom-phase", dependencies: ["ScsimKit", "SCModel", "SCOutput", "SCScenario"], path: "Examples/CustomPhase"),
        .target(name: "SCExperiments", dependencies: [
            "SCModel", "SCNetwork", "SCScenario", "SCOutput", "SCRandom",
            .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The live explorer behind `scsim serve`: a web page, a WebSocket protocol, one run loop.
        .target(name: "SCExplorer", dependencies: [
            "ScsimKit", "SCModel", "SCScenario", "SCOutput",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
        ]),
        .executableTarget(name: "scsim", dependencies: [
            "ScsimKit", "SCExplorer", "SCModel", "SCScenario", "SCOutput", "SCNetwork", "SCRandom", "SCValidation", "SCExperiments",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SCRandomTests", dependencies: ["SCRandom"]),
        .testTarget(name: "SCNetworkTests", dependencies: ["SCNetwork", "SCRandom"]),
        .testTarget(name: "SCModelTests", dependencies: ["SCModel", "SCNetwork", "SCRandom"]),
        .testTarget(name: "SCScenarioTests", dependencies: ["SCScenario", "SCModel", "ScsimKit"]),
        .testTarget(name: "SCOutputTests", dependencies: ["SCOutput", "SCModel", "SCScenario", "ScsimKit", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "SCVoterTests", dependencies: ["SCVoter", "SCModel", "SCNetwork", "SCRandom"]),
        .testTarget(name: "SCValidationTests", dependencies: ["SCValidation", "SCVoter", "SCNetwork", "SCRandom"]),
        .testTarget(name: "SCExperimentsTests", dependencies: [
            "SCExperiments", "SCModel", "SCScenario", "SCRandom", "ScsimKit", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "SCExplorerTests", dependencies: [
            "SCExplorer", "SCOutput", "SCScenario", "ScsimKit",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
        ]),
        .testTarget(name: "ScsimKitTests", dependencies: ["ScsimKit", "scsim-example-custom-phase"]),
        // Mutated scenario, sweep and edge-list text through the readers, for a bounded time.
        .testTarget(name: "FuzzTests", dependencies: [
            "SCScenario", "SCExperiments", "SCNetwork", "ScsimKit",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "scsimTests", dependencies: ["scsim", "SCModel", "SCExperiments", "ScsimKit", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
