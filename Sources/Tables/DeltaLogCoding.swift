import Foundation

/// How commit files are written and read: one compact JSON object per line.
public enum DeltaLogCoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder { JSONDecoder() }

    /// The bytes of a commit holding `lines`, newline-terminated.
    public static func encode(_ lines: [DeltaLogLine]) throws -> [UInt8] {
        let encoder = encoder
        var bytes: [UInt8] = []
        for line in lines {
            bytes += try encoder.encode(line)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// The actions of a commit file; blank lines are skipped.
    public static func decode(_ bytes: [UInt8]) throws -> [DeltaLogLine] {
        let decoder = decoder
        return try bytes.split(separator: 0x0A).compactMap { line in
            let trimmed = line.drop { $0 == 0x20 || $0 == 0x0D }
            if trimmed.isEmpty { return nil }
            return try decoder.decode(DeltaLogLine.self, from: Data(trimmed))
        }
    }
}
