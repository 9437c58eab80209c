/// Identity of this Parquet implementation, written into every file's `created_by`.
public enum ParquetLibrary {
    /// Kept equal to MedallionVersion (MedallionCore depends on Parquet, not the reverse).
    public static let version = "0.1.0"
    /// The `created_by` string, in the "<application> version <semver>" form readers parse.
    public static let createdBy = "medallion version \(version)"
}
