import Foundation
import Testing
@testable import MedallionCore

/// A delimiter that could never split fields (a line break, or the quote character) is a
/// config error naming the key, not a source that silently reads as one column.
@Suite struct CSVDelimiterConfigTests {
    private func problem(_ csv: String) -> String {
        let json = #"{"dataset": "d", "source": {"url": "file:a.csv", "format": "csv", "csv": \#(csv)}}"#
        do {
            _ = try DatasetConfig.parse(Array(json.utf8), file: "datasets/d.json")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        (#"{"delimiter": "\n"}"#, "source.csv.delimiter"),
        (#"{"delimiter": "\r"}"#, "source.csv.delimiter"),
        (#"{"quote": "\n"}"#, "source.csv.quote"),
        (#"{"delimiter": "\""}"#, "source.csv.delimiter"),
        (#"{"delimiter": "'", "quote": "'"}"#, "source.csv.delimiter"),
    ])
    func unusableDelimitersAreConfigErrors(_ csv: String, _ key: String) {
        let message = problem(csv)
        #expect(message.contains(key), "\(message)")
    }

    @Test(arguments: [#"{"delimiter": ";"}"#, #"{"delimiter": "\t"}"#, #"{"delimiter": "|", "quote": "'"}"#])
    func ordinaryDelimitersAreAccepted(_ csv: String) {
        #expect(problem(csv) == "no error")
    }
}
