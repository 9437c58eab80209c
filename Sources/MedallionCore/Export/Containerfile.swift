/// The `Containerfile` of an exported bundle: the release binary on `debian:bookworm-slim` with
/// the shared libraries it links, and the dataset configs and state machines it reads at run
/// time. The build context is the repository root, where `datasets/` and `statemachines/` are.
struct Containerfile {
    let dataset: String
    let compute: AWSCompute
    /// The bundle directory as the build command should name it (relative to the repository root
    /// when it lies inside it).
    let bundlePath: String

    /// Debian packages of the libraries `medallion` links dynamically (the Swift runtime is linked
    /// statically with `--static-swift-stdlib`): libcurl for HTTP and S3, libpq for PostgreSQL
    /// sources, SQLite for the manifest, zstd and zlib for Parquet and compressed sources, and
    /// the CA certificates HTTPS needs.
    static let runtimePackages = ["ca-certificates", "libcurl4", "libpq5", "libsqlite3-0", "libzstd1", "zlib1g"]

    var text: String {
        let command: String
        switch compute {
        case .lambda: command = #"CMD ["lambda"]"#
        // The state machine's ContainerOverrides give every task its `task <resource> …` command.
        case .ecs: command = #"CMD ["--help"]"#
        }
        return """
            # Medallion runtime image for \(dataset) (\(compute.rawValue)), written by `medallion export aws`.
            # Build from the repository root, after a release build with the Swift runtime linked in:
            #   swift build -c release --static-swift-stdlib && strip .build/release/medallion
            #   docker build -f \(bundlePath)/Containerfile -t medallion-\(dataset) .
            FROM debian:bookworm-slim
            RUN apt-get update \\
             && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \(Self.runtimePackages.joined(separator: " ")) \\
             && rm -rf /var/lib/apt/lists/* \\
             && useradd --system --uid 10001 --home-dir /app medallion
            ARG MEDALLION_BINARY=.build/release/medallion
            COPY ${MEDALLION_BINARY} /usr/local/bin/medallion
            # file: sources and state machines are resolved against the working directory.
            WORKDIR /app
            COPY datasets/ /app/datasets/
            COPY statemachines/ /app/statemachines/
            USER medallion
            ENTRYPOINT ["medallion"]
            \(command)

            """
    }
}
