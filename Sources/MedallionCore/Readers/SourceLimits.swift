/// The wording of the limit errors, shared by the CSV and JSON readers.
enum SourceLimits {
    /// `what` says how many columns, e.g. "the header names 20000 columns".
    static func tooManyColumns(_ what: String, maximum: Int) -> String {
        "\(what), more than source.max_columns (\(maximum)); raise source.max_columns in the dataset config to read it"
    }

    static func recordTooLarge(_ what: String, maximum: Int) -> String {
        "\(what) is longer than source.max_record_bytes (\(maximum) bytes); raise source.max_record_bytes in the dataset config if records this large are expected"
    }
}
