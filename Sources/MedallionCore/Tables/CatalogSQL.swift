import Parquet

/// The SQL dialects `medallion catalog` speaks.
public enum CatalogFormat: String, CaseIterable, Sendable {
    /// Views over `read_parquet` of each table's current files: `duckdb -c "$(medallion catalog)"`.
    case duckdb
    /// Athena / Glue `CREATE EXTERNAL TABLE` DDL with column types, over each current partition.
    case athena
    /// Spark SQL: Delta tables by location (needs Delta Lake on the cluster), Bronze as Parquet.
    case spark
}

/// Renders `CatalogTable`s as SQL statements, one per line group, each ending with `;`.
public enum CatalogSQL {
    /// `parquetOnly` (Spark): register each table's current Parquet files as temporary views
    /// instead of Delta tables, for a Spark without the Delta Lake jar.
    public static func render(_ tables: [CatalogTable], format: CatalogFormat, parquetOnly: Bool = false) -> String {
        var statements: [String] = []
        if tables.contains(where: { $0.files.contains { $0.hasPrefix("s3://") } }) {
            switch format {
            case .duckdb:
                statements.append("-- an S3 lake: load httpfs and create an S3 secret first (INSTALL httpfs; LOAD httpfs; CREATE SECRET (TYPE s3, PROVIDER credential_chain);)")
            case .spark:
                statements.append("-- an S3 lake: s3:// paths need a Spark configured for S3 (EMR, Databricks; elsewhere use s3a://)")
            case .athena:
                break
            }
        }
        for table in tables {
            switch format {
            case .duckdb: statements.append(duckdb(table))
            case .athena: statements.append(athena(table))
            case .spark: statements.append(parquetOnly || table.deltaRoot == nil ? sparkParquet(table, view: parquetOnly) : sparkDelta(table))
            }
        }
        return statements.joined(separator: "\n")
    }

    static func duckdb(_ table: CatalogTable) -> String {
        let files = table.files.map(literal).joined(separator: ", ")
        // Partition directories are named version=… and run=…: not Hive partitions of ours.
        return "CREATE OR REPLACE VIEW \(table.name) AS SELECT * FROM read_parquet([\(files)], hive_partitioning = false);"
    }

    static func athena(_ table: CatalogTable) -> String {
        let columns = table.columns.map { "  `\($0.name.replacingOccurrences(of: "`", with: "``"))` \(hiveType($0.type))" }
            .joined(separator: ",\n")
        var lines = ["DROP TABLE IF EXISTS `\(table.name)`;",
                     "CREATE EXTERNAL TABLE `\(table.name)` (\n\(columns)\n)",
                     "STORED AS PARQUET",
                     "LOCATION \(literal((table.directories.first ?? "") + "/"))"]
        if table.directories.count > 1 {
            lines.insert("-- \(table.name): its current files lie in \(table.directories.count) directories; this location holds the first", at: 0)
        }
        if let version = table.deltaVersion {
            lines.append("TBLPROPERTIES ('medallion.delta_version'='\(version)');")
        } else {
            lines[lines.count - 1] += ";"
        }
        return lines.joined(separator: "\n")
    }

    static func sparkDelta(_ table: CatalogTable) -> String {
        "DROP TABLE IF EXISTS \(table.name);\nCREATE TABLE \(table.name) USING DELTA LOCATION \(literal(sparkPath(table.deltaRoot ?? "")));"
    }

    static func sparkParquet(_ table: CatalogTable, view: Bool) -> String {
        if view {
            let selects = table.files.map { "SELECT * FROM parquet.`\(sparkPath($0).replacingOccurrences(of: "`", with: "``"))`" }
            return "CREATE OR REPLACE TEMPORARY VIEW \(table.name) AS \(selects.joined(separator: " UNION ALL "));"
        }
        return "DROP TABLE IF EXISTS \(table.name);\nCREATE TABLE \(table.name) USING PARQUET LOCATION \(literal(sparkPath(table.directories.first ?? "")));"
    }

    /// Spark takes URIs; a local path becomes `file:` (absolute paths only come from local lakes).
    static func sparkPath(_ path: String) -> String {
        path.hasPrefix("/") ? "file://" + path : path
    }

    /// A SQL string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Hive / Athena column types.
    static func hiveType(_ type: ParquetType) -> String {
        switch type {
        case .boolean: return "boolean"
        case .int32: return "int"
        case .int64: return "bigint"
        case .double: return "double"
        case .string: return "string"
        case .date: return "date"
        case .timestampMicros: return "timestamp"
        case .list(let element): return "array<\(hiveType(element))>"
        }
    }
}
