import Foundation
import Logging
import Manifest
import StateMachine
import TextEncoding

/// A swift-log handler writing one line per event, as text (`time level [logger] message
/// key=value …`) or as a JSON object, with secrets masked (`SecretMask`).
struct StructuredLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String
    let format: LogFormat
    let mask: SecretMask
    let output: LogOutput

    init(label: String, level: Logger.Level, format: LogFormat, mask: SecretMask, output: LogOutput) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.mask = mask
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        output.emit(render(level: event.level, message: event.message.description, metadata: fields, at: Date()))
    }

    func render(level: Logger.Level, message: String, metadata: Logger.Metadata, at date: Date) -> String {
        let time = Timestamps.format(date)
        let keys = metadata.keys.sorted()
        switch format {
        case .text:
            var line = "\(time) \(level.rawValue) [\(label)] \(mask.apply(message))"
            for key in keys {
                guard let value = metadata[key] else { continue }
                line += " \(key)=\(Self.textValue(text(value)))"
            }
            return line
        case .json:
            var line = "{\"time\":\(Self.jsonString(time)),\"level\":\(Self.jsonString(level.rawValue)),"
                + "\"logger\":\(Self.jsonString(label)),\"message\":\(Self.jsonString(mask.apply(message)))"
            for key in keys where !["time", "level", "logger", "message"].contains(key) {
                guard let value = metadata[key] else { continue }
                line += ",\(Self.jsonString(key)):\(json(value))"
            }
            return line + "}"
        }
    }

    /// A metadata value as masked text.
    private func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let s): return mask.apply(s)
        case .stringConvertible(let v): return mask.apply(v.description)
        case .array(let items): return "[" + items.map(text).joined(separator: ",") + "]"
        case .dictionary(let d): return "{" + d.keys.sorted().map { "\($0):\(d[$0].map(text) ?? "")" }.joined(separator: ",") + "}"
        }
    }

    /// A metadata value as masked JSON: numbers and booleans stay numbers and booleans.
    private func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let s): return Self.jsonString(mask.apply(s))
        case .stringConvertible(let v):
            switch v {
            case let b as Bool: return b ? "true" : "false"
            case let i as any BinaryInteger: return "\(i)"
            case let d as Double where d.isFinite: return "\(d)"
            default: return Self.jsonString(mask.apply(v.description))
            }
        case .array(let items): return "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let d):
            return "{" + d.keys.sorted().map { "\(Self.jsonString($0)):\(d[$0].map(json) ?? "null")" }.joined(separator: ",") + "}"
        }
    }

    /// Bare when it is one plain word, else quoted like a JSON string.
    static func textValue(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "=" && scalar != "\\"
        }
        return plain ? value : jsonString(value)
    }

    /// A JSON string literal, through the engine's one JSON string escaper.
    static func jsonString(_ value: String) -> String {
        JSONStringEscaping.quoted(value)
    }
}
