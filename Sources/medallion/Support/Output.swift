import ArgumentParser
import Foundation
import MedallionCore

/// stdout carries results (JSON for scripts); stderr carries everything meant for people.
enum Output {
    static func json<T: Encodable>(_ value: T, pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func stdout(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func stderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints a user-facing error and exits with `code` (2: bad usage or config).
    static func fail(_ message: String, code: Int32 = 2) -> ExitCode {
        stderr("error: \(message)")
        return ExitCode(code)
    }

    /// A fixed-width text table.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func bytes(_ count: Int64) -> String { Figures.bytes(count) }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value < 60 ? String(format: "%.2fs", value) : String(format: "%dm%02ds", Int(value) / 60, Int(value) % 60)
    }
}
