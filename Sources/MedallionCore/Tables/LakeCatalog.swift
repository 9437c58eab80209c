import Foundation
import Lake
import Manifest
import Parquet
import Tables

/// The current tables of every dataset in the manifest, for `medallion catalog`: each dataset's
/// current Bronze run, and its Silver and Gold Delta tables at the version the manifest's
/// current version names (their partition, for versions recorded before Delta logs).
public enum LakeCatalog {
    /// Reads the manifest (read-only) and the lake; datasets sorted by name, tables in layer order.
    public static func tables(environment: PipelineEnvironment) async throws -> [CatalogTable] {
        guard let store = try ManifestReport.openExisting(environment) else { return [] }
        let lake = try ObjectStores.open(environment.lake, environment: environment.variables, logger: environment.logger)
        var tables: [CatalogTable] = []
        for summary in try store.datasets().sorted(by: { $0.name < $1.name }) {
            guard let version = try store.latestVersion(dataset: summary.name) else { continue }
            if let bronze = version.outputs["bronze"], let key = FetchAndHashStep.key(of: bronze, in: lake) {
                let objects = try await lake.list(prefix: key + "/").filter { $0.key.hasSuffix(".parquet") }
                if let table = try await table(name: CatalogTable.name(layer: "bronze", dataset: summary.name),
                                               objects: objects, deltaRoot: nil, deltaVersion: nil, lake: lake) {
                    tables.append(table)
                }
            }
            let layers = version.outputs.keys.filter { TableCommits.tableKey(dataset: summary.name, layer: $0) != nil }
            for layer in layers.sorted(by: { ($0 == "silver" ? "" : $0) < ($1 == "silver" ? "" : $1) }) {
                guard let key = TableCommits.tableKey(dataset: summary.name, layer: layer) else { continue }
                let delta = try DeltaTable(store: lake, key: key)
                let objects: [ObjectInfo]
                if let recorded = version.tableVersions[layer] {
                    objects = try await delta.snapshot(at: recorded).files.map {
                        ObjectInfo(key: key + "/" + $0.path, size: $0.size, etag: nil, lastModified: nil)
                    }
                } else if let uri = version.outputs[layer], let partition = FetchAndHashStep.key(of: uri, in: lake) {
                    objects = try await lake.list(prefix: partition + "/").filter { $0.key.hasSuffix(".parquet") }
                } else {
                    continue
                }
                let name = layer == "silver" ? CatalogTable.name(layer: "silver", dataset: summary.name)
                    : CatalogTable.name(layer: "gold", dataset: summary.name, table: String(layer.dropFirst(5)))
                if let table = try await table(name: name, objects: objects, deltaRoot: address(key, in: lake),
                                               deltaVersion: version.tableVersions[layer], lake: lake) {
                    tables.append(table)
                }
            }
        }
        return tables
    }

    private static func table(name: String, objects: [ObjectInfo], deltaRoot: String?, deltaVersion: Int64?,
                              lake: any ObjectStore) async throws -> CatalogTable? {
        guard let first = objects.first else { return nil }
        let footer = try await DeltaDataFiles.readFooter(first, store: lake)
        return CatalogTable(name: name, deltaRoot: deltaRoot, deltaVersion: deltaVersion,
                            files: objects.map { address($0.key, in: lake) }, columns: footer.schema.columns)
    }

    /// A key as engines address it: a local path for a local lake, the store's URI otherwise.
    static func address(_ key: String, in lake: any ObjectStore) -> String {
        StepContext.localPath(in: lake, key: key) ?? lake.uri(for: key)
    }
}
