/// A JSONPath as the Amazon States Language uses it: `$` (the state input) or `$$` (the
/// context object) followed by dot or bracket members, indexes, slices, wildcards, deep scans
/// and filters.
///
/// Paths with only members and indexes are *definite* ("reference paths" in the spec) and
/// select at most one value; any other path selects a list, as Jayway JSONPath (which AWS uses)
/// returns it.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case member(String)
        case index(Int)
        case members([String])
        case indexes([Int])
        case wildcard
        case slice(start: Int?, end: Int?, step: Int?)
        case deepScan(String?)
        case filter(FilterExpression)
    }

    /// True for `$$` paths, which read the context object.
    public let isContextPath: Bool
    /// The workflow variable a `$name…` path reads; nil for `$` and `$$` paths.
    public let variable: String?
    let segments: [Segment]
    /// The path as written.
    public let text: String

    public var description: String { text }

    /// Parses a path; throws with the reason when it is not valid JSONPath.
    public init(_ text: String) throws {
        var parser = JSONPathParser(text)
        let (context, variable, segments) = try parser.parsePath()
        self.text = text
        self.isContextPath = context
        self.variable = variable
        self.segments = segments
    }

    /// True when the path selects at most one value (members and indexes only).
    public var isDefinite: Bool {
        segments.allSatisfy {
            switch $0 {
            case .member, .index: return true
            default: return false
            }
        }
    }

    /// True when the path is a reference path: definite and rooted at `$` (or a variable).
    public var isReferencePath: Bool { isDefinite && !isContextPath }

    /// The value this path selects: from `data` for a `$` path, from the context object for
    /// `$$`, from a workflow variable for `$name` (nil when the variable is not assigned).
    func select(_ data: JSONValue, _ scope: PathScope) -> JSONValue? {
        if isContextPath { return evaluate(scope.context) }
        if let variable {
            guard let value = scope.variables[variable] else { return nil }
            return evaluate(value)
        }
        return evaluate(data)
    }

    /// Every value the path selects in `document`, in document order (a definite path selects
    /// at most one). For callers outside the engine, such as a many-file source's index.
    public func values(in document: JSONValue) -> [JSONValue] {
        guard let result = evaluate(document) else { return [] }
        if isDefinite { return [result] }
        return result.arrayValue ?? []
    }

    /// The selected value: for a definite path the value or nil when absent, for any other
    /// path an array of every match.
    func evaluate(_ root: JSONValue) -> JSONValue? {
        if isDefinite {
            var current = root
            for segment in segments {
                switch segment {
                case .member(let key):
                    guard case .object(let o) = current, let next = o[key] else { return nil }
                    current = next
                case .index(let i):
                    guard case .array(let a) = current else { return nil }
                    let j = i < 0 ? a.count + i : i
                    guard j >= 0, j < a.count else { return nil }
                    current = a[j]
                default:
                    return nil
                }
            }
            return current
        }
        var matches = [root]
        for segment in segments {
            var next: [JSONValue] = []
            for value in matches { Self.apply(segment, to: value, into: &next) }
            matches = next
        }
        return .array(matches)
    }

    private static func apply(_ segment: Segment, to value: JSONValue, into out: inout [JSONValue]) {
        switch segment {
        case .member(let key):
            if case .object(let o) = value, let v = o[key] { out.append(v) }
        case .members(let keys):
            if case .object(let o) = value { for k in keys { if let v = o[k] { out.append(v) } } }
        case .index(let i):
            if case .array(let a) = value {
                let j = i < 0 ? a.count + i : i
                if j >= 0, j < a.count { out.append(a[j]) }
            }
        case .indexes(let list):
            if case .array(let a) = value {
                for i in list {
                    let j = i < 0 ? a.count + i : i
                    if j >= 0, j < a.count { out.append(a[j]) }
                }
            }
        case .wildcard:
            switch value {
            case .array(let a): out.append(contentsOf: a)
            case .object(let o): for (_, v) in o { out.append(v) }
            default: break
            }
        case .slice(let start, let end, let step):
            guard case .array(let a) = value else { return }
            let n = a.count
            let st = step ?? 1
            guard st != 0 else { return }
            func clamp(_ v: Int) -> Int { v < 0 ? max(0, n + v) : min(v, n) }
            if st > 0 {
                var i = clamp(start ?? 0)
                let e = clamp(end ?? n)
                while i < e {
                    out.append(a[i])
                    // A step that would pass Int.max ends the slice (`[1::9223372036854775807]`).
                    let (next, overflow) = i.addingReportingOverflow(st)
                    if overflow { break }
                    i = next
                }
            } else {
                var i = start.map { $0 < 0 ? n + $0 : min($0, n - 1) } ?? n - 1
                let e = end.map { $0 < 0 ? n + $0 : $0 } ?? -1
                while i > e, i >= 0 { out.append(a[i]); i += st }
            }
        case .deepScan(let key):
            deepScan(value, key: key, into: &out)
        case .filter(let expression):
            // "The @ operator ... does not match scalar values. It only matches objects"
            // (AWS developer guide, Paths): only object candidates can pass a filter.
            func candidate(_ v: JSONValue) -> Bool {
                if case .object = v { return expression.matches(v) }
                return false
            }
            switch value {
            case .array(let a): for v in a where candidate(v) { out.append(v) }
            case .object(let o): for (_, v) in o where candidate(v) { out.append(v) }
            default: break
            }
        }
    }

    private static func deepScan(_ value: JSONValue, key: String?, into out: inout [JSONValue]) {
        switch value {
        case .object(let o):
            for (k, v) in o {
                if key == nil || key == k { out.append(v) }
            }
            for (_, v) in o { deepScan(v, key: key, into: &out) }
        case .array(let a):
            if key == nil { out.append(contentsOf: a) }
            for v in a { deepScan(v, key: key, into: &out) }
        default: break
        }
    }

    /// Writes `value` at this reference path inside `target`, creating missing objects.
    /// Throws when an intermediate value is not an object (or an array for an index).
    func setting(_ value: JSONValue, in target: JSONValue) throws -> JSONValue {
        try Self.set(value, at: segments[...], in: target)
    }

    private static func set(_ value: JSONValue, at path: ArraySlice<Segment>, in target: JSONValue) throws -> JSONValue {
        guard let first = path.first else { return value }
        switch first {
        case .member(let key):
            var object: JSONObject
            switch target {
            case .object(let o): object = o
            default: throw JSONPathSetError(reason: "the value at the parent of '\(key)' is a \(target.typeName), not an object")
            }
            let existing = object[key] ?? .object(JSONObject())
            // Drop our reference before recursing so the nested value stays uniquely referenced.
            object[key] = .null
            object[key] = try set(value, at: path.dropFirst(), in: existing)
            return .object(object)
        case .index(let i):
            guard case .array(var array) = target else {
                throw JSONPathSetError(reason: "the value at the parent of [\(i)] is a \(target.typeName), not an array")
            }
            let j = i < 0 ? array.count + i : i
            guard j >= 0, j < array.count else { throw JSONPathSetError(reason: "index \(i) is out of bounds") }
            let existing = array[j]
            array[j] = .null
            array[j] = try set(value, at: path.dropFirst(), in: existing)
            return .array(array)
        default:
            throw JSONPathSetError(reason: "only member and index steps can be written")
        }
    }
}

/// A reference path that could not be written into the state's input.
struct JSONPathSetError: Error, Sendable { let reason: String }
