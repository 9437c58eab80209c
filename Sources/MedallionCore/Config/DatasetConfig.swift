import Foundation
import Transform

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
    /// `schedule`: when `run --due` runs the dataset (UTC); nil for never by schedule.
    public var schedule: CronSchedule?
    /// `priority`: which datasets `run --all` and `run --due` start first.
    public var priority: DatasetPriority = .normal
    /// `notify`: webhooks per run event (before `datasets/_defaults.json` is applied).
    public var notify: NotifyConfig?
    /// The file the config came from.
    public var file: String
    /// Sections that are valid but not acted on by `taskResources`, the resources of the state
    /// machine the dataset runs (said to the user, never silent).
    public func warnings(taskResources: Set<String>) -> [String] {
        guard let gold, !gold.tables.isEmpty, !taskResources.contains("medallion:gold") else { return [] }
        return ["\(file): gold: \(gold.tables.count) table(s) declared, but \(stateMachine) has no medallion:gold Task, so they are not built"]
    }
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
        if var object = try root.object("gold") {
            gold = try GoldConfig.parse(&object)
            gold?.orderMetrics(asWrittenIn: data)
        }
        var schedule: CronSchedule?
        if let expression = try root.string("schedule") {
            do {
                schedule = try CronSchedule(expression)
            } catch let invalid as CronSchedule.Invalid {
                throw root.fail("schedule", invalid.description)
            }
        }
        var priority = DatasetPriority.normal
        if let text = try root.string("priority") {
            guard let parsed = DatasetPriority(rawValue: text) else {
                throw root.fail("priority", "'\(text)' is not one of " + DatasetPriority.allCases.map(\.rawValue).joined(separator: ", "))
            }
            priority = parsed
        }
        var notify: NotifyConfig?
        if var object = try root.object("notify") { notify = try NotifyConfig.parse(&object) }
        try root.finish()
        var config = DatasetConfig(name: name, description: description, source: source, stateMachine: stateMachine,
                                   silver: silver, dataQuality: quality, gold: gold, file: file, rawBytes: data)
        config.schedule = schedule
        config.priority = priority
        config.notify = notify
        return config
    }

    /// Loads `path` from disk.
    public static func load(path: String) throws -> DatasetConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(file: path, reason: FileManager.default.fileExists(atPath: path)
                                         ? "permission denied" : "no such file")
        }
        return try parse([UInt8](data), file: path)
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
    /// `csv.lenient`: text after a closing quote is kept (Python's csv) instead of an error.
    public var lenientQuotes: Bool = false
    /// `max_columns`: a source with more columns fails.
    public var maxColumns: Int = SourceOptions.defaultMaxColumns
    /// `max_record_bytes`: a longer record fails.
    public var maxRecordBytes: Int = SourceOptions.defaultMaxRecordBytes
    /// `run --sample N`: read only the first N records (never from the config file).
    public var sampleRecords: Int?
    /// A `sqlite:` source: the table or query it extracts (the extract lands as NDJSON).
    public var database: DatabaseSource?
    /// A many-file source (`urls`, `glob` or `index`); `url` then holds what runs show for it.
    public var files: FileSetSource?

    static func parse(_ object: inout StrictObject) throws -> SourceConfig {
        let files = try FileSetSource.parse(&object)
        let url = try files?.displayURL ?? object.requiredString("url")
        if DatabaseSource.isDatabase(url) {
            let database = try DatabaseSource.parse(&object, url: url)
            var config = SourceConfig(url: url, format: .ndjson, delimiter: nil, quote: nil, header: true, recordsPath: nil, archiveMember: nil)
            config.database = database
            try object.finish()
            return config
        }
        let schemes = ["file:", "http://", "https://", "s3://"]
        guard schemes.contains(where: { url.lowercased().hasPrefix($0) }) else {
            throw object.fail("url", "'\(url)' must start with file:, http://, https://, s3://, sqlite: or postgresql://")
        }
        for key in ["table", "query", "incremental"] where object.has(key) {
            throw object.fail(key, "only applies to database sources (sqlite:, postgresql://)")
        }
        let formatText = try object.requiredString("format")
        guard let format = Format(rawValue: formatText) else {
            throw object.fail("format", "'\(formatText)' is not one of \(Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var config = SourceConfig(url: url, format: format, delimiter: nil, quote: nil, header: true,
                                  recordsPath: nil, archiveMember: try object.string("archive_member"))
        config.files = files
        func positive(_ key: String) throws -> Int? {
            guard let value = try object.count(key) else { return nil }
            guard value >= 1 else { throw object.fail(key, "must be at least 1") }
            return value
        }
        config.maxColumns = try positive("max_columns") ?? SourceOptions.defaultMaxColumns
        config.maxRecordBytes = try positive("max_record_bytes") ?? SourceOptions.defaultMaxRecordBytes
        if var csv = try object.object("csv") {
            guard format == .csv || format == .tsv else { throw object.fail("csv", "only applies to csv and tsv sources") }
            config.delimiter = try csv.string("delimiter")
            config.quote = try csv.string("quote")
            config.header = try csv.bool("header") ?? true
            config.lenientQuotes = try csv.bool("lenient") ?? false
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

/// Silver-layer rules: column types, de-duplication and expectations (DESIGN.md, "Silver and
/// Gold semantics"). Column names here are Silver names (the source names in snake_case).
public struct SilverConfig: Sendable, Equatable {
    /// A declared column type; undeclared columns take the type Bronze's inference found.
    public struct Column: Sendable, Equatable {
        /// The value type (the element type of a list); nil for a list whose element type is inferred.
        public var type: SilverType?
        /// `{"type": "list", "items": …}`: a JSON array of scalars stored as a Parquet LIST.
        public var isList: Bool = false
        /// `{"type": "json"}`: nested JSON kept as text, not flattened.
        public var keepsJSON: Bool = false
    }

    /// Silver names of the de-duplication key; empty: exact duplicate rows.
    public var keys: [String]
    /// Silver name of the typed column whose greatest value wins within a key.
    public var orderBy: String?
    public var columns: [String: Column]
    public var expectations: [Expectation]
    /// `mode`: how a run's rows become the new Silver.
    public var mode: Mode = .replace
    /// `delete_when` (merge only): conditions, all holding, under which an incoming row deletes its key.
    public var deleteWhen: [GoldFilter] = []

    public enum Mode: String, Sendable, CaseIterable {
        /// The run's rows are the new Silver (the default).
        case replace
        /// The run's rows update or insert into the current Silver by `keys`.
        case merge
    }

    static let types = ["string", "int64", "double", "boolean", "date", "timestamp"]
    static let columnTypes = types + ["list", "json"]

    /// A `silver.columns` entry: a scalar type, `list` (with `items`), or `json`.
    static func parseColumn(_ object: inout StrictObject) throws -> Column {
        let peek = try object.string("type") ?? "string"
        switch peek {
        case "json":
            if try object.string("format") != nil { throw object.fail("format", "only applies to date and timestamp columns") }
            return Column(type: .string, keepsJSON: true)
        case "list":
            guard try object.string("items") != nil else {
                if try object.string("format") != nil { throw object.fail("format", "needs items: date or timestamp") }
                return Column(type: nil, isList: true)
            }
            return Column(type: try parseType(&object, typeKey: "items", defaultType: nil), isList: true)
        default:
            guard columnTypes.contains(peek) else {
                throw object.fail("type", "'\(peek)' is not one of \(columnTypes.joined(separator: ", "))")
            }
            return Column(type: try parseType(&object, typeKey: "type"))
        }
    }

    static func parse(_ object: inout StrictObject) throws -> SilverConfig {
        let keys = try object.strings("keys") ?? []
        let orderBy = try object.string("order_by")
        var columns: [String: Column] = [:]
        if var columnsObject = try object.object("columns") {
            for name in columnsObject.keys {
                guard var column = try columnsObject.object(name) else { continue }
                columns[name] = try parseColumn(&column)
                try column.finish()
            }
            try columnsObject.finish()
        }
        var expectations: [Expectation] = []
        for var item in try object.objects("expectations") ?? [] {
            let expectation = try parseExpectation(&item)
            if expectations.contains(where: { $0.name == expectation.name }) {
                throw item.fail("name", "'\(expectation.name)' names another expectation too; names must be unique")
            }
            if columns[expectation.column]?.isList == true, expectation.check != .notNull, expectation.check != .unique {
                throw item.fail("check", "'\(expectation.check.name)' does not apply to list column '\(expectation.column)' (not_null and unique do)")
            }
            if let declared = columns[expectation.column]?.type, columns[expectation.column]?.isList == false {
                do {
                    try expectation.validate(columnType: declared)
                } catch {
                    throw item.fail(expectation.check.parameterKey, "\(error)")
                }
            }
            try item.finish()
            expectations.append(expectation)
        }
        if let orderBy, let declared = columns[orderBy], declared.isList || declared.type == .string {
            throw object.fail("order_by", "'\(orderBy)' is a string column; declare it with a type that orders (int64, double, boolean, date, timestamp)")
        }
        if let repeated = keys.firstDuplicate() { throw object.fail("keys", "'\(repeated)' is listed twice") }
        var config = SilverConfig(keys: keys, orderBy: orderBy, columns: columns, expectations: expectations)
        if let text = try object.string("mode") {
            guard let mode = Mode(rawValue: text) else {
                throw object.fail("mode", "'\(text)' is not one of " + Mode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            config.mode = mode
        }
        if let conditions = try object.objects("delete_when") {
            guard config.mode == .merge else { throw object.fail("delete_when", "only applies with mode \"merge\"") }
            for var condition in conditions { config.deleteWhen.append(try GoldFilter.parse(&condition)) }
        }
        if config.mode == .merge && keys.isEmpty {
            throw object.fail("mode", "\"merge\" needs silver.keys: the columns a row is updated or deleted by")
        }
        try object.finish()
        return config
    }

    /// Reads `type` (and `format` for dates and timestamps) from a column or `castable` object.
    static func parseType(_ object: inout StrictObject, typeKey: String, defaultType: String? = "string") throws -> SilverType {
        guard let name = try object.string(typeKey) ?? defaultType else { throw object.fail(typeKey, "is required") }
        let format = try object.string("format")
        func pattern(_ kind: TemporalPattern.Kind) throws -> TemporalPattern? {
            guard let format else { return nil }
            do {
                return try TemporalPattern(format, kind: kind)
            } catch {
                throw object.fail("format", "'\(format)': \(error)")
            }
        }
        switch name {
        case "date": return .date(try pattern(.date) ?? .isoDate)
        case "timestamp": return .timestamp(try pattern(.timestamp))
        case "string", "int64", "double", "boolean":
            if format != nil { throw object.fail("format", "only applies to date and timestamp columns") }
            switch name {
            case "int64": return .int64
            case "double": return .double
            case "boolean": return .boolean
            default: return .string
            }
        default:
            throw object.fail(typeKey, "'\(name)' is not one of \(types.joined(separator: ", "))")
        }
    }

    static func parseExpectation(_ item: inout StrictObject) throws -> Expectation {
        let name = try item.requiredString("name")
        let column = try item.requiredString("column")
        let checkName = try item.requiredString("check")
        let actionName = try item.string("action") ?? ExpectationAction.warn.rawValue
        guard let action = ExpectationAction(rawValue: actionName) else {
            throw item.fail("action", "'\(actionName)' is not one of \(ExpectationAction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let check: ExpectationCheck
        switch checkName {
        case "not_null": check = .notNull
        case "unique": check = .unique
        case "matches":
            let pattern = try item.requiredString("pattern")
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                throw item.fail("pattern", "'\(pattern)' is not a valid regular expression")
            }
            check = .matches(pattern: pattern)
        case "in":
            guard let values = try item.scalars("values") else { throw item.fail("values", "is required for 'in'") }
            check = .oneOf(values)
        case "between":
            let min = try item.scalar("min"), max = try item.scalar("max")
            if min == nil && max == nil { throw item.fail("min", "'between' needs min, max or both") }
            check = .between(min: min, max: max)
        case "length":
            let min = try item.count("min"), max = try item.count("max")
            if min == nil && max == nil { throw item.fail("min", "'length' needs min, max or both") }
            if let min, let max, min > max { throw item.fail("min", "\(min) is greater than max \(max)") }
            check = .length(min: min, max: max)
        case "castable":
            check = .castable(try parseType(&item, typeKey: "type", defaultType: nil))
        default:
            throw item.fail("check", "'\(checkName)' is not one of \(ExpectationCheck.names.joined(separator: ", "))")
        }
        return Expectation(name: name, column: column, check: check, action: action)
    }
}

extension ExpectationCheck {
    /// The config key holding the check's parameters (where a bad one is reported).
    var parameterKey: String {
        switch self {
        case .notNull, .unique: return "check"
        case .matches: return "pattern"
        case .oneOf: return "values"
        case .between: return "min"
        case .length: return "min"
        case .castable: return "type"
        }
    }
}

extension Array where Element: Hashable {
    func firstDuplicate() -> Element? {
        var seen = Set<Element>()
        return first { !seen.insert($0).inserted }
    }
}

/// Run-level data-quality gates, judged on the final Silver rows.
public struct DataQualityConfig: Sendable, Equatable {
    /// Silver columns that must exist.
    public var requiredColumns: [String]
    /// The run fails when a required column's null share exceeds this (equal passes).
    public var criticalNullThreshold: Double?
    /// The run fails with fewer Silver rows.
    public var minRows: Int?

    static func parse(_ object: inout StrictObject) throws -> DataQualityConfig {
        let config = DataQualityConfig(requiredColumns: try object.strings("required_columns") ?? [],
                                       criticalNullThreshold: try object.number("critical_null_threshold"),
                                       minRows: try object.count("min_rows"))
        if let threshold = config.criticalNullThreshold, !(0...1).contains(threshold) {
            throw object.fail("critical_null_threshold", "must be between 0 and 1")
        }
        try object.finish()
        return config
    }
}
