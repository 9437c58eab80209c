import ArgumentParser
import Foundation
import MedallionCore

/// `--lake` and `--manifest`, shared by every command that touches the lake or the manifest.
struct LakeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Lake root: a directory or s3://bucket/prefix (default: $MEDALLION_LAKE, else lake/).",
                                            valueName: "path|s3-uri"))
    var lake: String?

    @Option(name: .long, help: ArgumentHelp("Manifest SQLite file (default: $MEDALLION_MANIFEST, else <lake>/manifest.sqlite).",
                                            valueName: "path"))
    var manifest: String?

    var environment: PipelineEnvironment {
        PipelineEnvironment.resolve(lake: lake, manifest: manifest)
    }
}
