import Foundation
import Lake
import StateMachine

/// Checks on what a step's input names: datasets, run ids and lake locations.
///
/// Step inputs are JSON from the previous state, or from whoever calls `medallion task`, so a
/// step never trusts them: a dataset name or run id becomes part of a lake path and a key or
/// URI is read or recorded in the manifest. Each check throws `Medallion.BadStepInput` naming
/// the field, what it must be and what it was.
struct StepInputCheck {
    let step: String

    /// Longest value quoted back in an error (input could be anything, at any length).
    static let quotedLength = 120

    func dataset(_ value: String, field: String) throws {
        guard value.matchesEntirely(DatasetConfig.namePattern) else {
            throw failure(field, value, "must be a dataset name matching \(DatasetConfig.namePattern)")
        }
    }

    func runId(_ value: String, field: String) throws {
        guard RunIdentifier.isValid(value) else {
            throw failure(field, value, "must be a run id like 20261122T152100Z-9cf7849b (\(RunIdentifier.pattern))")
        }
    }

    func sha256(_ value: String, field: String) throws {
        guard value.utf8.count == 64, value.utf8.allSatisfy({ Self.isHexDigit($0) }) else {
            throw failure(field, value, "must be 64 lower-case hex digits")
        }
    }

    /// A Gold table name (the same rule as dataset names: it becomes a directory).
    func tableName(_ value: String, field: String) throws {
        guard value.matchesEntirely(DatasetConfig.namePattern) else {
            throw failure(field, value, "must be a table name matching \(DatasetConfig.namePattern)")
        }
    }

    /// A relative key inside the lake that starts with `prefix` (which ends in `/` or `=`).
    func key(_ key: String, field: String, under prefix: String) throws {
        do {
            try ObjectKey.validate(key)
        } catch let error as StorageError {
            if case .invalidKey(_, let reason) = error { throw failure(field, key, "must be a lake key under \(prefix) (\(reason))") }
            throw failure(field, key, "must be a lake key under \(prefix)")
        }
        guard key.hasPrefix(prefix), key.count > prefix.count else {
            throw failure(field, key, "must be a lake key under \(prefix)")
        }
    }

    /// A URI in `lake` whose key starts with `prefix`.
    func uri(_ uri: String, field: String, under prefix: String, in lake: any ObjectStore) throws {
        guard let key = FetchAndHashStep.key(of: uri, in: lake) else {
            throw failure(field, uri, "must be a location in the lake \(lake.rootURI)")
        }
        try self.key(key, field: field, under: prefix)
    }

    /// A published partition's URI: exactly `<prefix><run id>` in `lake`
    /// (`bronze/<dataset>/run=<run id>`, `silver/<dataset>/version=<run id>`, …).
    func partition(_ uri: String, field: String, prefix: String, in lake: any ObjectStore) throws {
        try self.uri(uri, field: field, under: prefix, in: lake)
        let root = lake.rootURI.hasSuffix("/") ? lake.rootURI : lake.rootURI + "/"
        let runPart = String(uri.dropFirst(root.count + prefix.count))
        guard RunIdentifier.isValid(runPart) else {
            throw failure(field, uri, "must be a partition \(prefix)<run id> in the lake \(lake.rootURI)")
        }
    }

    /// FetchAndHash's output, as Bronze, Silver, Gold and UpdateManifest receive it.
    func fetch(_ fetch: FetchAndHashStep.Output, dataset: String, field: String, lake: any ObjectStore) throws {
        try runId(fetch.runId, field: "\(field).run_id")
        try sha256(fetch.sha256, field: "\(field).sha256")
        if let previous = fetch.previousRunId { try runId(previous, field: "\(field).previous_run_id") }
        if let rawKey = fetch.rawKey { try key(rawKey, field: "\(field).raw_key", under: "raw/\(dataset)/") }
        if let rawURI = fetch.rawURI { try uri(rawURI, field: "\(field).raw_uri", under: "raw/\(dataset)/", in: lake) }
        for (index, table) in fetch.goldTables.enumerated() { try tableName(table, field: "\(field).gold_tables[\(index)]") }
        for (index, file) in (fetch.files ?? []).enumerated() {
            if let sha = file.sha256 { try sha256(sha, field: "\(field).files[\(index)].sha256") }
            if let rawKey = file.rawKey { try key(rawKey, field: "\(field).files[\(index)].raw_key", under: "raw/\(dataset)/") }
            if let rawURI = file.rawURI { try uri(rawURI, field: "\(field).files[\(index)].raw_uri", under: "raw/\(dataset)/", in: lake) }
        }
        guard fetch.ingestDate.matchesEntirely(#"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#) else {
            throw failure("\(field).ingest_date", fetch.ingestDate, "must be a date YYYY-MM-DD")
        }
    }

    func failure(_ field: String, _ value: String, _ rule: String) -> TaskFailure {
        var quoted = String(value.unicodeScalars.prefix(Self.quotedLength).map { $0 == "\0" ? "\u{FFFD}" : Character($0) })
        if value.unicodeScalars.count > Self.quotedLength { quoted += "…" }
        return TaskFailure(error: StepError.badStepInput, cause: "\(step): input field '\(field)' \(rule); got '\(quoted)'")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
