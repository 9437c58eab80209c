/// How the JSON text of one Bronze column nests across every row, as Silver lays it out:
/// objects flatten into `parent_child` columns, arrays of scalars become LIST columns.
public enum NestedShape: Sendable, Equatable {
    /// Every non-null value is an object: one Silver column per leaf.
    case object([NestedField])
    /// Every non-null value is an array of scalars of this (inferred) element type.
    case list(SilverType)
}

/// One leaf of a flattened object.
public struct NestedField: Sendable, Equatable {
    /// Member names from the column's object down to the leaf.
    public var path: [String]
    /// The leaf's inferred type (the element type when `isList`).
    public var type: SilverType
    /// The leaf holds arrays of scalars.
    public var isList: Bool
}

/// What one pass saw of a JSON value position (a column, or a member path inside it).
final class JSONStats {
    var objects = 0, arrays = 0, strings = 0, integers = 0, decimals = 0, booleans = 0
    /// Elements of arrays seen here, when every element was a scalar.
    var elements: JSONStats?
    var arrayHeldNested = false
    /// Members in first-seen order.
    var memberNames: [[UInt8]] = []
    var members: [[UInt8]: JSONStats] = [:]

    var scalars: Int { strings + integers + decimals + booleans }

    /// Records one value; false when its text is not well-formed JSON.
    @discardableResult
    func observe(_ value: UnsafeRawBufferPointer, depth: Int, budget: inout Int) -> Bool {
        switch JSONText.kind(of: value) {
        case .object?:
            objects += 1
            guard depth < 8 else { return true }
            return JSONText.forEachMember(of: value) { key, member in
                var stats = members[key]
                if stats == nil {
                    guard budget > 0 else { return }
                    budget -= 1
                    let new = JSONStats()
                    members[key] = new
                    memberNames.append(key)
                    stats = new
                }
                stats?.observe(member, depth: depth + 1, budget: &budget)
            }
        case .array?:
            arrays += 1
            let elementStats = elements ?? JSONStats()
            elements = elementStats
            return JSONText.forEachElement(of: value) { element in
                switch JSONText.kind(of: element) {
                case .object?, .array?: arrayHeldNested = true
                default: elementStats.observe(element, depth: depth + 1, budget: &budget)
                }
            }
        case .string?: strings += 1
        case .number?:
            if value.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) || ValueCasts.int64(value) == nil {
                decimals += 1
            } else {
                integers += 1
            }
        case .boolean?: booleans += 1
        case .null?, nil: break
        }
        return true
    }

    /// The scalar type every value seen fits: numbers stay numbers, booleans booleans; any
    /// mixture is text.
    var scalarType: SilverType {
        if strings > 0 || (booleans > 0 && integers + decimals > 0) { return .string }
        if booleans > 0 { return .boolean }
        if decimals > 0 { return .double }
        if integers > 0 { return .int64 }
        return .string
    }

    /// How values at this position lay out in Silver, or nil when they stay JSON text.
    var shape: NestedShape? {
        if objects > 0 && arrays == 0 && scalars == 0 {
            let fields = leaves(prefix: [])
            return fields.isEmpty ? nil : .object(fields)
        }
        if arrays > 0 && objects == 0 && scalars == 0 && !arrayHeldNested {
            return .list(elements?.scalarType ?? .string)
        }
        return nil
    }

    private func leaves(prefix: [String]) -> [NestedField] {
        var fields: [NestedField] = []
        for key in memberNames {
            guard let stats = members[key] else { continue }
            let path = prefix + [String(decoding: key, as: UTF8.self)]
            switch stats.shape {
            case .object(let inner)?:
                if inner.isEmpty {
                    fields.append(NestedField(path: path, type: .string, isList: false))
                } else {
                    fields += stats.leaves(prefix: path)
                }
            case .list(let element)?:
                fields.append(NestedField(path: path, type: element, isList: true))
            case nil:
                // Scalars, or a mixture kept as JSON text.
                let mixed = stats.objects + stats.arrays > 0
                fields.append(NestedField(path: path, type: mixed ? .string : stats.scalarType, isList: false))
            }
        }
        return fields
    }
}
