/// A published partition of one layer, written by one run.
public struct OutputRecord: Sendable, Codable, Equatable {
    public var runId: String
    /// "raw", "bronze", "silver", "gold", …
    public var layer: String
    /// Table name within the layer ("" when the layer has one table per dataset).
    public var name: String
    public var uri: String
    public var rows: Int64
    public var bytes: Int64
    public var files: Int

    public init(runId: String, layer: String, name: String = "", uri: String, rows: Int64, bytes: Int64, files: Int) {
        self.runId = runId
        self.layer = layer
        self.name = name
        self.uri = uri
        self.rows = rows
        self.bytes = bytes
        self.files = files
    }
}
