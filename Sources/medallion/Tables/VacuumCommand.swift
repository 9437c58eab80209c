import ArgumentParser
import Foundation
import MedallionCore

struct VacuumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum",
        abstract: "Remove the files of manifest versions older than the newest N.",
        discussion: """
            Removes raw copies, Bronze runs, Silver, quarantine and Gold partitions that no kept \
            version references (a kept version may reuse an older one's partitions: those stay). \
            The current version is always kept. Vacuumed versions stay in the manifest and the \
            Delta logs, marked as such; their files are gone. Lists what it removes and the bytes \
            freed; --dry-run lists without removing.
            """)

    @Argument(help: "The dataset.")
    var dataset: String

    @Option(help: "How many of the newest manifest versions keep their files.")
    var keep = 10

    @Flag(help: "List what would be removed; remove nothing.")
    var dryRun = false

    @Flag(help: "JSON on stdout.")
    var json = false

    @OptionGroup var lakeOptions: LakeOptions

    func run() async throws {
        let result: VacuumResult
        do {
            result = try await DatasetVacuum(environment: lakeOptions.environment).vacuum(dataset: dataset, keep: keep, dryRun: dryRun)
        } catch {
            throw TableCommandFailure.exitCode(for: error)
        }
        if json {
            Output.stdout(Output.json(result))
            return
        }
        let verb = dryRun ? "would remove" : "removed"
        var lines = result.removed.map { "\(verb) \($0.uri)  (\($0.files) file\($0.files == 1 ? "" : "s"), \(Output.bytes($0.bytes)))" }
        let versions = result.vacuumedVersions.map(String.init).joined(separator: ", ")
        lines.append("\(dataset): \(verb) \(result.removed.count) partition(s), \(Output.bytes(result.bytes))"
                     + (versions.isEmpty ? "" : " of version(s) \(versions)")
                     + "; kept versions \(result.keptVersions.map(String.init).joined(separator: ", "))")
        Output.stdout(lines.joined(separator: "\n"))
    }
}
