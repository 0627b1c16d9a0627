// swift-tools-version: 6.2
import PackageDescription

/// Settings every swift-batch target shares: Swift 6 language mode (strict
/// concurrency) and no warnings, ever.
let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "swift-batch",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Properties", targets: ["Properties"]),
        .library(name: "Database", targets: ["Database"]),
        .library(name: "TaskRuntime", targets: ["TaskRuntime"]),
        .library(name: "BatchRuntime", targets: ["BatchRuntime"]),
        .library(name: "MetricsRSocket", targets: ["MetricsRSocket"]),
        .executable(name: "dataflow", targets: ["dataflow"]),
        .executable(name: "rsocket-proxy", targets: ["rsocket-proxy"]),
        .executable(name: "dataflow-server", targets: ["dataflow-server"]),
        .executable(name: "dataflow-task-supervisor", targets: ["dataflow-task-supervisor"]),
        .executable(name: "composed-task-runner", targets: ["composed-task-runner"]),
        .library(name: "DataflowServer", targets: ["DataflowServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libpq's header (from libpq-dev) with trampolines that load libpq.so.5 on the first
        // PostgreSQL connection, so SQLite-only runs never pay for linking it (see loader.c).
        .target(
            name: "CLibPQ",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // Spring-style launch properties (relaxed binding, durations): the one reader of
        // `--spring.*` and friends, below every module that has settings. No dependencies.
        .target(
            name: "Properties",
            swiftSettings: strict
        ),
        .target(
            name: "Database",
            dependencies: [
                "Properties",
                "CSQLite",
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Migrations/sqlite"), .copy("Migrations/postgresql")],
            swiftSettings: strict
        ),
        // RSocket on SwiftNIO (TCP and WebSocket), the Prometheus RSocket proxy's protocol (client and server), and a
        // swift-metrics backend rendering Prometheus text. Depends on no swift-batch module.
        .target(
            name: "MetricsRSocket",
            dependencies: [
                "Properties",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The one signal story of every process: SIGTERM/SIGINT shut a ServiceGroup down
        // gracefully, a second one cancels it. No swift-batch dependencies.
        .target(
            name: "Signals",
            dependencies: [
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TaskRuntime",
            dependencies: [
                "Database",
                "Signals",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "MetricsRSocket",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BatchRuntime",
            dependencies: [
                "Database",
                "TaskRuntime",
                "Signals",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        // The server: Data Flow's REST API over the shared metadata, the local platform, the
        // server's own tables. Reads through the explorers, writes through the repositories.
        .target(
            name: "DataflowServer",
            dependencies: [
                "Database", "Properties", "Signals", "TaskRuntime", "BatchRuntime", "MetricsRSocket",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/dashboard")],
            swiftSettings: strict
        ),
        // What the local platform starts in place of a task app: records the app's exit status
        // in its launch directory, so a restarted server learns how its launches ended.
        .executableTarget(
            name: "dataflow-task-supervisor",
            path: "Sources/TaskSupervisor",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dataflow-server",
            dependencies: ["DataflowServer"],
            path: "Sources/DataflowServerMain",
            swiftSettings: strict
        ),
        // What the server launches for a composed task definition: a batch app whose job runs the
        // graph, one step per child definition launched through the server's REST API.
        .executableTarget(
            name: "composed-task-runner",
            dependencies: [
                "DataflowServer", "BatchRuntime", "TaskRuntime", "Properties",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/ComposedTaskRunner",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "csv-import",
            dependencies: ["BatchRuntime"],
            path: "samples/csv-import",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ledger-reconcile",
            dependencies: ["BatchRuntime"],
            path: "samples/ledger-reconcile",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "timestamp-task",
            dependencies: ["TaskRuntime", "Properties"],
            path: "samples/timestamp-task",
            swiftSettings: strict
        ),
        // A task app for the end-to-end tests: sleeps, fails, throws or exits as told, inside the real lifecycle.
        .executableTarget(
            name: "task-fixture",
            dependencies: ["TaskRuntime"],
            path: "Tests/TaskFixture",
            swiftSettings: strict
        ),
        // A batch app with two jobs for the end-to-end tests of launches without a command.
        .executableTarget(
            name: "batch-fixture",
            dependencies: ["BatchRuntime"],
            path: "Tests/BatchFixture",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dataflow",
            dependencies: [
                "Database",
                "TaskRuntime",
                "BatchRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/DataflowCLI",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rsocket-proxy",
            dependencies: [
                "MetricsRSocket",
                "Signals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/RSocketProxy",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "database-benchmark",
            dependencies: [
                "Database",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "benchmarks/DatabaseBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "metrics-benchmark",
            dependencies: [
                "MetricsRSocket", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "benchmarks/MetricsBenchmark",
            swiftSettings: strict
        ),
        // Writes a realistic job and task history (a million executions in minutes) for the
        // explorer benchmarks and the server's.
        .executableTarget(
            name: "history-seed",
            dependencies: [
                "Database",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "benchmarks/HistorySeed",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "explorer-benchmark",
            dependencies: [
                "BatchRuntime", "TaskRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "benchmarks/ExplorerBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "batch-benchmark",
            dependencies: ["BatchRuntime"],
            path: "benchmarks/BatchBenchmark",
            swiftSettings: strict
        ),
        // Fresh SQLite files and PostgreSQL schemas for every suite that needs a database.
        .target(
            name: "DatabaseTestSupport",
            dependencies: ["Database"],
            path: "Tests/DatabaseTestSupport",
            swiftSettings: strict
        ),
        // Data Flow's own test history, loaded as Data Flow's tests load it (explorer and server tests).
        .target(
            name: "HistoryTestSupport",
            dependencies: ["BatchRuntime", "Database", "DatabaseTestSupport"],
            path: "Tests/HistoryTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "DatabaseTests",
            dependencies: ["Database", "DatabaseTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BatchRuntimeTests",
            dependencies: [
                "BatchRuntime", "Database", "DatabaseTestSupport", "HistoryTestSupport", "csv-import", "ledger-reconcile", "history-seed",
                "batch-fixture",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TaskRuntimeTests",
            dependencies: [
                "TaskRuntime", "Database", "DatabaseTestSupport", "timestamp-task", "task-fixture", "dataflow", "csv-import",
                "BatchRuntime", "MetricsRSocket", "rsocket-proxy",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MetricsRSocketTests",
            dependencies: [
                "MetricsRSocket", "DatabaseTestSupport", "rsocket-proxy",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TimestampTaskTests",
            dependencies: ["timestamp-task"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DataflowServerTests",
            dependencies: [
                "DataflowServer", "Database", "DatabaseTestSupport", "HistoryTestSupport", "TaskRuntime", "BatchRuntime", "dataflow-server",
                "dataflow-task-supervisor", "dataflow", "composed-task-runner",
                "timestamp-task", "task-fixture", "csv-import",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DataflowCLITests",
            dependencies: [
                "dataflow", "Database", "DatabaseTestSupport", "HistoryTestSupport", "dataflow-server", "dataflow-task-supervisor",
                "timestamp-task", "BatchRuntime", "TaskRuntime",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
    ]
)
