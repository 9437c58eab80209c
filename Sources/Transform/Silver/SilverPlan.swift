import Parquet

/// How one Bronze input becomes Silver: which columns, typed how, checked against what,
/// de-duplicated on which key. Built by the caller from whatever config it has; the
/// transform itself knows nothing of datasets.
public struct SilverPlan: Sendable, Equatable {
    /// One Silver column and where its text comes from in Bronze.
    public struct Column: Sendable, Equatable {
        /// The Bronze (source) column name.
        public var source: String
        /// Member names leading to the value inside the source's JSON object text; empty:
        /// the source value itself.
        public var path: [String]
        /// The Silver name.
        public var name: String
        /// The value's type; the element type when `isList`.
        public var type: SilverType
        /// The value is a JSON array of scalars, stored as a Parquet LIST.
        public var isList: Bool

        public init(source: String, path: [String] = [], name: String, type: SilverType, isList: Bool = false) {
            self.source = source
            self.path = path
            self.name = name
            self.type = type
            self.isList = isList
        }

        /// The Parquet type Silver stores the column as.
        public var parquetType: ParquetType { isList ? .list(type.parquetType) : type.parquetType }
    }

    public var columns: [Column]
    /// Bronze lineage columns copied to Silver and the quarantine as they are.
    public var lineage: [String]
    /// Silver names of the de-duplication key; empty: whole rows (exact duplicates).
    public var keys: [String]
    /// Silver name of a typed column whose greatest value wins within a key (nulls lowest,
    /// ties to the last row in source order); nil: the last row in source order wins.
    public var orderBy: String?
    public var expectations: [Expectation]
    /// Memory for de-duplication digests before they spill to disk in partitions.
    public var dedupBudgetBytes: Int

    public static let sourceRowColumn = "_source_row"

    public init(columns: [Column], lineage: [String] = ["_run_id", "_ingested_at", "_source_row"],
                keys: [String] = [], orderBy: String? = nil, expectations: [Expectation] = [],
                dedupBudgetBytes: Int = 64 << 20) {
        self.columns = columns
        self.lineage = lineage
        self.keys = keys
        self.orderBy = orderBy
        self.expectations = expectations
        self.dedupBudgetBytes = dedupBudgetBytes
    }

    /// Bronze columns the plan reads, each once, in plan order.
    public var sources: [String] {
        var seen = Set<String>()
        return columns.map(\.source).filter { seen.insert($0).inserted }
    }

    func columnIndex(_ name: String) throws -> Int {
        guard let index = columns.firstIndex(where: { $0.name == name }) else { throw TransformError.unknownColumn(name) }
        return index
    }
}
