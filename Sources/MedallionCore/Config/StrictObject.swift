import Foundation

/// Reads one JSON object of a config file, field by field, and rejects keys nobody asked for:
/// a misspelt key must be an error, never silently ignored.
struct StrictObject {
    let file: String
    let path: String
    private let values: [String: Any]
    private var consumed: Set<String> = []

    init(_ value: Any, file: String, path: String) throws {
        guard let object = value as? [String: Any] else {
            throw ConfigError.invalid(file: file, keyPath: path, message: "expected an object")
        }
        self.file = file
        self.path = path
        self.values = object
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String, _ message: String) -> ConfigError {
        ConfigError.invalid(file: file, keyPath: keyPath(key), message: message)
    }

    private mutating func take(_ key: String) -> Any? {
        consumed.insert(key)
        guard let value = values[key], !(value is NSNull) else { return nil }
        return value
    }

    mutating func string(_ key: String) throws -> String? {
        guard let value = take(key) else { return nil }
        guard let string = value as? String else { throw fail(key, "expected a string") }
        return string
    }

    mutating func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw fail(key, "is required") }
        return value
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let value = take(key) else { return nil }
        guard let number = value as? NSNumber, Self.isBoolean(number) else {
            throw fail(key, "expected true or false")
        }
        return number.boolValue
    }

    mutating func number(_ key: String) throws -> Double? {
        guard let value = take(key) else { return nil }
        guard let number = value as? NSNumber, !Self.isBoolean(number) else {
            throw fail(key, "expected a number")
        }
        return number.doubleValue
    }

    /// A non-negative whole number (row counts, lengths).
    mutating func count(_ key: String) throws -> Int? {
        guard let value = take(key) else { return nil }
        guard let number = value as? NSNumber, !Self.isBoolean(number), let int = Int(exactly: number.doubleValue), int >= 0 else {
            throw fail(key, "expected a whole number, 0 or more")
        }
        return int
    }

    /// One JSON string or number, as text (bounds of `between`).
    mutating func scalar(_ key: String) throws -> String? {
        guard let value = take(key) else { return nil }
        if let string = value as? String { return string }
        if let number = value as? NSNumber, !Self.isBoolean(number) { return number.stringValue }
        throw fail(key, "expected a string or a number")
    }

    mutating func strings(_ key: String) throws -> [String]? {
        guard let value = take(key) else { return nil }
        guard let array = value as? [Any] else { throw fail(key, "expected an array of strings") }
        return try array.enumerated().map { index, element in
            guard let string = element as? String else { throw fail("\(key)[\(index)]", "expected a string") }
            return string
        }
    }

    /// Whether the object has `key` (without reading it).
    func has(_ key: String) -> Bool { values[key] != nil }

    /// One string or an array of strings (a list that is often one item long).
    mutating func stringOrStrings(_ key: String) throws -> [String]? {
        guard let value = take(key) else { return nil }
        if let string = value as? String { return [string] }
        guard let array = value as? [Any] else { throw fail(key, "expected a string or an array of strings") }
        return try array.enumerated().map { index, element in
            guard let string = element as? String else { throw fail("\(key)[\(index)]", "expected a string") }
            return string
        }
    }

    /// Any JSON scalar (for `in` values and `between` bounds), rendered as text.
    mutating func scalars(_ key: String) throws -> [String]? {
        guard let value = take(key) else { return nil }
        guard let array = value as? [Any] else { throw fail(key, "expected an array") }
        return try array.enumerated().map { index, element in
            if let string = element as? String { return string }
            if let number = element as? NSNumber, Self.isBoolean(number) { return number.boolValue ? "true" : "false" }
            if let number = element as? NSNumber { return number.stringValue }
            throw fail("\(key)[\(index)]", "expected a string or a number")
        }
    }

    mutating func object(_ key: String) throws -> StrictObject? {
        guard let value = take(key) else { return nil }
        return try StrictObject(value, file: file, path: keyPath(key))
    }

    mutating func objects(_ key: String) throws -> [StrictObject]? {
        guard let value = take(key) else { return nil }
        guard let array = value as? [Any] else { throw fail(key, "expected an array of objects") }
        return try array.enumerated().map { index, element in
            try StrictObject(element, file: file, path: "\(keyPath(key))[\(index)]")
        }
    }

    /// The object's keys, for maps keyed by user names (column names, metric names).
    var keys: [String] { values.keys.sorted() }

    mutating func consumeAll() { consumed = Set(values.keys) }

    /// JSONSerialization hands JSON booleans over as NSNumbers whose type code is `c`.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Call last: every key not read so far is a typo or an unsupported option.
    func finish() throws {
        if let unknown = values.keys.sorted().first(where: { !consumed.contains($0) }) {
            throw ConfigError.invalid(file: file, keyPath: keyPath(unknown), message: "unknown key")
        }
    }
}
