import Parquet

extension ColumnValues {
    /// The column with every NaN as the one positive quiet NaN: DuckDB holds all NaNs equal
    /// (they group, join and count as one value), while digests tell bit patterns apart.
    /// The column itself when it holds no other NaN.
    var withCanonicalNaNs: ColumnValues {
        guard case .doubles(let values) = self else { return self }
        let canonical = Double.nan.bitPattern
        guard values.contains(where: { $0.map { $0.isNaN && $0.bitPattern != canonical } ?? false }) else { return self }
        return .doubles(values.map { $0.map { $0.isNaN ? .nan : $0 } })
    }
}
