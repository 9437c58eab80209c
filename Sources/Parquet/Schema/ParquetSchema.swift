/// One column of a flat Parquet schema.
public struct ParquetColumn: Sendable, Equatable {
    public var name: String
    public var type: ParquetType
    /// OPTIONAL (may hold nulls) when true, REQUIRED otherwise.
    public var nullable: Bool

    public init(name: String, type: ParquetType, nullable: Bool) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// A flat schema: an ordered list of columns (no nesting).
public struct ParquetSchema: Sendable, Equatable {
    public var columns: [ParquetColumn]

    public init(_ columns: [ParquetColumn]) {
        self.columns = columns
    }
}
