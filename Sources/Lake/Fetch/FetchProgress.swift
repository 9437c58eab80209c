/// How far a fetch has come: bytes written to the destination and the total when known.
public struct FetchProgress: Sendable {
    public var bytes: Int64
    public var total: Int64?

    public init(bytes: Int64, total: Int64?) {
        self.bytes = bytes
        self.total = total
    }
}
