import Foundation
import Parquet

/// Reads a checkpoint back into replay state. Only the checkpoints medallion writes (PLAIN,
/// uncompressed) decode; another writer's (dictionary-encoded, Snappy) throws, and the caller
/// replays the commits instead, which is always possible because medallion never deletes them.
enum DeltaCheckpointReader {
    /// One slot of a leaf column: its definition level and value when present.
    struct Slot {
        var definition: UInt32
        var value: NestedValue?
    }

    /// Each leaf's slots grouped by row.
    struct Columns {
        var rows: Int
        var leaves: [String: (column: NestedLeafColumn, rows: [[Slot]])]

        init(_ file: [UInt8]) throws {
            let (count, columns) = try NestedFileReader.leaves(of: file)
            rows = Int(count)
            leaves = [:]
            for column in columns {
                var grouped: [[Slot]] = []
                var next = 0
                for (index, definition) in column.definition.enumerated() {
                    if column.repetition[index] == 0 { grouped.append([]) }
                    var slot = Slot(definition: definition, value: nil)
                    if Int(definition) == column.maxDefinition, next < column.values.count {
                        slot.value = column.values[next]
                        next += 1
                    }
                    if grouped.isEmpty { grouped.append([]) }
                    grouped[grouped.count - 1].append(slot)
                }
                guard grouped.count == rows else {
                    throw ParquetError.corrupt("column \(column.path.joined(separator: ".")) has \(grouped.count) rows, not \(rows)")
                }
                leaves[column.path.joined(separator: ".")] = (column, grouped)
            }
        }

        func string(_ path: String, _ row: Int) -> String? {
            if case .string(let text)? = leaves[path]?.rows[row].first?.value { return text }
            return nil
        }

        func int64(_ path: String, _ row: Int) -> Int64? {
            switch leaves[path]?.rows[row].first?.value {
            case .int64(let number)?: return number
            case .int32(let number)?: return Int64(number)
            default: return nil
            }
        }

        func bool(_ path: String, _ row: Int) -> Bool? {
            if case .boolean(let flag)? = leaves[path]?.rows[row].first?.value { return flag }
            return nil
        }

        /// A string map (`<path>.key_value.key` / `.value`); values that are null are left out.
        func map(_ path: String, _ row: Int) -> [String: String] {
            guard let keys = leaves[path + ".key_value.key"]?.rows[row], let values = leaves[path + ".key_value.value"]?.rows[row] else {
                return [:]
            }
            var result: [String: String] = [:]
            for (key, value) in zip(keys, values) {
                if case .string(let k)? = key.value, case .string(let v)? = value.value { result[k] = v }
            }
            return result
        }

        func list(_ path: String, _ row: Int) -> [String] {
            (leaves[path + ".list.element"]?.rows[row] ?? []).compactMap {
                if case .string(let text)? = $0.value { return text }
                return nil
            }
        }
    }

    /// The state a checkpoint holds.
    static func replay(_ file: [UInt8], table: String) throws -> DeltaReplay {
        let columns = try Columns(file)
        var state = DeltaReplay(table: table)
        for row in 0..<columns.rows {
            if let reader = columns.int64("protocol.minReaderVersion", row) {
                state.protocolAction = DeltaProtocolAction(minReaderVersion: Int(reader),
                                                           minWriterVersion: Int(columns.int64("protocol.minWriterVersion", row) ?? 2))
            }
            if let id = columns.string("metaData.id", row) {
                state.metadata = DeltaMetadata(
                    id: id, name: columns.string("metaData.name", row), description: columns.string("metaData.description", row),
                    format: DeltaFormat(provider: columns.string("metaData.format.provider", row) ?? "parquet",
                                        options: columns.map("metaData.format.options", row)),
                    schemaString: columns.string("metaData.schemaString", row) ?? "",
                    partitionColumns: columns.list("metaData.partitionColumns", row),
                    configuration: columns.map("metaData.configuration", row),
                    createdTime: columns.int64("metaData.createdTime", row))
            }
            if let path = columns.string("add.path", row) {
                state.files[path] = DeltaAddFile(
                    path: path, partitionValues: columns.map("add.partitionValues", row),
                    size: columns.int64("add.size", row) ?? 0, modificationTime: columns.int64("add.modificationTime", row) ?? 0,
                    dataChange: columns.bool("add.dataChange", row) ?? true, stats: columns.string("add.stats", row))
            }
        }
        guard let protocolAction = state.protocolAction, state.metadata != nil else {
            throw DeltaError.corruptLog(table: table, version: -1, reason: "a checkpoint without protocol or metaData")
        }
        guard protocolAction.minReaderVersion <= 1 else {
            throw DeltaError.unsupportedProtocol(table: table, minReaderVersion: protocolAction.minReaderVersion,
                                                 minWriterVersion: protocolAction.minWriterVersion)
        }
        return state
    }
}
