import ArgumentParser
import Foundation
import MedallionCore

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Make an earlier manifest version's data current again (new Delta versions restoring it).",
        discussion: """
            Commits a new version of each Silver and Gold Delta table holding the files it had in \
            VERSION (RESTORE in the Delta history) and records a new manifest version that reuses \
            every layer of VERSION. Nothing is copied or deleted. The next run skips while the \
            source and config are VERSION's. Exit 2 for an unknown, current, later or vacuumed \
            version, or a busy dataset.
            """)

    @Argument(help: "The dataset.")
    var dataset: String

    @Option(help: "The manifest version to restore (default: the one before the current).")
    var to: Int?

    @Flag(help: "JSON on stdout.")
    var json = false

    @OptionGroup var lakeOptions: LakeOptions

    func run() async throws {
        let result: RollbackResult
        do {
            result = try await DatasetRollback(environment: lakeOptions.environment).rollback(dataset: dataset, to: to)
        } catch {
            throw TableCommandFailure.exitCode(for: error)
        }
        if json { Output.stdout(Output.json(result)) }
        let tables = result.tableVersions.sorted { $0.key < $1.key }.map { "\($0.key)@\($0.value)" }.joined(separator: " ")
        Output.stderr("\(dataset): rolled back to version \(result.restoredVersion): manifest version \(result.manifestVersion) "
                      + "(run \(result.runId)); Delta tables: \(tables)")
    }
}
