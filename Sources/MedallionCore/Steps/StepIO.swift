import Foundation
import StateMachine

/// Step inputs and outputs travel as JSON between states (and between processes in
/// `medallion task`), so each step decodes its input and encodes its output through Codable.
enum StepIO {
    static func decode<T: Decodable>(_ type: T.Type, from input: JSONValue, step: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(input.serialized().utf8))
        } catch let DecodingError.keyNotFound(key, context) {
            throw TaskFailure(error: StepError.badStepInput,
                              cause: "\(step): input field '\(path(context.codingPath + [key]))' is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw TaskFailure(error: StepError.badStepInput,
                              cause: "\(step): input field '\(path(context.codingPath))' has the wrong type")
        } catch {
            throw TaskFailure(error: StepError.badStepInput, cause: "\(step): unreadable input: \(error)")
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try JSONValue(parsing: try encoder.encode(value))
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// The named errors steps raise; the default state machine retries `SourceUnavailable` and
/// sends everything to RecordFailure.
enum StepError {
    static let sourceNotFound = "Medallion.SourceNotFound"
    /// A step input is missing, mistyped, or names something it must not (a path outside the
    /// lake, another dataset's partition, a malformed run id).
    static let badStepInput = "Medallion.BadStepInput"
    static let sourceUnavailable = "Medallion.SourceUnavailable"
    static let sourceFailed = "Medallion.SourceFailed"
    /// A local source changed between being hashed and being copied: nothing was published.
    static let sourceChanged = "Medallion.SourceChanged"
    static let sourceInvalid = "Medallion.SourceInvalid"
    static let configInvalid = "Medallion.ConfigInvalid"
    static let storageFailed = "Medallion.StorageFailed"
    static let manifestFailed = "Medallion.ManifestFailed"
    /// A `fail` expectation was broken.
    static let expectationFailed = "Medallion.ExpectationFailed"
    /// A data-quality gate (required column, null threshold, minimum rows) was not met.
    static let qualityFailed = "Medallion.QualityGateFailed"
    /// An operator's state outgrew its memory budget (`gold.memory_mb`).
    static let memoryExceeded = "Medallion.MemoryBudgetExceeded"
    /// `--executor process`: the step's own process died or said nothing readable.
    static let stepProcessFailed = "Medallion.StepProcessFailed"
}
