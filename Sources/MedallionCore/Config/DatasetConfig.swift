import Crypto
import Foundation

/// A dataset declared in `datasets/<name>.json` (format: DESIGN.md, "Dataset config").
public struct DatasetConfig: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var source: SourceConfig
    /// Path of the ASL definition, relative to the repository root.
    public var stateMachine: String
    public var silver: SilverConfig?
    public var dataQuality: DataQualityConfig?
    public var gold: GoldConfig?
    /// The file the config came from.
    public var file: String
    /// The file's exact bytes (part of the pipeline fingerprint).
    public var rawBytes: [UInt8]

    public static let defaultStateMachine = "statemachines/medallion.asl.json"
    static let namePattern = #"^[a-z][a-z0-9_-]{0,63}$"#

    /// Parses and validates a config; `file` names it in errors and must be `<name>.json`.
    public static func parse(_ data: [UInt8], file: String) throws -> DatasetConfig {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            throw ConfigError.invalidJSON(file: file, reason: Self.jsonReason(error))
        }
        var root = try StrictObject(json, file: file, path: "")
        let name = try root.requiredString("dataset")
        guard name.range(of: namePattern, options: .regularExpression) != nil else {
            throw root.fail("dataset", "'\(name)' must match \(namePattern) (lower case letter first; letters, digits, _ and -)")
        }
        let expectedFile = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        guard expectedFile == name else {
            throw root.fail("dataset", "'\(name)' must equal the file name ('\(expectedFile)')")
        }
        let description = try root.string("description")
        guard var sourceObject = try root.object("source") else { throw root.fail("source", "is required") }
        let source = try SourceConfig.parse(&sourceObject)
        let stateMachine = try root.string("state_machine") ?? defaultStateMachine
        var silver: SilverConfig?
        if var object = try root.object("silver") { silver = try SilverConfig.parse(&object) }
        var quality: DataQualityConfig?
        if var object = try root.object("data_quality") { quality = try DataQualityConfig.parse(&object) }
        var gold: GoldConfig?
        if var object = try root.object("gold") { gold = try GoldConfig.parse(&object) }
        try root.finish()
        return DatasetConfig(name: name, description: description, source: source, stateMachine: stateMachine,
                             silver: silver, dataQuality: quality, gold: gold, file: file, rawBytes: data)
    }

    /// Loads `path` from disk.
    public static func load(path: String) throws -> DatasetConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(file: path, reason: FileManager.default.fileExists(atPath: path)
                                         ? "permission denied" : "no such file")
        }
        return try parse([UInt8](data), file: path)
    }

    /// SHA-256 over the config bytes and the state-machine definition bytes: when either
    /// changes, the next run reprocesses even if the source did not.
    public func pipelineFingerprint(stateMachineBytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("medallion-fingerprint-v1\n".utf8))
        hasher.update(data: Array("\(rawBytes.count)\n".utf8))
        hasher.update(data: rawBytes)
        hasher.update(data: Array("\(stateMachineBytes.count)\n".utf8))
        hasher.update(data: stateMachineBytes)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func jsonReason(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}

/// Where a dataset's bytes come from and how to read them.
public struct SourceConfig: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable { case csv, tsv, ndjson, json }

    public var url: String
    public var format: Format
    public var delimiter: String?
    public var quote: String?
    public var header: Bool
    public var recordsPath: String?
    /// Glob picking the member of a `.zip` source.
    public var archiveMember: String?

    static func parse(_ object: inout StrictObject) throws -> SourceConfig {
        let url = try object.requiredString("url")
        let schemes = ["file:", "http://", "https://", "s3://"]
        guard schemes.contains(where: { url.lowercased().hasPrefix($0) }) else {
            throw object.fail("url", "'\(url)' must start with file:, http://, https:// or s3://")
        }
        let formatText = try object.requiredString("format")
        guard let format = Format(rawValue: formatText) else {
            throw object.fail("format", "'\(formatText)' is not one of \(Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var config = SourceConfig(url: url, format: format, delimiter: nil, quote: nil, header: true,
                                  recordsPath: nil, archiveMember: try object.string("archive_member"))
        if var csv = try object.object("csv") {
            guard format == .csv || format == .tsv else { throw object.fail("csv", "only applies to csv and tsv sources") }
            config.delimiter = try csv.string("delimiter")
            config.quote = try csv.string("quote")
            config.header = try csv.bool("header") ?? true
            for (key, value) in [("delimiter", config.delimiter), ("quote", config.quote)] {
                if let value, value.utf8.count != 1 {
                    throw csv.fail(key, "must be exactly one ASCII character, got '\(value)'")
                }
                if let value, value == "\n" || value == "\r" {
                    throw csv.fail(key, "cannot be a line break")
                }
            }
            if let delimiter = config.delimiter, delimiter == (config.quote ?? "\"") {
                throw csv.fail("delimiter", "must differ from the quote character '\(delimiter)'")
            }
            try csv.finish()
        }
        if var json = try object.object("json") {
            guard format == .json else { throw object.fail("json", "only applies to json sources") }
            config.recordsPath = try json.string("records_path")
            try json.finish()
        }
        try object.finish()
        return config
    }
}

/// Silver-layer rules (applied by Pipeline II); validated now so typos surface early.
public struct SilverConfig: Sendable, Equatable {
    public struct Column: Sendable, Equatable { public var type: String; public var format: String? }
    public struct Expectation: Sendable, Equatable {
        public var name: String, column: String, check: String, action: String
        public var pattern: String?, values: [String]?, min: Double?, max: Double?, type: String?, format: String?
    }

    public var keys: [String]
    public var columns: [String: Column]
    public var expectations: [Expectation]

    static let types = ["string", "int64", "double", "boolean", "date", "timestamp"]
    static let checks = ["not_null", "unique", "matches", "in", "between", "length", "castable"]
    static let actions = ["warn", "drop", "quarantine", "fail"]

    static func parse(_ object: inout StrictObject) throws -> SilverConfig {
        let keys = try object.strings("keys") ?? []
        var columns: [String: Column] = [:]
        if var columnsObject = try object.object("columns") {
            for name in columnsObject.keys {
                guard var column = try columnsObject.object(name) else { continue }
                let type = try column.string("type") ?? "string"
                guard types.contains(type) else { throw column.fail("type", "'\(type)' is not one of \(types.joined(separator: ", "))") }
                columns[name] = Column(type: type, format: try column.string("format"))
                try column.finish()
            }
            try columnsObject.finish()
        }
        var expectations: [Expectation] = []
        for var item in try object.objects("expectations") ?? [] {
            let check = try item.requiredString("check")
            guard checks.contains(check) else { throw item.fail("check", "'\(check)' is not one of \(checks.joined(separator: ", "))") }
            let action = try item.string("action") ?? "warn"
            guard actions.contains(action) else { throw item.fail("action", "'\(action)' is not one of \(actions.joined(separator: ", "))") }
            let expectation = Expectation(name: try item.requiredString("name"), column: try item.requiredString("column"),
                                          check: check, action: action, pattern: try item.string("pattern"),
                                          values: try item.scalars("values"), min: try item.number("min"),
                                          max: try item.number("max"), type: try item.string("type"),
                                          format: try item.string("format"))
            if check == "matches" {
                guard let pattern = expectation.pattern else { throw item.fail("pattern", "is required for 'matches'") }
                guard (try? NSRegularExpression(pattern: pattern)) != nil else { throw item.fail("pattern", "'\(pattern)' is not a valid regular expression") }
            }
            if check == "in", expectation.values == nil { throw item.fail("values", "is required for 'in'") }
            if check == "castable", expectation.type == nil { throw item.fail("type", "is required for 'castable'") }
            try item.finish()
            expectations.append(expectation)
        }
        try object.finish()
        return SilverConfig(keys: keys, columns: columns, expectations: expectations)
    }
}

/// Run-level data-quality gates.
public struct DataQualityConfig: Sendable, Equatable {
    public var requiredColumns: [String]
    public var criticalNullThreshold: Double?

    static func parse(_ object: inout StrictObject) throws -> DataQualityConfig {
        let config = DataQualityConfig(requiredColumns: try object.strings("required_columns") ?? [],
                                       criticalNullThreshold: try object.number("critical_null_threshold"))
        if let threshold = config.criticalNullThreshold, !(0...1).contains(threshold) {
            throw object.fail("critical_null_threshold", "must be between 0 and 1")
        }
        try object.finish()
        return config
    }
}

/// Gold aggregate tables (built by Pipeline III).
public struct GoldConfig: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var groupBy: [String]
        public var metrics: [String: String]
    }
    public var tables: [Table]

    static func parse(_ object: inout StrictObject) throws -> GoldConfig {
        var tables: [Table] = []
        for var item in try object.objects("tables") ?? [] {
            let name = try item.requiredString("name")
            guard name.range(of: DatasetConfig.namePattern, options: .regularExpression) != nil else {
                throw item.fail("name", "'\(name)' must match \(DatasetConfig.namePattern)")
            }
            var metrics: [String: String] = [:]
            if var metricsObject = try item.object("metrics") {
                for key in metricsObject.keys {
                    guard let expression = try metricsObject.string(key) else { continue }
                    metrics[key] = expression
                }
                try metricsObject.finish()
            }
            tables.append(Table(name: name, groupBy: try item.strings("group_by") ?? [], metrics: metrics))
            try item.finish()
        }
        try object.finish()
        return GoldConfig(tables: tables)
    }
}
