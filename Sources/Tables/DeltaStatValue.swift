/// One value in a Delta file's `minValues` / `maxValues` statistics: JSON numbers for
/// integer and floating columns, booleans, and strings for strings, dates (`yyyy-MM-dd`) and
/// timestamps (ISO 8601, UTC).
public enum DeltaStatValue: Sendable, Equatable, Codable {
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .boolean(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}
