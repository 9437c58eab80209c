import Foundation
@testable import MedallionCore
import TestSupport

/// Reads a whole (small) source through the product's reader.
func readSource(_ path: URL, _ options: SourceOptions) throws -> (columns: [String], rows: [[String?]], numbers: [Int]) {
    let reader = try RecordReaders.open(path: path.path, displayName: path.lastPathComponent, options: options)
    var rows: [[String?]] = []
    var numbers: [Int] = []
    while try reader.nextRecord({ rows.append($0.strings) }) {
        numbers.append(reader.recordNumber)
    }
    return (reader.columnNames, rows, numbers)
}

func options(_ format: SourceFormat, _ configure: (inout SourceOptions) -> Void = { _ in }) -> SourceOptions {
    var options = SourceOptions(format: format)
    configure(&options)
    return options
}

/// The error a source read throws, as text ("no error" when it reads fine).
func sourceFailure(_ path: URL, _ options: SourceOptions) -> (SourceError?, String) {
    do {
        _ = try readSource(path, options)
        return (nil, "no error")
    } catch let error as SourceError {
        return (error, error.description)
    } catch {
        return (nil, "\(error)")
    }
}

func writeFile(_ directory: URL, _ name: String, _ bytes: [UInt8]) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
}
