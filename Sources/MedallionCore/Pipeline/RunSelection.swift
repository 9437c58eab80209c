import Foundation
import Manifest

/// Which datasets `run --all` and `run --due` start, in which order: higher `priority` first
/// (by name within a tier), only the selected tier with `--priority`, and with `--due` only the
/// datasets whose `schedule` has come round since their last run.
public struct RunSelection: Sendable {
    public let environment: PipelineEnvironment

    public init(environment: PipelineEnvironment) {
        self.environment = environment
    }

    /// Whether a schedule wants a run now, and when it next will.
    public struct Due: Sendable, Equatable {
        public var due: Bool
        /// Since when it is due (when `due`), else the next scheduled time.
        public var at: Date?
    }

    /// Due when the latest scheduled time at or before `now` is after the last run started
    /// (any outcome: a failed run waits for the next slot) or nothing has run yet.
    public static func due(_ schedule: CronSchedule, lastRunStart: Date?, now: Date) -> Due {
        if let latest = schedule.latest(atOrBefore: now), lastRunStart.map({ $0 < latest }) ?? true {
            return Due(due: true, at: latest)
        }
        return Due(due: false, at: schedule.next(after: now))
    }

    /// `names` (every declared dataset when nil) ordered by priority, filtered by tier and,
    /// with `dueAt`, by schedule. A config that does not load stays in, at normal priority, so
    /// the run reports its error.
    public func select(_ names: [String]? = nil, priority: DatasetPriority?, dueAt now: Date?) throws -> [String] {
        let catalog = DatasetCatalog(directory: environment.datasetsDirectory)
        let candidates = try names ?? catalog.names()
        let store = now == nil ? nil : try ManifestReport.openExisting(environment)
        var chosen: [(name: String, priority: DatasetPriority)] = []
        for name in candidates {
            let config = try? catalog.load(name)
            let tier = config?.priority ?? .normal
            if let priority, tier != priority { continue }
            if let now {
                // A dataset without a schedule never comes due; one whose config fails is run to say why.
                if let config {
                    guard let schedule = config.schedule else { continue }
                    let last = try store?.runs(dataset: name, limit: 1).first?.startedAt
                    guard Self.due(schedule, lastRunStart: last, now: now).due else { continue }
                }
            }
            chosen.append((name, tier))
        }
        return chosen.sorted { $0.priority != $1.priority ? $0.priority < $1.priority : $0.name < $1.name }.map(\.name)
    }
}
