import Parquet

/// Pulls the leaves of flattened objects out of a column of JSON object text: for each row,
/// one walk of the object collects every wanted path's value as Silver text (strings decoded,
/// numbers as written, nested values as JSON text; absent or null → null).
enum JSONLeaves {
    /// A trie of the wanted member paths; `slot` marks where a path ends.
    private final class Node {
        var children: [[UInt8]: Node] = [:]
        var slot: Int?
    }

    static func extract(_ column: ByteArrayColumn, paths: [[String]]) -> [ByteArrayColumn] {
        let root = Node()
        for (slot, path) in paths.enumerated() {
            var node = root
            for name in path {
                let key = Array(name.utf8)
                if let next = node.children[key] {
                    node = next
                } else {
                    let next = Node()
                    node.children[key] = next
                    node = next
                }
            }
            node.slot = slot
        }
        var out = paths.map { _ in ByteArrayColumn(reservingValues: column.count, bytes: 0) }
        var found = [[UInt8]?](repeating: nil, count: paths.count)
        column.forEachValue { value in
            for slot in found.indices { found[slot] = nil }
            if let value { collect(value, node: root, into: &found) }
            for slot in found.indices {
                if let bytes = found[slot] {
                    bytes.withUnsafeBytes { out[slot].append(bytes: $0) }
                } else {
                    out[slot].appendNull()
                }
            }
        }
        return out
    }

    private static func collect(_ object: UnsafeRawBufferPointer, node: Node, into found: inout [[UInt8]?]) {
        _ = JSONText.forEachMember(of: object) { key, member in
            guard let child = node.children[key] else { return }
            if let slot = child.slot {
                found[slot] = JSONText.scalarText(member)
            } else if JSONText.kind(of: member) == .object {
                collect(member, node: child, into: &found)
            }
        }
    }
}
