import Foundation
import Testing
@testable import MedallionCore

/// `source.max_columns`: a source wider than the limit fails naming the file, how many columns
/// it has and the setting; at the limit it reads. The setting is validated in the config.
@Suite struct SourceMaxColumnsTests {
    private func csvReader(_ text: String, maxColumns: Int, header: Bool = true) throws -> CSVRecordReader {
        var options = SourceOptions(format: .csv)
        options.maxColumns = maxColumns
        options.header = header
        return try CSVRecordReader(stream: MemoryByteStream(Array(text.utf8)), displayName: "wide.csv", options: options, bufferSize: 16)
    }

    private func jsonReader(_ text: String, maxColumns: Int) throws -> JSONRecordReader {
        var options = SourceOptions(format: .ndjson)
        options.maxColumns = maxColumns
        return try JSONRecordReader(open: { MemoryByteStream(Array(text.utf8)) }, displayName: "wide.ndjson", options: options)
    }

    @Test func aCSVHeaderWiderThanTheLimitFailsWithItsCount() throws {
        let header = (1...50).map { "c\($0)" }.joined(separator: ",")
        let row = (1...50).map(String.init).joined(separator: ",")
        #expect(try csvReader("\(header)\n\(row)\n", maxColumns: 50).columnNames.count == 50)
        do {
            _ = try csvReader("\(header)\n\(row)\n", maxColumns: 49)
            Issue.record("50 columns read with max_columns 49")
        } catch let error as SourceError {
            #expect(error.kind == .tooManyColumns)
            #expect(error.description == "wide.csv (line 1): the header names 50 columns, more than source.max_columns (49); raise source.max_columns in the dataset config to read it")
        }
        do {
            _ = try csvReader("\(row)\n", maxColumns: 10, header: false)
            Issue.record("50 columns read with max_columns 10")
        } catch let error as SourceError {
            #expect(error.kind == .tooManyColumns && error.record == 1)
            #expect(error.description.contains("the first record has 50 columns, more than source.max_columns (10)"), "\(error)")
        }
    }

    @Test func aRecordWiderThanTheHeaderStaysRaggedAndIsNotStoredWhole() throws {
        // A million delimiters: counted, not kept (the reader stores one field past the width).
        let text = "a,b\n" + String(repeating: ",", count: 1_000_000) + "\n"
        let reader = try csvReader(text, maxColumns: 10)
        do {
            _ = try reader.nextRecord { _ in }
            Issue.record("a ragged record was read")
        } catch let error as SourceError {
            #expect(error.kind == .raggedRecord)
            #expect(error.description == "wide.csv, record 1 (line 2): expected 2 fields (as in the header), found 1000001")
        }
    }

    @Test func jsonKeysBeyondTheLimitFailNamingTheRecordAndKey() throws {
        let text = "{\"a\": 1, \"b\": 2}\n{\"a\": 1, \"c\": 3}\n{\"d\": 4}\n"
        #expect(try jsonReader(text, maxColumns: 4).columnNames == ["a", "b", "c", "d"])
        do {
            _ = try jsonReader(text, maxColumns: 2)
            Issue.record("3 keys read with max_columns 2")
        } catch let error as SourceError {
            #expect(error.kind == .tooManyColumns)
            #expect(error.description == "wide.ndjson, record 2 (line 2), column 'c': this is distinct key number 3: at least 3 columns, more than source.max_columns (2); raise source.max_columns in the dataset config to read it")
        }
    }

    @Test func theSettingsAreParsedAndValidated() throws {
        func parse(_ source: String) throws -> SourceConfig {
            try DatasetConfig.parse(Array(#"{"dataset": "d", "source": {"url": "file:d.csv", "format": "csv"\#(source)}}"#.utf8),
                                    file: "datasets/d.json").source
        }
        let defaults = try parse("")
        #expect(defaults.maxColumns == 32_768 && defaults.maxRecordBytes == 64 << 20 && !defaults.lenientQuotes)
        let set = try parse(#", "max_columns": 20000, "max_record_bytes": 1024, "csv": {"lenient": true}"#)
        #expect(set.maxColumns == 20_000 && set.maxRecordBytes == 1024 && set.lenientQuotes)
        let options = BronzeStep.sourceOptions(set)
        #expect(options.maxColumns == 20_000 && options.maxRecordBytes == 1024 && options.lenientQuotes)
        for (bad, message) in [(#", "max_columns": 0"#, "source.max_columns: must be at least 1"),
                               (#", "max_columns": 1.5"#, "source.max_columns: expected a whole number"),
                               (#", "max_record_bytes": "64MB""#, "source.max_record_bytes: expected a whole number"),
                               (#", "max_record_bytes": -1"#, "source.max_record_bytes: expected a whole number"),
                               (#", "csv": {"lenient": "yes"}"#, "source.csv.lenient: expected true or false"),
                               (#", "max_colums": 10"#, "source.max_colums: unknown key")] {
            do {
                _ = try parse(bad)
                Issue.record("\(bad) parsed")
            } catch {
                #expect("\(error)".contains(message), "\(bad): \(error)")
            }
        }
    }
}
