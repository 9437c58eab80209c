import Parquet

/// A typed value mapped to an unsigned integer whose order is the value's order, so the
/// winner of a key group is chosen from 8 fixed bytes, never from the row. Nulls order lowest.
public struct OrderKey: Comparable, Sendable {
    /// False for null, which orders below every value.
    var present: Bool
    /// The value's order-preserving image (0 for null).
    var image: UInt64

    public static let null = OrderKey(present: false, image: 0)

    public static func < (lhs: OrderKey, rhs: OrderKey) -> Bool {
        if lhs.present != rhs.present { return !lhs.present }
        return lhs.image < rhs.image
    }

    static func int64(_ value: Int64) -> OrderKey {
        OrderKey(present: true, image: UInt64(bitPattern: value) ^ (1 << 63))
    }

    static func double(_ value: Double) -> OrderKey {
        // IEEE 754 bits ordered as integers: flip all bits of negatives, the sign bit of positives.
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return OrderKey(present: true, image: bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63))
    }

    /// Keys of a whole column; `nil` when the column's type has no fixed-width order
    /// (strings: the caller declares a typed `order_by` column instead).
    public static func keys(of column: ColumnValues) -> [OrderKey]? {
        switch column {
        case .int64s(let values), .timestampsMicros(let values):
            return values.map { $0.map(int64) ?? .null }
        case .int32s(let values), .dates(let values):
            return values.map { $0.map { int64(Int64($0)) } ?? .null }
        case .doubles(let values):
            return values.map { $0.map(double) ?? .null }
        case .booleans(let values):
            return values.map { $0.map { OrderKey(present: true, image: $0 ? 1 : 0) } ?? .null }
        case .byteArrays, .lists:
            return nil
        }
    }
}
