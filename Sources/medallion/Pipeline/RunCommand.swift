import ArgumentParser
import Foundation
import Manifest
import MedallionCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run datasets through their state machine (fetch, skip if unchanged, bronze, silver, gold, manifest).",
        discussion: """
            A run skips (status "skipped", exit 0) when the source SHA-256 and every layer's \
            fingerprint (bronze: source settings + state machine; silver: silver and data_quality; \
            each gold table's definition) equal the manifest's last good version. When only Gold \
            tables changed, or a Gold table reads another dataset's Silver that has a newer version, \
            the run rebuilds just those tables on the current Silver and marks the rest reused. \
            Use --force to reprocess everything. Silver applies the dataset's silver and \
            data_quality sections; a broken `fail` expectation or quality gate fails the run and \
            publishes nothing (see `medallion manifest <dataset> --quality`). With several datasets, \
            one whose Gold reads another's Silver starts after it. Run ids are the UTC start second \
            and the source hash's first 8 hex digits; a run wanting an id another run holds (identical \
            bytes, same second) gets it with -2, -3, …. Exit 1 when any run failed, \
            2 for bad usage, an invalid config or definition, or a dataset busy with another run \
            (or a manifest directory it cannot write). Webhooks in the config's `notify` (or \
            datasets/_defaults.json) hear of each run after the manifest has it; a webhook that is \
            down never changes the outcome.
            """)

    @Argument(help: "Dataset names (files datasets/<name>.json).")
    var datasets: [String] = []

    @Flag(help: "Run every dataset in datasets/ (higher priority first).")
    var all = false

    @Flag(help: "Run the datasets whose schedule has come round since their last run (higher priority first); for one cron line driving everything.")
    var due = false

    @Option(help: "With --all or --due: only datasets of this priority (critical, high, normal, low).")
    var priority: DatasetPriority?

    @Flag(name: .customLong("dry-run"), help: "Say what each run would do and why (hashing the source), writing nothing to the lake or the manifest.")
    var dryRun = false

    @Option(help: ArgumentHelp("Run only the first N records of each source, through every layer, into the sandbox lake/_sample/ with its own manifest (always a full run); the real lake and manifest are not touched.", valueName: "N"))
    var sample: Int?

    @Option(help: "After the runs, write the Prometheus metrics of every dataset to this file (atomically; see `medallion metrics`).")
    var metrics: String?

    @Option(help: "Where Task states run: in-process (default), or process (each step as its own `medallion task` child sharing only the lake and the manifest, as on Step Functions).")
    var executor: Executor = .inProcess

    enum Executor: String, ExpressibleByArgument, CaseIterable {
        case inProcess = "in-process", process
    }

    /// The clock `--due` reads, for tests and for catching up on a missed slot.
    @Option(name: .customLong("now"), help: .hidden)
    var now: String?

    @Flag(help: "Reprocess even if the source and pipeline are unchanged.")
    var force = false

    @OptionGroup var lakeOptions: LakeOptions

    @Flag(help: "Print one JSON object per dataset on stdout.")
    var json = false

    @Flag(help: "No progress output.")
    var quiet = false

    @Flag(help: "When the runs end, write their pages of the HTML report (lake/_reports; see `medallion report`).")
    var report = false

    @Option(help: "How many datasets run at once; the default is this machine's core count.")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if (all || due) && !datasets.isEmpty { throw ValidationError("give dataset names, --all or --due, not several") }
        if all && due { throw ValidationError("give --all or --due, not both") }
        if !all && !due && datasets.isEmpty { throw ValidationError("name at least one dataset, or use --all or --due") }
        if priority != nil && !all && !due { throw ValidationError("--priority selects among --all or --due") }
        if let sample, sample < 1 { throw ValidationError("--sample needs at least 1 record") }
        if sample != nil && (dryRun || metrics != nil) { throw ValidationError("--sample runs in its sandbox: leave out --dry-run and --metrics") }
        if dryRun && (report || metrics != nil) { throw ValidationError("--dry-run writes nothing: leave out --report and --metrics") }
        if let now, Timestamps.parse(now) == nil { throw ValidationError("--now: '\(now)' is not an ISO 8601 UTC time like 2026-11-30T06:00:00Z") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        var environment = lakeOptions.environment(quiet: quiet)
        if let sample {
            environment = environment.sample(records: sample)
            if !quiet { Output.stderr("sample run: first \(sample) records of each source into \(environment.lake) (manifest \(environment.manifestPath))") }
        }
        var names = datasets
        if all || due {
            do {
                let clock = now.flatMap(Timestamps.parse) ?? Date()
                names = try RunSelection(environment: environment).select(priority: priority, dueAt: due ? clock : nil)
            } catch {
                throw Output.fail("\(error)")
            }
            if names.isEmpty && !quiet { Output.stderr(due ? "nothing is due" : "no datasets selected") }
        }
        if dryRun {
            try await plan(names, environment: environment)
            return
        }
        let progress: any ProgressSink = quiet ? SilentProgress() : TerminalProgress()
        let runner = DatasetRunner(environment: environment, progress: progress, executor: stepExecutor())
        // A sample always rebuilds: its sandbox manifest cannot tell one N from another.
        let outcomes = await runner.run(datasets: names, force: force || sample != nil, concurrency: concurrency)

        var anyFailed = false
        var anyRejected = false
        for outcome in outcomes {
            switch outcome {
            case .finished(let summary):
                anyFailed = anyFailed || summary.failed
                if json { Output.stdout(Output.json(summary)) }
                if !quiet { Output.stderr(Self.describe(summary)) }
            case .rejected(let dataset, let message):
                anyRejected = true
                Output.stderr("error: \(dataset): \(message)")
                if json {
                    Output.stdout(Output.json(["dataset": dataset, "status": "rejected", "error": message]))
                }
            }
        }
        if report { writeReport(outcomes, environment: environment) }
        if let metrics {
            do {
                try MetricsExposition.write(to: metrics, environment: environment)
            } catch {
                Output.stderr("warning: metrics not written to \(metrics): \(error)")
            }
        }
        if anyFailed { throw ExitCode(1) }
        if anyRejected { throw ExitCode(2) }
    }

    private func stepExecutor() -> DatasetRunner.StepExecutor {
        switch executor {
        case .inProcess: return .inProcess
        case .process:
            // This very binary runs the steps.
            let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            return .process(executable: executable)
        }
    }

    /// `--dry-run`: verdicts only; exit 2 when a dataset cannot run as it stands.
    private func plan(_ names: [String], environment: PipelineEnvironment) async throws {
        let dryRun = DryRun(environment: environment)
        var anyError = false
        for name in names {
            let verdict = await dryRun.verdict(dataset: name, force: force)
            anyError = anyError || verdict.action == .error
            if json { Output.stdout(Output.json(verdict)) } else { Output.stderr(verdict.text) }
        }
        if anyError { throw ExitCode(2) }
    }

    /// A report that cannot be written is a warning: the runs themselves are done and recorded.
    private func writeReport(_ outcomes: [RunOutcome], environment: PipelineEnvironment) {
        let runIds = outcomes.compactMap { outcome -> String? in
            if case .finished(let summary) = outcome { return summary.runId }
            return nil
        }
        guard !runIds.isEmpty else { return }
        do {
            let written = try ReportSite.write(scope: .runs(runIds), directory: nil, environment: environment)
            for warning in written.warnings { Output.stderr("warning: report: \(warning)") }
            if !quiet { Output.stderr("report: \(URL(fileURLWithPath: written.directory).appendingPathComponent(written.entry).path)") }
        } catch {
            Output.stderr("warning: the report was not written: \(error)")
        }
    }

    static func describe(_ summary: RunSummary) -> String {
        let id = summary.runId ?? "-"
        switch summary.status {
        case .succeeded:
            var line = "\(summary.dataset): succeeded  run \(id)  \(summary.rows.bronze ?? 0) rows  "
                + "\(Output.seconds(summary.durationSeconds))"
            if let silver = summary.rows.silver {
                line += "  silver \(silver) rows (\(summary.rows.quarantined ?? 0) quarantined) \(summary.outputs.silver ?? "-")"
            } else {
                line += "  bronze \(summary.outputs.bronze ?? "-")"
            }
            if !summary.outputs.gold.isEmpty {
                let rebuilt = summary.outputs.gold.keys.filter { summary.reused["gold.\($0)"] == nil }.count
                line += "  gold \(summary.outputs.gold.count) table(s), \(rebuilt) rebuilt"
            }
            let reusedBase = ["bronze", "silver"].filter { summary.reused[$0] != nil }
            if !reusedBase.isEmpty { line += "  (\(reusedBase.joined(separator: " and ")) reused)" }
            return line
        case .skipped:
            return "\(summary.dataset): skipped (unchanged)  run \(id)  sha256 \(summary.sourceSHA256?.prefix(12) ?? "-")"
        default:
            return "\(summary.dataset): FAILED  run \(id)  \(summary.error ?? "")"
        }
    }
}
extension DatasetPriority: ExpressibleByArgument {}
