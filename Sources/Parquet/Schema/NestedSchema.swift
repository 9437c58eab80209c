/// A nested Parquet schema node: structs (groups), maps and lists of the few scalar types small
/// metadata files need (Delta Lake checkpoints). The flat `ParquetSchema` covers data files.
public indirect enum NestedNode: Sendable, Equatable {
    /// A scalar leaf.
    case leaf(name: String, type: NestedLeafType, repetition: Repetition)
    /// A group; `annotation` marks the MAP and LIST conventions.
    case group(name: String, repetition: Repetition, annotation: NestedGroupAnnotation?, children: [NestedNode])

    public var name: String {
        switch self {
        case .leaf(let name, _, _), .group(let name, _, _, _): return name
        }
    }

    var repetition: Repetition {
        switch self {
        case .leaf(_, _, let repetition), .group(_, let repetition, _, _): return repetition
        }
    }

    /// `optional group <name> (MAP) { repeated group key_value { required binary key (STRING); optional binary value (STRING); } }`
    public static func stringMap(_ name: String) -> NestedNode {
        .group(name: name, repetition: .optional, annotation: .map, children: [
            .group(name: "key_value", repetition: .repeated, annotation: nil, children: [
                .leaf(name: "key", type: .string, repetition: .required),
                .leaf(name: "value", type: .string, repetition: .optional),
            ]),
        ])
    }

    /// `optional group <name> (LIST) { repeated group list { optional binary element (STRING); } }`
    public static func stringList(_ name: String) -> NestedNode {
        .group(name: name, repetition: .optional, annotation: .list, children: [
            .group(name: "list", repetition: .repeated, annotation: nil, children: [
                .leaf(name: "element", type: .string, repetition: .optional),
            ]),
        ])
    }
}

/// The scalar types a `NestedNode` leaf holds.
public enum NestedLeafType: Sendable, Equatable {
    case string, int32, int64, boolean
}

/// The group conventions of the Parquet format's LogicalTypes.md.
public enum NestedGroupAnnotation: Sendable, Equatable {
    case map, list
}

/// A value shaped like a `NestedNode`: a group's value holds one value per child, in order; a
/// repeated node's value is `.repeated` with one value per occurrence.
public indirect enum NestedValue: Sendable, Equatable {
    case null
    case string(String)
    case int32(Int32)
    case int64(Int64)
    case boolean(Bool)
    case group([NestedValue])
    case repeated([NestedValue])

    /// A `stringMap` value (nil map → null).
    public static func map(_ pairs: [String: String]?) -> NestedValue {
        guard let pairs else { return .null }
        return .group([.repeated(pairs.sorted { $0.key < $1.key }.map { .group([.string($0.key), .string($0.value)]) })])
    }

    /// A `stringList` value.
    public static func list(_ items: [String]?) -> NestedValue {
        guard let items else { return .null }
        return .group([.repeated(items.map { .group([.string($0)]) })])
    }

    /// An optional string.
    public static func text(_ value: String?) -> NestedValue { value.map(NestedValue.string) ?? .null }
}
