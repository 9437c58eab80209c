import Foundation
import Lake
import Manifest
import Parquet

/// The Gold checks of `medallion validate`, before any run: every `silver:<dataset>` names a
/// declared dataset, datasets do not read each other's Silver in a cycle, and — when the Silver
/// a table reads has been built in a local lake — every column, function and join key fits its
/// schema (the checks `GoldStep` repeats at run time, for Silver not built yet).
enum GoldValidation {
    struct Findings {
        var problems: [String] = []
        var warnings: [String] = []
    }

    static func check(_ config: DatasetConfig, environment: PipelineEnvironment) -> Findings {
        var findings = Findings()
        guard let gold = config.gold, !gold.tables.isEmpty else { return findings }
        let catalog = DatasetCatalog(directory: environment.datasetsDirectory)
        let declared = Set((try? catalog.names()) ?? [])
        for (index, table) in gold.tables.enumerated() {
            for (field, reference) in [("from", table.from), ("join.with", table.join?.with)] {
                guard let reference else { continue }
                let name = GoldPlanner.dataset(reference, own: config.name)
                if !declared.contains(name) {
                    findings.problems.append("\(config.file): gold.tables[\(index)].\(field): table '\(table.name)': "
                                             + "no dataset '\(name)' in datasets/")
                }
            }
        }
        let configs = declared.sorted().compactMap { name in name == config.name ? config : try? catalog.load(name) }
        if let cycle = GoldDependencies.cycle(in: configs), cycle.contains(config.name) {
            findings.problems.append("\(config.file): gold: datasets read each other's Silver in a cycle: "
                                     + cycle.joined(separator: " → "))
        }
        guard findings.problems.isEmpty else { return findings }

        let store = try? ManifestReport.openExisting(environment)
        var schemas: [String: ParquetSchema?] = [:]
        func schema(of dataset: String) -> ParquetSchema? {
            if let known = schemas[dataset] { return known }
            let found = silverSchema(dataset: dataset, store: store ?? nil, environment: environment)
            schemas[dataset] = found
            return found
        }
        var unchecked: [String] = []
        var unbuilt = Set<String>()
        for (index, table) in gold.tables.enumerated() {
            let leftName = GoldPlanner.dataset(table.from, own: config.name)
            let rightName = table.join.map { GoldPlanner.dataset($0.with, own: config.name) }
            let missing = ([leftName] + (rightName.map { [$0] } ?? [])).filter { schema(of: $0) == nil }
            if !missing.isEmpty {
                unchecked.append(table.name)
                unbuilt.formUnion(missing)
                continue
            }
            guard let left = schema(of: leftName) else { continue }
            do {
                _ = try GoldPlanner.bind(table, index: index, config: config, left: left, right: rightName.flatMap { schema(of: $0) })
            } catch {
                findings.problems.append("\(error)")
            }
        }
        if !unchecked.isEmpty {
            findings.warnings.append("\(config.file): gold: columns of \(unchecked.joined(separator: ", ")) are checked when they are "
                                     + "built (no Silver of \(unbuilt.sorted().joined(separator: ", ")) in the lake yet)")
        }
        return findings
    }

    /// The schema of a dataset's current Silver in a local lake, nil when there is none.
    static func silverSchema(dataset: String, store: (any ManifestStore)?, environment: PipelineEnvironment) -> ParquetSchema? {
        guard let store, let version = try? store.latestVersion(dataset: dataset), let uri = version.outputs["silver"],
              let lake = try? ObjectStores.open(environment.lake, environment: environment.variables),
              let prefix = FetchAndHashStep.key(of: uri, in: lake),
              let directory = StepContext.localPath(in: lake, key: prefix),
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory),
              let part = names.filter({ $0.hasSuffix(".parquet") }).sorted().first else { return nil }
        return try? ParquetFileReader(path: directory + "/" + part).schema
    }
}
