// swift-tools-version:6.1
import PackageDescription

// Layers, bottom to top (each depends only on those above it in this list):
//   AerospikeCore      model + the AerospikeClient protocol (keys and their digests too)
//   AerospikeSemantics what the embedded store and `aerosh serve` must agree on: the record
//                      engine (policies, generations, TTLs, operations), value order, limits
//   AerospikeWire      pure codec: particles, msgpack, messages (no I/O)
//   AerospikeEmbedded  the embedded store (SQLite through sqlite-nio: no Foundation, so a
//                      one-shot command starts faster)
//   AerospikeServer    `aerosh serve`: the client core behind the wire protocol (swift-nio)
//   AerospikeNetwork   the wire client: the client core over the wire protocol (swift-nio)
//   AeroshLanguage     lexer, parser, AST, executor
//   AeroshCLI          arguments, script runner, renderers, the interactive shell
//                      (line editing through the system's libedit: CLibEdit; the build's git
//                      revision for --version: CAeroshBuildInfo)
//   aerosh             the thin executable

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// The git revision `aerosh --version` shows: the Makefile sets AEROSH_GIT_REVISION
// (`git rev-parse --short HEAD`, `-dirty` when the tree has changes); without it the binary
// says `(git unknown)`. A define on the one C target that reads it, not `-Xcc -D…` on the
// command line: -Xcc goes to every Swift compile too (for its Clang importer), so each new
// revision would rebuild every module, dependencies included; this way a new revision
// recompiles the C file and AeroshCLI, which imports it, and relinks (about 20 s, release).
let gitRevision = (Context.environment["AEROSH_GIT_REVISION"] ?? "").filter {
    $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".")
}
let buildInfoSettings: [CSetting] = gitRevision.isEmpty
    ? []
    : [.define("AEROSH_GIT_REVISION", to: "\"\(gitRevision)\"")]

let package = Package(
    name: "aerosh",
    products: [
        .executable(name: "aerosh", targets: ["aerosh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // TLS for the wire client and `aerosh serve` (BoringSSL inside: see README's build cost).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // astools.conf and aerosh's own config.toml (AeroshCLI's Config/).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Latency percentiles of the load run (`make soak`, and its short form in the tests).
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .target(
            name: "AerospikeCore",
            swiftSettings: strictSettings
        ),
        .target(
            name: "AerospikeSemantics",
            dependencies: ["AerospikeCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AerospikeWire",
            dependencies: [
                "AerospikeCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AerospikeEmbedded",
            dependencies: [
                "AerospikeCore",
                "AerospikeSemantics",
                "AerospikeWire",
                // For the copy of SQLite it brings (VaporCSQLite), which the store calls
                // directly and synchronously (SQLite/): its own API runs every call on a
                // thread pool, a hop per statement.
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AerospikeServer",
            dependencies: [
                "AerospikeCore",
                "AerospikeSemantics",
                "AerospikeWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AerospikeNetwork",
            dependencies: [
                "AerospikeCore",
                "AerospikeWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AeroshLanguage",
            dependencies: ["AerospikeCore"],
            swiftSettings: strictSettings
        ),
        .systemLibrary(
            name: "CLibEdit",
            path: "Sources/CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(
            name: "CAeroshBuildInfo",
            cSettings: buildInfoSettings
        ),
        .target(
            name: "AeroshCLI",
            dependencies: [
                "CLibEdit",
                "CAeroshBuildInfo",
                "AerospikeCore",
                "AerospikeSemantics",
                "AerospikeEmbedded",
                "AerospikeServer",
                "AerospikeNetwork",
                "AeroshLanguage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "aerosh",
            dependencies: ["AeroshCLI"],
            swiftSettings: strictSettings
        ),
        // `make bench`'s parser figure: statements parsed per second on one core.
        .executableTarget(
            name: "parser-bench",
            dependencies: ["AeroshLanguage"],
            path: "Benchmarks/ParserBenchmark",
            swiftSettings: strictSettings
        ),
        // `make soak`: many connections of mixed puts and gets against `aerosh serve`, with
        // latency percentiles and serve's memory and descriptors (Benchmarks/ServeLoad); the
        // end-to-end tests run it briefly.
        .target(
            name: "ServeLoad",
            dependencies: [
                "AerospikeCore",
                "AerospikeWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "Benchmarks/ServeLoad",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "serve-load",
            dependencies: ["ServeLoad"],
            path: "Benchmarks/ServeLoadTool",
            swiftSettings: strictSettings
        ),

        // Fuzz targets (Tests/Fuzz, README there): each a function over arbitrary bytes.
        // A normal build replays corpus files through it (`make test`); `make fuzz` builds
        // it with -DFUZZING -parse-as-library --sanitize=fuzzer,address for libFuzzer.
        .target(
            name: "FuzzReplay",
            dependencies: ["AerospikeWire", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/Fuzz/Replay",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "fuzz-statements",
            dependencies: ["FuzzReplay", "AerospikeCore", "AeroshLanguage"],
            path: "Tests/Fuzz/Statements",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "fuzz-msgpack",
            dependencies: ["FuzzReplay", "AerospikeCore", "AerospikeWire", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/Fuzz/MessagePack",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "fuzz-server-frames",
            dependencies: ["FuzzReplay", "AerospikeCore", "AerospikeWire", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/Fuzz/ServerFrames",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "fuzz-client-replies",
            dependencies: ["FuzzReplay", "AerospikeCore", "AerospikeWire", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/Fuzz/ClientReplies",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "fuzz-stored-records",
            dependencies: ["FuzzReplay", "AerospikeCore", "AerospikeEmbedded"],
            path: "Tests/Fuzz/StoredRecords",
            swiftSettings: strictSettings
        ),

        .target(
            name: "AerospikeTestSupport",
            path: "Tests/AerospikeTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AerospikeCoreTests",
            dependencies: ["AerospikeCore", "AerospikeTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AerospikeSemanticsTests",
            dependencies: ["AerospikeCore", "AerospikeSemantics", "AerospikeTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AerospikeWireTests",
            dependencies: [
                "AerospikeCore",
                "AerospikeSemantics",
                "AerospikeWire",
                "AerospikeTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AerospikeServerTests",
            dependencies: [
                "AerospikeCore",
                "AerospikeSemantics",
                "AerospikeWire",
                "AerospikeEmbedded",
                "AerospikeServer",
                "AerospikeTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AerospikeNetworkTests",
            dependencies: [
                "AerospikeCore",
                "AerospikeWire",
                "AerospikeEmbedded",
                "AerospikeServer",
                "AerospikeNetwork",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AerospikeEmbeddedTests",
            dependencies: ["AerospikeCore", "AerospikeSemantics", "AerospikeWire", "AerospikeEmbedded", "AerospikeTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AeroshLanguageTests",
            dependencies: ["AerospikeCore", "AerospikeEmbedded", "AeroshLanguage", "AerospikeTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AeroshCLITests",
            dependencies: [
                "AerospikeCore", "AerospikeEmbedded", "AeroshLanguage", "AeroshCLI", "AerospikeTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AeroshEndToEndTests",
            dependencies: ["aerosh", "AerospikeTestSupport", "ServeLoad"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
