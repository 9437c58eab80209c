import Foundation
import Lake
import Manifest
import Transform

/// Tells a dataset's webhooks (`notify`) how a run ended, after the manifest has it: one JSON
/// POST per event and URL, with a `text` field that Slack and Mattermost incoming webhooks show
/// as is. Retried with backoff; a webhook that is down never changes the run's outcome. Each
/// delivery is recorded in the run's history (`NotificationDelivered`/`NotificationFailed`).
struct RunNotifier: Sendable {
    let environment: PipelineEnvironment
    let progress: any ProgressSink
    /// Waits before the second and third attempt.
    var backoff: [Double] = [0.5, 2]

    struct Payload: Encodable {
        var event: String
        var dataset: String
        var runId: String?
        var status: String
        var error: String?
        var rows: RunSummary.Rows
        var durationSeconds: Double
        var summary: String
        var text: String

        enum CodingKeys: String, CodingKey {
            case event, dataset, status, error, rows, summary, text
            case runId = "run_id"
            case durationSeconds = "duration_s"
        }
    }

    /// The events a run's outcome raises: failed, or succeeded (plus quality_warning when a `warn`
    /// expectation failed for some rows, and recovered when the run before had failed).
    static func events(summary: RunSummary, previousStatus: RunStatus?, quality: SilverReport?) -> [NotifyConfig.Event] {
        if summary.failed { return [.failed] }
        var events: [NotifyConfig.Event] = []
        if summary.status == .succeeded { events.append(.succeeded) }
        let warned = (quality?.expectations ?? []).contains(where: { $0.action == ExpectationAction.warn.rawValue && $0.failed > 0 })
        if summary.status == .succeeded && warned { events.append(.qualityWarning) }
        if previousStatus == .failed || previousStatus == .interrupted { events.append(.recovered) }
        return events
    }

    func notify(config: DatasetConfig, summary: RunSummary, store: any ManifestStore) async {
        let webhooks: NotifyConfig
        do {
            webhooks = try DatasetCatalog(directory: environment.datasetsDirectory).webhooks(of: config)
        } catch {
            progress.note(dataset: config.name, "warning: notifications not sent: \(error)")
            return
        }
        guard !webhooks.webhooks.isEmpty, let runId = summary.runId, let run = try? store.run(id: runId) else { return }
        let earlier = (try? store.runs(dataset: config.name, limit: 50)) ?? []
        let previous = earlier.first { $0.runId != runId && $0.startedAt <= run.startedAt }
        let version = (try? store.latestVersion(dataset: config.name)).flatMap { $0?.runId == runId ? $0 : nil }
        let quality = version?.qualityJSON.flatMap { try? JSONDecoder().decode(SilverReport.self, from: Data($0.utf8)) }
        for event in Self.events(summary: summary, previousStatus: previous?.status, quality: quality) {
            for url in webhooks.webhooks[event] ?? [] {
                let payload = Self.payload(event: event, summary: summary, quality: quality)
                await deliver(payload, to: url, event: event, run: run, store: store)
            }
        }
    }

    static func payload(event: NotifyConfig.Event, summary: RunSummary, quality: SilverReport?) -> Payload {
        let id = summary.runId ?? "-"
        var line: String
        switch event {
        case .failed: line = "✗ \(summary.dataset): run \(id) failed: \(summary.error ?? "unknown error")"
        case .succeeded:
            line = "✓ \(summary.dataset): run \(id) succeeded in \(Figures.duration(summary.durationSeconds))"
            if let silver = summary.rows.silver { line += ", \(Figures.count(silver)) Silver rows" }
        case .qualityWarning:
            let broken = (quality?.expectations ?? []).filter { $0.action == ExpectationAction.warn.rawValue && $0.failed > 0 }
            line = "⚠ \(summary.dataset): run \(id) passed with warnings: "
                + broken.map { "\($0.name) failed for \(Figures.count($0.failed)) rows" }.joined(separator: ", ")
        case .recovered: line = "✓ \(summary.dataset): recovered, run \(id) \(summary.status.rawValue) after a failed run"
        }
        // Causes may quote URLs; none leaves with credentials in it.
        let redacted = Redaction.redactURLs(in: line)
        return Payload(event: event.rawValue, dataset: summary.dataset, runId: summary.runId, status: summary.status.rawValue,
                       error: summary.error.map(Redaction.redactURLs(in:)), rows: summary.rows,
                       durationSeconds: summary.durationSeconds, summary: redacted, text: redacted)
    }

    private func deliver(_ payload: Payload, to url: String, event: NotifyConfig.Event, run: RunRecord, store: any ManifestStore) async {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(payload) else { return }
        var outcome: Result<Int, WebhookPost.Failure> = .failure(.transport("not sent"))
        var attempts = 0
        for wait in [0] + backoff {
            if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
            attempts += 1
            outcome = await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    do {
                        continuation.resume(returning: .success(try WebhookPost.send(body, to: url)))
                    } catch let failure as WebhookPost.Failure {
                        continuation.resume(returning: .failure(failure))
                    } catch {
                        continuation.resume(returning: .failure(.transport("\(error)")))
                    }
                }
            }
            if case .success = outcome { break }
        }
        var details = ["event": event.rawValue, "webhook": WebhookPost.display(url), "attempts": "\(attempts)"]
        switch outcome {
        case .success(let status): details["status"] = "\(status)"
        case .failure(let failure):
            details["error"] = failure.description
            progress.note(dataset: run.dataset, "warning: \(event.rawValue) notification to \(WebhookPost.display(url)) failed "
                          + "after \(attempts) attempts: \(failure.description)")
        }
        record(details, delivered: (try? outcome.get()) != nil, run: run, store: store)
    }

    private func record(_ details: [String: String], delivered: Bool, run: RunRecord, store: any ManifestStore) {
        let last = (try? store.events(executionName: run.executionName).last?.eventId) ?? 0
        let json = (try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) }
        try? store.appendEvents([ExecutionEventRecord(executionName: run.executionName, eventId: last + 1, previousEventId: last,
                                                      type: delivered ? "NotificationDelivered" : "NotificationFailed",
                                                      timestamp: Date(), stateName: nil, detailsJSON: json)])
    }
}
