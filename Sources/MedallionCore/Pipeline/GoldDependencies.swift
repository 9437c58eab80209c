import Foundation
import Manifest

/// How datasets depend on each other through Gold tables that read another dataset's Silver
/// (`from`/`join.with` = `silver:<other>`): the order `run --all` follows, the cycles
/// `validate` rejects, and which Gold tables a newer Silver made stale.
public enum GoldDependencies {
    /// The other datasets whose Silver `table` reads (its own dataset excluded).
    public static func references(of table: GoldTable, in dataset: String) -> [String] {
        var names: [String] = []
        for reference in [table.from, table.join?.with].compactMap({ $0 }) {
            let name = String(reference.dropFirst("silver:".count))
            if name != dataset && !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Every other dataset this dataset's Gold reads.
    public static func upstream(of config: DatasetConfig) -> [String] {
        var names: [String] = []
        for table in config.gold?.tables ?? [] {
            for name in references(of: table, in: config.name) where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// A cycle among `configs` (A's Gold reads B's Silver while B's Gold reads A's), as the
    /// dataset names around it, or nil.
    public static func cycle(in configs: [DatasetConfig]) -> [String]? {
        let edges = Dictionary(configs.map { ($0.name, upstream(of: $0)) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == 2 { return nil }
            if state[name] == 1 {
                let start = path.firstIndex(of: name) ?? 0
                return Array(path[start...]) + [name]
            }
            state[name] = 1
            path.append(name)
            for next in edges[name] ?? [] where edges[next] != nil {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            state[name] = 2
            return nil
        }
        for name in edges.keys.sorted() {
            if let found = visit(name) { return found }
        }
        return nil
    }

    /// For each of `names`, the others among them it must wait for (its Gold reads their Silver).
    public static func waits(for names: [String], configs: [DatasetConfig]) -> [String: Set<String>] {
        let selected = Set(names)
        var result: [String: Set<String>] = [:]
        for config in configs where selected.contains(config.name) {
            result[config.name] = Set(upstream(of: config).filter { selected.contains($0) })
        }
        return result
    }

    /// Table → (dataset → run id of that dataset's current Silver) for the tables of `config`
    /// reading other datasets; a dataset without a Silver version yet is left out.
    static func currentInputs(of config: DatasetConfig, store: any ManifestStore) throws -> [String: [String: String]] {
        var builders: [String: String?] = [:]
        var result: [String: [String: String]] = [:]
        for table in config.gold?.tables ?? [] {
            var inputs: [String: String] = [:]
            for name in references(of: table, in: config.name) {
                if builders[name] == nil {
                    let version = try store.latestVersion(dataset: name)
                    builders[name] = version.flatMap { $0.outputs["silver"] == nil ? nil : VersionLayers.builder(of: "silver", in: $0) }
                }
                if let run = builders[name] ?? nil { inputs[name] = run }
            }
            if !inputs.isEmpty { result[table.name] = inputs }
        }
        return result
    }

    /// Table → the other datasets it reads that have no Silver version yet: such a table waits
    /// (left out of its dataset's versions) until they have one.
    static func waitingTables(of config: DatasetConfig, store: any ManifestStore) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        var built: [String: Bool] = [:]
        for table in config.gold?.tables ?? [] {
            for name in references(of: table, in: config.name) {
                if built[name] == nil { built[name] = try store.latestVersion(dataset: name)?.outputs["silver"] != nil }
                if built[name] == false { result[table.name, default: []].append(name) }
            }
        }
        return result
    }

    /// The Gold tables of `config`'s current version built from another dataset's Silver that
    /// has since been replaced: table → the datasets that moved on.
    public static func staleTables(of config: DatasetConfig, store: any ManifestStore) throws -> [String: [String]] {
        guard let version = try store.latestVersion(dataset: config.name), let layers = VersionLayers.of(version) else { return [:] }
        let current = try currentInputs(of: config, store: store)
        var stale: [String: [String]] = [:]
        for (table, inputs) in layers.goldInputs {
            let moved = inputs.keys.sorted().filter { current[table]?[$0] != inputs[$0] }
            if !moved.isEmpty { stale[table] = moved }
        }
        // Tables left out while their input had no Silver: stale once it has one.
        let waiting = try waitingTables(of: config, store: store)
        for table in config.gold?.tables ?? [] where version.outputs["gold.\(table.name)"] == nil && waiting[table.name] == nil {
            let upstream = references(of: table, in: config.name)
            if !upstream.isEmpty { stale[table.name] = upstream }
        }
        return stale
    }
}
