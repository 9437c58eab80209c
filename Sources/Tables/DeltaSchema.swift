import Foundation
import Parquet

/// A table's schema in Delta's serialisation (PROTOCOL.md, "Schema Serialization Format"),
/// derived from the Parquet schema our writer produced, type for type:
///
/// | Parquet (ours)                          | Delta                                   |
/// |-----------------------------------------|-----------------------------------------|
/// | BOOLEAN                                 | `boolean`                               |
/// | INT32                                   | `integer`                               |
/// | INT64                                   | `long`                                  |
/// | DOUBLE                                  | `double`                                |
/// | BYTE_ARRAY STRING                       | `string`                                |
/// | INT32 DATE                              | `date`                                  |
/// | INT64 TIMESTAMP(MICROS, UTC)            | `timestamp`                             |
/// | LIST of one of those                    | `{"type":"array","elementType":…,"containsNull":true}` |
///
/// A column's `nullable` is the Parquet repetition (OPTIONAL = true).
public struct DeltaSchema: Sendable, Equatable {
    public let columns: [ParquetColumn]

    /// Characters a Delta column name may not hold unless the table uses column mapping
    /// (which needs reader version 2; we stay at 1).
    static let reservedCharacters = Set(" ,;{}()\n\t=")

    /// The schema of `columns`; throws when a name holds a character Delta reserves.
    public init(_ schema: ParquetSchema, table: String) throws {
        for column in schema.columns {
            if let bad = column.name.first(where: { Self.reservedCharacters.contains($0) }) {
                throw DeltaError.unsupportedColumn(table: table, column: column.name,
                                                   reason: "Delta does not allow \(String(reflecting: String(bad))) in column names")
            }
        }
        columns = schema.columns
    }

    /// The struct type as compact JSON text: the value of `metaData.schemaString`.
    public var schemaString: String {
        let fields = columns.map { column in
            "{\"name\":\(Self.quoted(column.name)),\"type\":\(Self.typeJSON(column.type)),"
                + "\"nullable\":\(column.nullable),\"metadata\":{}}"
        }
        return "{\"type\":\"struct\",\"fields\":[" + fields.joined(separator: ",") + "]}"
    }

    /// A type as Delta writes it: a quoted primitive name, or an array object.
    static func typeJSON(_ type: ParquetType) -> String {
        switch type {
        case .list(let element):
            return "{\"type\":\"array\",\"elementType\":\(typeJSON(element)),\"containsNull\":true}"
        default:
            return "\"\(primitiveName(type))\""
        }
    }

    /// Delta's name of a scalar type (also the SQL type name engines use).
    static func primitiveName(_ type: ParquetType) -> String {
        switch type {
        case .boolean: return "boolean"
        case .int32: return "integer"
        case .int64: return "long"
        case .double: return "double"
        case .string: return "string"
        case .date: return "date"
        case .timestampMicros: return "timestamp"
        case .list(let element): return "array<\(primitiveName(element))>"
        }
    }

    static func quoted(_ text: String) -> String {
        // JSONEncoder's quoting handles every escape JSON needs.
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
