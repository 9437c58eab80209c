/// The Transform library: columnar operators over Parquet column batches (casts, expectations,
/// de-duplication). It knows nothing of datasets, lakes or the manifest.
public enum TransformLibrary {
    /// Bumped when an operator's results change for the same input.
    public static let version = "0.1.0"
}
