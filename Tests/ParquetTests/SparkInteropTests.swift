import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Apache Spark (parquet-java underneath) reads what we write, through its vectorized reader
/// and through the row-by-row parquet-mr path that older Spark and Hive use: every value,
/// type and null, across dictionary fallback, data page v2 and many row groups.
@Suite struct SparkInteropTests {
    static let sparkRead = """
        import json, sys
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[1]").appName("medallion-interop")
                 .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
                 .config("spark.driver.memory", "512m").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        for path in sys.argv[1:]:
            for vectorized in ("true", "false"):
                spark.conf.set("spark.sql.parquet.enableVectorizedReader", vectorized)
                df = spark.read.parquet(path)
                types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
                rows = [r.asDict() for r in df.selectExpr(
                    "id", "flag", "small", "amount", "name", "cast(day as string) as day", "unix_micros(at) as at", "code").collect()]
                print(json.dumps({"path": path, "vectorized": vectorized, "types": types, "rows": rows}))
        spark.stop()
        """

    @Test func sparkReadsEveryTypeWithBothReaders() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-spark")
        defer { try? FileManager.default.removeItem(at: dir) }
        var small = ParquetWriterOptions()
        small.rowGroupSize = 16 * 1024
        small.dataPageSize = 2 * 1024
        small.dictionaryPageSizeLimit = 512
        var pageV2 = small
        pageV2.dataPageVersion = .v2
        let files: [(String, ParquetWriterOptions, Range<Int>)] = [
            ("default", ParquetWriterOptions(), 0..<2000),
            ("small-pages-fallback", small, 0..<6000),
            ("page-v2", pageV2, 0..<6000),
        ]
        var paths: [String] = []
        for (name, options, rows) in files {
            let path = dir.appendingPathComponent("\(name).parquet").path
            let halves = [rows.lowerBound..<(rows.lowerBound + rows.count / 2), (rows.lowerBound + rows.count / 2)..<rows.upperBound]
            let summary = try SampleData.write(to: path, batches: halves, options: options)
            if name != "default" { #expect(summary.rowGroups > 1) }
            paths.append(path)
        }
        let result = try runPython(Self.sparkRead, paths)
        #expect(result.status == 0, "spark failed: \(result.stderr.suffix(2000))")
        let reports = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(reports.count == files.count * 2)
        for report in reports {
            let path = report["path"] as? String ?? ""
            guard let file = files.first(where: { path.hasSuffix("/\($0.0).parquet") }) else {
                Issue.record("unexpected report for \(path)"); continue
            }
            let types = report["types"] as? [String: String] ?? [:]
            #expect(types == ["id": "bigint", "flag": "boolean", "small": "int", "amount": "double", "name": "string",
                              "day": "date", "at": "timestamp", "code": "string"], "\(file.0)")
            let rows = report["rows"] as? [[String: Any]] ?? []
            #expect(WriterInteropTests.rowsEqual(rows, file.2), "\(file.0), vectorized \(report["vectorized"] ?? "?")")
        }
    }
}
