import Foundation

/// The directory every timed command runs in (`<cache>/ingest`): medallion's `datasets/` and
/// `statemachines/` for the bench datasets, a lake per row under `lakes/`, the peers' files
/// under `out/`. Commands name paths relative to it, so the printed ones can be re-run there.
struct BenchWorkspace {
    let directory: URL
    /// `datasets/nsde.json`, the demo dataset whose Silver and Gold settings the bench uses.
    let nsde: [String: Any]

    static let bronzeOnlyFlow = "statemachines/bronze-only.asl.json"

    init(settings: BenchSettings) throws {
        directory = settings.cache.appendingPathComponent("ingest")
        let manager = FileManager.default
        // Lakes and outputs of an interrupted bench would make the first runs do other work.
        try? manager.removeItem(at: directory)
        for sub in ["datasets", "statemachines", "lakes", "out"] {
            try manager.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        guard let nsde = try JSONSerialization.jsonObject(with: Data(contentsOf: settings.root.appendingPathComponent("datasets/nsde.json"))) as? [String: Any] else {
            throw BenchFailure("datasets/nsde.json is not a JSON object")
        }
        self.nsde = nsde
        let flow = try Data(contentsOf: settings.root.appendingPathComponent("statemachines/medallion.asl.json"))
        try flow.write(to: directory.appendingPathComponent("statemachines/medallion.asl.json"))
        try Self.bronzeOnly(flow).write(to: directory.appendingPathComponent(Self.bronzeOnlyFlow))
    }

    /// The default flow without its Silver and Gold states: Bronze goes straight to
    /// UpdateManifest (which takes the whole state, so it needs no other change).
    private static func bronzeOnly(_ flow: Data) throws -> Data {
        guard var definition = try JSONSerialization.jsonObject(with: flow) as? [String: Any],
              var states = definition["States"] as? [String: Any], var bronze = states["Bronze"] as? [String: Any],
              states["UpdateManifest"] != nil else {
            throw BenchFailure("statemachines/medallion.asl.json has no Bronze → … → UpdateManifest flow")
        }
        bronze["Next"] = "UpdateManifest"
        states["Bronze"] = bronze
        states.removeValue(forKey: "Silver")
        states.removeValue(forKey: "Gold")
        if var choice = states["Changed?"] as? [String: Any], let choices = choice["Choices"] as? [[String: Any]] {
            choice["Choices"] = choices.filter { $0["Next"] as? String != "Gold" }
            states["Changed?"] = choice
        }
        definition["States"] = states
        return try JSONSerialization.data(withJSONObject: definition, options: [.prettyPrinted, .sortedKeys])
    }

    /// `datasets/<name>.json` reading `csv` through the Bronze-only flow.
    func writeBronzeDataset(_ name: String, csv: URL) throws {
        try writeDataset(["dataset": name, "source": ["url": "file:\(relative(csv))", "format": "csv"],
                          "state_machine": Self.bronzeOnlyFlow])
    }

    /// `datasets/<name>.json` with nsde's Silver and quality settings over `csv`, and its Gold
    /// tables when `gold` is set.
    func writeNSDEDataset(_ name: String, csv: URL, gold: Bool) throws {
        var config = nsde
        config["dataset"] = name
        config["source"] = ["url": "file:\(relative(csv))", "format": "csv"]
        if !gold { config.removeValue(forKey: "gold") }
        try writeDataset(config)
    }

    private func writeDataset(_ config: [String: Any]) throws {
        let name = (config["dataset"] as? String) ?? "unnamed"
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
            .write(to: directory.appendingPathComponent("datasets/\(name).json"))
    }

    /// nsde's Gold table definitions.
    var goldTables: [[String: Any]] {
        ((nsde["gold"] as? [String: Any])?["tables"] as? [[String: Any]]) ?? []
    }

    func url(_ relativePath: String) -> URL { directory.appendingPathComponent(relativePath) }

    /// `url` as the commands name it: relative to the workspace when it is inside it or in
    /// the cache directory above it, else absolute.
    func relative(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = directory.standardizedFileURL.path
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        let parent = directory.deletingLastPathComponent().standardizedFileURL.path
        if path.hasPrefix(parent + "/") { return "../" + path.dropFirst(parent.count + 1) }
        return path
    }

    /// Removes the lakes and the peers' outputs (the 1 GB row alone leaves over 2 GB), keeping
    /// the dataset configs and flows the printed commands name.
    func removeOutputs() {
        for sub in ["lakes", "out"] { try? FileManager.default.removeItem(at: url(sub)) }
    }
}
