/// Names inside a table's `_delta_log/`: commits are `NNNNNNNNNNNNNNNNNNNN.json`, the version
/// zero-padded to 20 digits so that key order is version order.
public enum DeltaLogPath {
    public static let directory = "_delta_log"

    /// `<table>/_delta_log/` (with the slash), for listing.
    public static func prefix(table: String) -> String { table + "/" + directory + "/" }

    /// The key of commit `version` of the table at `table`.
    public static func commit(table: String, version: Int64) -> String {
        prefix(table: table) + padded(version) + ".json"
    }

    /// The key of the checkpoint written at `version`.
    public static func checkpoint(table: String, version: Int64) -> String {
        prefix(table: table) + padded(version) + ".checkpoint.parquet"
    }

    /// `_last_checkpoint`: which checkpoint is newest.
    public static func lastCheckpoint(table: String) -> String {
        prefix(table: table) + "_last_checkpoint"
    }

    static func padded(_ version: Int64) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// The version a commit file name stands for; nil for other files (checkpoints, temporaries).
    public static func commitVersion(ofName name: Substring) -> Int64? {
        guard name.utf8.count == 25, name.hasSuffix(".json") else { return nil }
        let digits = name.prefix(20)
        guard digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(digits)
    }

    /// The version a single-part checkpoint file name stands for.
    public static func checkpointVersion(ofName name: Substring) -> Int64? {
        guard name.utf8.count == 39, name.hasSuffix(".checkpoint.parquet") else { return nil }
        let digits = name.prefix(20)
        guard digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(digits)
    }
}
