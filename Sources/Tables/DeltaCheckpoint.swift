import Foundation
import Lake
import Parquet

/// Delta Lake checkpoints (PROTOCOL.md, "Checkpoints"): every `interval` versions the table's
/// whole state (protocol, metadata, live files) goes into `NNNNNNNNNNNNNNNNNNNN.checkpoint.parquet`
/// and `_last_checkpoint` points at it, so readers open a long log from there instead of
/// replaying every commit. Classic single-file checkpoints: they need no table feature, the
/// table stays at protocol 1 / 2. Tombstones (`remove`) are not carried: nothing reads them but
/// a Delta VACUUM, and medallion vacuums from the manifest.
public enum DeltaCheckpoint {
    /// Versions between checkpoints.
    public static let interval: Int64 = 100

    /// The checkpoint schema: one optional group per action type, as Delta writers lay it out.
    static let fields: [NestedNode] = [
        .group(name: "txn", repetition: .optional, annotation: nil, children: [
            .leaf(name: "appId", type: .string, repetition: .optional),
            .leaf(name: "version", type: .int64, repetition: .optional),
            .leaf(name: "lastUpdated", type: .int64, repetition: .optional),
        ]),
        .group(name: "add", repetition: .optional, annotation: nil, children: [
            .leaf(name: "path", type: .string, repetition: .optional),
            .stringMap("partitionValues"),
            .leaf(name: "size", type: .int64, repetition: .optional),
            .leaf(name: "modificationTime", type: .int64, repetition: .optional),
            .leaf(name: "dataChange", type: .boolean, repetition: .optional),
            .leaf(name: "stats", type: .string, repetition: .optional),
        ]),
        .group(name: "remove", repetition: .optional, annotation: nil, children: [
            .leaf(name: "path", type: .string, repetition: .optional),
            .leaf(name: "deletionTimestamp", type: .int64, repetition: .optional),
            .leaf(name: "dataChange", type: .boolean, repetition: .optional),
            .leaf(name: "extendedFileMetadata", type: .boolean, repetition: .optional),
            .stringMap("partitionValues"),
            .leaf(name: "size", type: .int64, repetition: .optional),
        ]),
        .group(name: "metaData", repetition: .optional, annotation: nil, children: [
            .leaf(name: "id", type: .string, repetition: .optional),
            .leaf(name: "name", type: .string, repetition: .optional),
            .leaf(name: "description", type: .string, repetition: .optional),
            .group(name: "format", repetition: .optional, annotation: nil, children: [
                .leaf(name: "provider", type: .string, repetition: .optional),
                .stringMap("options"),
            ]),
            .leaf(name: "schemaString", type: .string, repetition: .optional),
            .stringList("partitionColumns"),
            .stringMap("configuration"),
            .leaf(name: "createdTime", type: .int64, repetition: .optional),
        ]),
        .group(name: "protocol", repetition: .optional, annotation: nil, children: [
            .leaf(name: "minReaderVersion", type: .int32, repetition: .optional),
            .leaf(name: "minWriterVersion", type: .int32, repetition: .optional),
        ]),
    ]

    /// The rows of a checkpoint of `snapshot`: protocol, metaData, then one `add` per file.
    static func rows(_ snapshot: DeltaSnapshot) -> [NestedValue] {
        func row(add: NestedValue = .null, metaData: NestedValue = .null, protocolAction: NestedValue = .null) -> NestedValue {
            .group([.null, add, .null, metaData, protocolAction])
        }
        let p = snapshot.protocolAction
        let m = snapshot.metadata
        var rows = [
            row(protocolAction: .group([.int32(Int32(p.minReaderVersion)), .int32(Int32(p.minWriterVersion))])),
            row(metaData: .group([
                .string(m.id), .text(m.name), .text(m.description),
                .group([.string(m.format.provider), .map(m.format.options)]),
                .string(m.schemaString), .list(m.partitionColumns), .map(m.configuration),
                m.createdTime.map(NestedValue.int64) ?? .null,
            ])),
        ]
        for file in snapshot.files {
            rows.append(row(add: .group([
                .string(file.path), .map(file.partitionValues), .int64(file.size), .int64(file.modificationTime),
                .boolean(file.dataChange), .text(file.stats),
            ])))
        }
        return rows
    }

    /// `_last_checkpoint`'s content.
    struct LastCheckpoint: Codable {
        var version: Int64
        var size: Int64
    }

    /// Writes the checkpoint of `snapshot` and then points `_last_checkpoint` at it. Both are
    /// plain overwrites: a checkpoint of a version is the same whoever writes it.
    public static func write(_ snapshot: DeltaSnapshot, table: DeltaTable) async throws {
        let rows = rows(snapshot)
        let bytes = try NestedFileWriter.encode(fields: fields, rows: rows, createdBy: "medallion")
        try await table.store.put(key: DeltaLogPath.checkpoint(table: table.key, version: snapshot.version), bytes: bytes)
        let pointer = try JSONEncoder().encode(LastCheckpoint(version: snapshot.version, size: Int64(rows.count)))
        try await table.store.put(key: DeltaLogPath.lastCheckpoint(table: table.key), bytes: Array(pointer))
    }
}
