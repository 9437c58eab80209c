/// The release this binary was built from.
public enum MedallionVersion {
    public static let string = "0.1.0"
}
