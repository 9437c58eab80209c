import Foundation
import Lake

/// A step's input or output handed over as one object instead of through the command line:
/// on ECS an exported state machine writes each step's input to the lake (a container command
/// is capped at 8 KiB, a step input is not) and the step writes its output there for the flow to
/// read back (ECS returns none). `medallion task --input @s3://… --output-uri s3://…`.
public enum StepObject {
    /// Why a step object could not be read.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case missing(String)
        public var description: String {
            switch self {
            case .missing(let location): return "no object at \(location)"
            }
        }
    }

    /// Stores `text` at `location`: a local path (relative to the working directory), `file://`,
    /// or `s3://bucket/key` (credentials and endpoint as for an S3 lake).
    public static func write(_ text: String, to location: String, environment: PipelineEnvironment) async throws {
        let (store, key) = try open(location, environment: environment)
        try await store.put(key: key, bytes: Array(text.utf8))
    }

    /// The text of the object at `location` (the forms `write` takes).
    public static func read(_ location: String, environment: PipelineEnvironment) async throws -> String {
        let (store, key) = try open(location, environment: environment)
        guard let info = try await store.head(key: key) else { throw Failure.missing(location) }
        return String(decoding: try await store.get(key: key, range: 0..<info.size), as: UTF8.self)
    }

    /// The store holding the object's parent "directory" and the object's name in it:
    /// "s3://bucket/a/b.json" → ("s3://bucket/a", "b.json"), "/tmp/b.json" → ("/tmp", "b.json").
    private static func open(_ location: String, environment: PipelineEnvironment) throws -> (any ObjectStore, String) {
        guard let slash = location.lastIndex(of: "/") else {
            return (try ObjectStores.open(".", environment: environment.variables, logger: environment.logger), location)
        }
        let parent = String(location[..<slash])
        let name = String(location[location.index(after: slash)...])
        let store = try ObjectStores.open(parent.isEmpty ? "/" : parent, environment: environment.variables, logger: environment.logger)
        return (store, name)
    }
}
