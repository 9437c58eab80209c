/// Time limits for one transfer attempt.
public struct FetchTimeouts: Sendable {
    /// Seconds to establish a connection.
    public var connect: Double
    /// Seconds without a single byte moving before the attempt counts as stalled.
    public var stall: Double

    public init(connect: Double = 15, stall: Double = 30) {
        self.connect = connect
        self.stall = stall
    }

    public static let `default` = FetchTimeouts()
}
