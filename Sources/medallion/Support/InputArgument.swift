import Foundation

/// `--input JSON|@file`: inline JSON, or `@path` to read it from a file (`@-` for stdin).
enum InputArgument {
    static func read(_ argument: String) throws -> String {
        guard argument.hasPrefix("@") else { return argument }
        let path = String(argument.dropFirst())
        if path == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputArgumentError.unreadable(path)
        }
        return String(decoding: data, as: UTF8.self)
    }
}

enum InputArgumentError: Error, CustomStringConvertible {
    case unreadable(String)
    var description: String {
        switch self {
        case .unreadable(let path): return "cannot read input file \(path)"
        }
    }
}
