import Foundation
import Parquet

// ParquetBench CSV [OUT.parquet] [--python PY] [--level N]
// Writes the CSV's rows (all STRING columns, as Bronze does) from in-memory column batches
// and reports input MB/s; with --python also writes the same data with pyarrow for size.
var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    let value = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
    return value
}
let python = option("--python")
let level = Int(option("--level") ?? "3") ?? 3
let repeats = Int(option("--repeat") ?? "3") ?? 3
let rowGroupMB = Int(option("--row-group-mb") ?? "")
let threads = Int(option("--threads") ?? "1") ?? 1
let noDictionary = arguments.contains("--no-dictionary")
let uncompressed = arguments.contains("--uncompressed")
let pageV2 = arguments.contains("--page-v2")
arguments.removeAll { $0 == "--no-dictionary" || $0 == "--uncompressed" || $0 == "--page-v2" }
guard let csvPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: ParquetBench CSV [OUT.parquet] [--python PY] [--level N] [--repeat N] [--row-group-mb N] [--no-dictionary] [--uncompressed] [--page-v2] [--threads N]\n".utf8))
    exit(64)
}
let outPath = arguments.count > 1 ? arguments[1] : NSTemporaryDirectory() + "parquetbench-\(getpid()).parquet"

let csv = try [UInt8](Data(contentsOf: URL(fileURLWithPath: csvPath)))
let parsed = CSVColumns(csv: csv, batchRows: 64 * 1024)
let rows = parsed.batches.reduce(0) { $0 + ($1.first?.count ?? 0) }
let schema = ParquetSchema(parsed.names.map { ParquetColumn(name: $0, type: .string, nullable: true) })
let batches = parsed.batches.map { ColumnBatch($0.map { .byteArrays($0) }) }

var options = ParquetWriterOptions()
options.compression = uncompressed ? .uncompressed : .zstd(level: level)
options.dictionaryEnabled = !noDictionary
options.dataPageVersion = pageV2 ? .v2 : .v1
options.encodingThreads = threads
if let rowGroupMB { options.rowGroupSize = rowGroupMB << 20 }
/// CPU time of the process (all threads, so `--threads` runs are charged in full): the
/// machine may be shared, and the target is per core.
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
var best = Double.infinity
var bestCPU = Double.infinity
var summary = ParquetWriteSummary(rows: 0, rowGroups: 0, fileBytes: 0)
for _ in 0..<max(1, repeats) {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = processCPUSeconds()
    let writer = try ParquetWriter(sink: try FileOutputSink(path: outPath), schema: schema, options: options)
    for batch in batches { try writer.write(batch) }
    summary = try writer.close()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    best = min(best, seconds)
    bestCPU = min(bestCPU, processCPUSeconds() - cpuStart)
}
let inputMB = Double(csv.count) / 1e6
print(String(format: "ParquetBench write: %d rows, %d columns, input %.1f MB CSV, zstd level %d, %d encoding thread(s)", rows, schema.columns.count, inputMB, level, threads))
print(String(format: "  best of %d: wall %.3f s -> %.1f MB/s of input; CPU %.3f s -> %.1f MB/s of input per core, %.2f M rows/s",
             max(1, repeats), best, inputMB / best, bestCPU, inputMB / bestCPU, Double(rows) / bestCPU / 1e6))
print(String(format: "  output: %lld bytes in %d row group(s)", summary.fileBytes, summary.rowGroups))

// What zstd alone costs here: compress the same pages, written uncompressed, in 1 MiB pieces
// at the same level. The writer can never beat the input rate this leaves.
if !uncompressed {
    var raw = options
    raw.compression = .uncompressed
    let rawPath = outPath + ".raw"
    let writer = try ParquetWriter(sink: try FileOutputSink(path: rawPath), schema: schema, options: raw)
    for batch in batches { try writer.write(batch) }
    _ = try writer.close()
    let pages = try [UInt8](Data(contentsOf: URL(fileURLWithPath: rawPath)))
    try? FileManager.default.removeItem(atPath: rawPath)
    let compressor = ZstdCompressor(level: Int32(level))
    var scratch: [UInt8] = []
    var zstdCPU = Double.infinity
    for _ in 0..<max(1, repeats) {
        let cpuStart = processCPUSeconds()
        try pages.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let end = min(offset + (1 << 20), all.count)
                _ = try compressor.compress(UnsafeRawBufferPointer(rebasing: all[offset..<end]), into: &scratch)
                offset = end
            }
        }
        zstdCPU = min(zstdCPU, processCPUSeconds() - cpuStart)
    }
    print(String(format: "  zstd level %d alone on the same %.1f MB of pages: CPU %.3f s (%.1f MB/s) -> at most %.1f MB/s of input per core for any writer",
                 level, Double(pages.count) / 1e6, zstdCPU, Double(pages.count) / 1e6 / zstdCPU, inputMB / zstdCPU))
}

if let python {
    let pyPath = outPath + ".pyarrow.parquet"
    let script = """
    import sys, time, pyarrow as pa, pyarrow.csv as pc, pyarrow.parquet as pq
    names = pc.read_csv(sys.argv[1], read_options=pc.ReadOptions(block_size=1 << 20)).column_names
    t = pc.read_csv(sys.argv[1], convert_options=pc.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=True))
    best = float("inf")
    for _ in range(int(sys.argv[4])):
        start = time.process_time()
        pq.write_table(t, sys.argv[2], compression="zstd", compression_level=int(sys.argv[3]))
        best = min(best, time.process_time() - start)
    print(t.num_rows, best)
    """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script, csvPath, pyPath, String(level), String(max(1, repeats))]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let fields = out.split(whereSeparator: \.isWhitespace)
    let pyRows = fields.first.flatMap { Int($0) } ?? -1
    let pyCPU = fields.count > 1 ? Double(fields[1]) ?? .nan : .nan
    let pySize = (try? FileManager.default.attributesOfItem(atPath: pyPath)[.size] as? Int) ?? nil
    if process.terminationStatus == 0, let pySize {
        let ratio = Double(summary.fileBytes) / Double(pySize)
        print(String(format: "  pyarrow (same data, zstd level %d): %d bytes, %d rows  ->  ours/pyarrow = %.3f", level, pySize, pyRows, ratio))
        print(String(format: "  pyarrow write_table CPU (best of %d): %.3f s -> %.1f MB/s of input per core", max(1, repeats), pyCPU, inputMB / pyCPU))
    } else {
        print("  pyarrow comparison failed (status \(process.terminationStatus))")
    }
    try? FileManager.default.removeItem(atPath: pyPath)
}
if arguments.count < 2 { try? FileManager.default.removeItem(atPath: outPath) }
