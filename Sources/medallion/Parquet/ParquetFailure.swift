import ArgumentParser
import Parquet

/// Turns library errors into a one-line message and exit status 1.
enum ParquetFailure {
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ParquetError {
            throw ValidationFailure(message: error.description)
        }
    }

    struct ValidationFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
