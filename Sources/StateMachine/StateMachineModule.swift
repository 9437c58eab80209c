/// The Amazon States Language engine lives in this module; it knows nothing about datasets,
/// Parquet or lakes.
public enum StateMachineModule {
    public static let queryLanguage = "JSONPath"
}
