// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Medallion",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "medallion", targets: ["medallion"]),
        .executable(name: "lake-bench", targets: ["LakeBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // C system libraries, found through pkg-config.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // PostgreSQL sources: libpq (Debian libpq-dev).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Typed, non-variadic wrappers for curl_easy_setopt/getinfo: Swift cannot call C variadics.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        // sync_file_range, which Swift's Glibc module does not expose.
        .target(name: "CFileSync"),
        // Civil dates <-> days since 1970: the one calendar routine (Parquet, Silver casts, ASL timestamps).
        .target(name: "CivilCalendar"),
        // Hex and JSON string literals: one encoder each, for every module that writes them.
        .target(name: "TextEncoding"),
        // The CSV reader's fast path: 64 bytes at a time as bit masks (SSE2 where there is SSE2).
        .target(name: "CCSVScan"),

        // Libraries.
        .target(
            name: "StateMachine",
            dependencies: [
                "TextEncoding", "CivilCalendar",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Parquet", dependencies: ["CZstd", "CFileSync", "TextEncoding", "CivilCalendar"]),
        .target(
            name: "Lake",
            dependencies: [
                "CCurl", "CCurlShim", "CFileSync", "TextEncoding",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Columnar operators over Parquet batches: casts, de-duplication, expectations. Knows
        // nothing of datasets or the manifest, so it is tested and benchmarked alone.
        .target(name: "Transform", dependencies: ["Parquet", "CivilCalendar"]),
        // Delta Lake logs over the lake's tables: commits, snapshots, time travel. Knows Parquet
        // (footers for statistics) and Lake (the stores), nothing of datasets or the manifest.
        .target(name: "Tables", dependencies: ["Parquet", "Lake", "CivilCalendar"]),
        .target(
            name: "Manifest",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "MedallionCore",
            dependencies: [
                "StateMachine", "Parquet", "Transform", "Lake", "Manifest", "CZlib", "CZstd", "Tables", "CLibPQ", "CCSVScan", "TextEncoding", "CivilCalendar",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // SQLite sources read through the same library the manifest uses.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "medallion",
            dependencies: [
                "MedallionCore", "StateMachine", "Parquet", "Transform", "Lake", "Manifest", "Tables",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Benchmarks (`make bench`).
        .executableTarget(name: "StateMachineBench", dependencies: ["StateMachine"]),
        .executableTarget(name: "IngestBench"),
        .executableTarget(name: "ParquetBench", dependencies: ["Parquet"]),
        .executableTarget(name: "LakeBench", dependencies: ["Lake"]),

        // Tests.
        .target(name: "TestSupport", dependencies: [.product(name: "Logging", package: "swift-log")], path: "Tests/TestSupport"),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "TestSupport"]),
        .testTarget(name: "LakeTests", dependencies: ["Lake", "TestSupport"]),
        .testTarget(name: "TransformTests", dependencies: ["Transform", "Parquet", "CivilCalendar", "TestSupport"]),
        .testTarget(name: "TablesTests", dependencies: ["Tables", "Parquet", "Lake", "TestSupport"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "TestSupport"]),
        .testTarget(name: "MedallionCoreTests", dependencies: ["MedallionCore", "Lake", "Transform", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
        .testTarget(name: "StateMachineTests", dependencies: ["StateMachine", "TextEncoding", "TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
