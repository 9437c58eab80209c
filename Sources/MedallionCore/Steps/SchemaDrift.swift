/// How a run's Bronze columns differ from the last good version's: recorded in the manifest
/// and shown by `manifest --history`.
public struct SchemaDrift: Codable, Sendable, Equatable {
    public struct Retyped: Codable, Sendable, Equatable {
        public var column: String
        public var from: String
        public var to: String
    }

    public var added: [String]
    public var removed: [String]
    public var retyped: [Retyped]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && retyped.isEmpty }

    /// The change from `previous` to `current` (source column names and inferred types).
    static func between(previous: [ColumnProfile], current: [ColumnProfile]) -> SchemaDrift {
        let old = Dictionary(previous.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(current.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        return SchemaDrift(
            added: current.map(\.name).filter { old[$0] == nil },
            removed: previous.map(\.name).filter { new[$0] == nil },
            retyped: current.compactMap { column in
                guard let before = old[column.name], before != column.type else { return nil }
                return Retyped(column: column.name, from: before.rawValue, to: column.type.rawValue)
            })
    }

    /// One line for terminals: `+notes -fax ~amount int64→double`.
    public var summary: String {
        (added.map { "+\($0)" } + removed.map { "-\($0)" } + retyped.map { "~\($0.column) \($0.from)→\($0.to)" })
            .joined(separator: " ")
    }
}
