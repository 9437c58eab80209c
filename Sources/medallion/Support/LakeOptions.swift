import ArgumentParser
import Foundation
import MedallionCore

/// `--lake` and `--manifest`, shared by every command that touches the lake or the manifest.
struct LakeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Lake root: a directory or s3://bucket/prefix (default: $MEDALLION_LAKE, else lake/).",
                                            valueName: "path|s3-uri"))
    var lake: String?

    @Option(name: .long, help: ArgumentHelp(
        "Manifest SQLite file (default: $MEDALLION_MANIFEST, else <lake>/manifest.sqlite), or s3://bucket/prefix/manifest.sqlite "
            + "to keep it in S3 for runs on several machines: updated with conditional writes (If-Match on its ETag, retried on "
            + "conflict), dataset locks beside it under .locks/; same AWS_* settings as an S3 lake (docs/manifest-in-s3.md).",
        valueName: "path|s3-uri"))
    var manifest: String?

    @OptionGroup var logging: LogOptions

    var environment: PipelineEnvironment { environment(quiet: false) }

    /// The resolved locations, logging to stderr as `--log-level`/`--log-format` say.
    func environment(quiet: Bool) -> PipelineEnvironment {
        var environment = PipelineEnvironment.resolve(lake: lake, manifest: manifest)
        environment.logger = logging.logger(quiet: quiet)
        return environment
    }
}
