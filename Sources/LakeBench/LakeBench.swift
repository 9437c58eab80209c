import Foundation
import Lake

/// `make bench` for the Lake module: SHA-256 throughput against `sha256sum`, local
/// fetch+hash+copy into a raw layer, and S3 upload/download over loopback to moto_server.
///
/// Usage: lake-bench [--size-mib N] [--s3-size-mib N] [--python PATH]
@main
struct LakeBench {
    static func main() async throws {
        let options = Options(CommandLine.arguments.dropFirst())
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lake-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let source = work.appendingPathComponent("source.bin")
        let bytes = Int64(options.sizeMiB) << 20
        try writePseudoRandomFile(source, bytes: bytes)
        print("Lake benchmark — source file \(options.sizeMiB) MiB (page cache warm)")
        var load = [Double](repeating: 0, count: 3)
        if getloadavg(&load, 3) == 3 {
            print(String(format: "  load average %.2f on %d CPUs: wall figures shrink when others share them", load[0],
                         ProcessInfo.processInfo.activeProcessorCount))
        }

        // Warm the page cache so both hashers read from memory.
        _ = try StreamingSHA256.hexDigest(ofFileAt: source.path, chunkSize: 4 << 20)
        var digest = ""
        let ours = try measure(bytes) { digest = try StreamingSHA256.hexDigest(ofFileAt: source.path, chunkSize: 4 << 20) }
        report("SHA-256 (StreamingSHA256, swift-crypto)", ours)
        // The hasher alone, on bytes already in memory: separates hashing from file I/O.
        let memory = [UInt8](repeating: 0xA5, count: 256 << 20)
        var memoryHasher = StreamingSHA256()
        let inMemory = try measure(Int64(memory.count)) { memory.withUnsafeBytes { memoryHasher.update($0) } }
        _ = memoryHasher.finalizeHex()
        report("SHA-256 in memory (256 MiB buffer)", inMemory)
        var theirs = ""
        let tool = try measure(bytes) { theirs = try run("/usr/bin/sha256sum", [source.path]) }
        report("SHA-256 (sha256sum)", tool, external: true)
        guard theirs.hasPrefix(digest) else { throw BenchError.mismatch("sha256sum disagrees: \(theirs) vs \(digest)") }

        let fetcher = SourceFetcher(baseDirectory: work, environment: [:])
        let staging = work.appendingPathComponent("staging/source.bin")
        var clock = Stopwatch()
        let fetched = try await fetcher.fetch("file://" + source.path, to: staging, conditional: nil) { _ in }
        let fetch = clock.lap(bytes)
        guard fetched.sha256 == digest else { throw BenchError.mismatch("fetch hash differs") }
        report("fetch+hash (file: → staging)", fetch)
        let lake = try ObjectStores.open(work.appendingPathComponent("lake").path, environment: [:])
        let rawKey = "raw/bench/ingest_date=2026-11-25/\(digest).bin"
        clock = Stopwatch()
        try await lake.put(key: rawKey, fileAt: staging)
        let put = clock.lap(bytes)
        report("copy into raw layer (fsync + rename)", put)
        report("fetch+hash+copy total", Measurement(seconds: fetch.seconds + put.seconds,
                                                    cpuSeconds: fetch.cpuSeconds + put.cpuSeconds, bytes: bytes))
        try? FileManager.default.removeItem(at: staging)

        // S3 over loopback to moto_server.
        let s3Bytes = Int64(options.s3SizeMiB) << 20
        let s3Source = s3Bytes == bytes ? source : work.appendingPathComponent("s3.bin")
        if s3Source != source { try writePseudoRandomFile(s3Source, bytes: s3Bytes) }
        let moto = try Moto(python: options.python)
        defer { moto.stop() }
        let environment = ["AWS_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": "bench",
                           "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_REGION": "us-east-1"]
        let s3 = try ObjectStores.open("s3://bench/lake", environment: environment)
        print("S3 (moto_server on 127.0.0.1, \(options.s3SizeMiB) MiB object, multipart 16 MiB parts x4 parallel)")
        clock = Stopwatch()
        try await s3.put(key: "raw/bench/object.bin", fileAt: s3Source)
        let upload = clock.lap(s3Bytes)
        report("S3 upload", upload)
        let back = work.appendingPathComponent("back.bin")
        clock = Stopwatch()
        try await s3.get(key: "raw/bench/object.bin", to: back)
        let download = clock.lap(s3Bytes)
        report("S3 download (+SHA-256)", download)
        let expected = s3Source == source ? digest : try StreamingSHA256.hexDigest(ofFileAt: s3Source.path)
        guard try StreamingSHA256.hexDigest(ofFileAt: back.path) == expected else { throw BenchError.mismatch("S3 round trip differs") }
    }

    struct Options {
        var sizeMiB = 1024
        var s3SizeMiB = 1024
        var python = ProcessInfo.processInfo.environment["MEDALLION_PYTHON"] ?? ".venv/bin/python"

        init<S: Sequence>(_ arguments: S) where S.Element == String {
            var iterator = arguments.makeIterator()
            while let argument = iterator.next() {
                switch argument {
                case "--size-mib": sizeMiB = iterator.next().flatMap(Int.init) ?? sizeMiB
                case "--s3-size-mib": s3SizeMiB = iterator.next().flatMap(Int.init) ?? s3SizeMiB
                case "--python": python = iterator.next() ?? python
                default: print("ignoring unknown argument \(argument)")
                }
            }
        }
    }

    enum BenchError: Error { case mismatch(String), tool(String) }

    static func measure(_ bytes: Int64, _ body: () throws -> Void) throws -> Measurement {
        let clock = Stopwatch()
        try body()
        return clock.lap(bytes)
    }

    /// Wall time plus this process's CPU time: on a shared, loaded machine the CPU figure
    /// shows what the code costs, the wall figure what a user waits.
    struct Measurement {
        var seconds: Double
        var cpuSeconds: Double
        var bytes: Int64
    }

    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Wall-clock timing without closures (async closures would cross isolation).
    struct Stopwatch {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUSeconds()
        func lap(_ bytes: Int64) -> Measurement {
            Measurement(seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                        cpuSeconds: processCPUSeconds() - cpuStart, bytes: bytes)
        }
    }

    static func report(_ label: String, _ result: Measurement, external: Bool = false) {
        let rate = Double(result.bytes) / result.seconds / 1e6
        let padded = label.count < 42 ? label + String(repeating: " ", count: 42 - label.count) : label
        var line = "  " + padded + String(format: "%8.0f MB/s  (%.2f s wall", rate, result.seconds)
        if !external, result.cpuSeconds > 0 {
            line += String(format: ", %.2f s CPU in this process", result.cpuSeconds)
        }
        print(line + ")")
    }

    /// Incompressible bytes from xorshift64*, written in 8 MiB chunks.
    static func writePseudoRandomFile(_ url: URL, bytes: Int64) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let words = 1 << 20
        var chunk = [UInt64](repeating: 0, count: words)
        var remaining = bytes
        while remaining > 0 {
            for index in 0..<words {
                state ^= state >> 12; state ^= state << 25; state ^= state >> 27
                chunk[index] = state &* 0x2545_F491_4F6C_DD1D
            }
            let count = Int(min(remaining, Int64(words * 8)))
            chunk.withUnsafeBytes { handle.write(Data($0.prefix(count))) }
            remaining -= Int64(count)
        }
    }

    static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError.tool("\(path) exited with \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}

/// moto_server in a child Python process, with bucket `bench` created; killed with SIGKILL
/// (Python children can ignore SIGTERM from Foundation.Process).
final class Moto {
    let process = Process()
    let endpoint: String

    init(python: String) throws {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", "-c", """
            import threading, boto3
            from moto.server import ThreadedMotoServer
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            server.start()
            port = server.get_host_and_port()[1]
            boto3.client("s3", endpoint_url="http://127.0.0.1:%d" % port, region_name="us-east-1",
                         aws_access_key_id="bench", aws_secret_access_key="bench-secret").create_bucket(Bucket="bench")
            print(port, flush=True)
            threading.Event().wait()
            """]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = [UInt8]()
        var byte: UInt8 = 0
        while read(out.fileHandleForReading.fileDescriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            throw LakeBench.BenchError.tool("moto_server did not start (is \(python) the test venv?)")
        }
        endpoint = "http://127.0.0.1:\(port)"
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
