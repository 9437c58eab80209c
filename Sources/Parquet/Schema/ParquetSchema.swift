/// One column of a flat Parquet schema.
public struct ParquetColumn: Sendable, Equatable {
    public var name: String
    public var type: ParquetType
    /// OPTIONAL (may hold nulls) when true, REQUIRED otherwise.
    public var nullable: Bool
    /// How the writer encodes the values; readers of a file report `.automatic`.
    public var encoding: ParquetValueEncoding

    /// A column encoded as `encoding`; `ParquetWriter` rejects an encoding the type does not
    /// support with `ParquetError.invalidSchema`.
    public init(name: String, type: ParquetType, nullable: Bool, encoding: ParquetValueEncoding = .automatic) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.encoding = encoding
    }
}

/// A flat schema: an ordered list of columns (no nesting).
public struct ParquetSchema: Sendable, Equatable {
    public var columns: [ParquetColumn]

    public init(_ columns: [ParquetColumn]) {
        self.columns = columns
    }
}
