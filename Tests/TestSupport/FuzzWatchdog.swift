import Foundation

/// Runs a fuzz loop on a thread of its own and times every input, so an input that hangs the
/// code under test fails the test, naming the input, instead of hanging `swift test`.
///
/// The loop calls `begin` before each input and `end` after it. `run` waits without blocking
/// its caller's thread (it polls) and returns when the loop returns or as soon as one input has
/// run longer than `limit`. A hung loop's thread is left behind; the test process still exits.
public final class FuzzWatchdog: @unchecked Sendable {
    /// An input that ran longer than the limit.
    public struct Overrun: Error, CustomStringConvertible {
        public let iteration: Int
        public let input: [UInt8]
        public let elapsed: Duration

        public var description: String {
            "input \(iteration) still running after \(elapsed): \(FuzzWatchdog.describe(input))"
        }
    }

    public let limit: Duration
    /// MEDALLION_FUZZ_TRACE=1 prints every input to stderr before it runs, so that a crash,
    /// which ends the test process, leaves its input as the last line.
    private let trace = ProcessInfo.processInfo.environment["MEDALLION_FUZZ_TRACE"] == "1"
    private let lock = NSLock()
    private var iteration = -1
    private var input: [UInt8] = []
    private var started: ContinuousClock.Instant?
    private var slowestSoFar: Duration = .zero
    private var slowestIterationSoFar = -1
    private var result: (any Sendable)?

    public init(limit: Duration = .seconds(2)) {
        self.limit = limit
    }

    /// Marks the start of input `iteration`; `input` is kept to be reported if it overruns.
    public func begin(_ iteration: Int, _ input: [UInt8]) {
        if trace { FileHandle.standardError.write(Data("fuzz input \(iteration): \(Self.describe(input))\n".utf8)) }
        let now = ContinuousClock.now
        lock.withLock {
            self.iteration = iteration
            self.input = input
            started = now
        }
    }

    /// Marks the end of the input passed to the last `begin`.
    public func end() {
        let now = ContinuousClock.now
        lock.withLock {
            if let started, now - started > slowestSoFar {
                slowestSoFar = now - started
                slowestIterationSoFar = iteration
            }
            started = nil
        }
    }

    /// The longest any input took so far, and which one it was.
    public var slowest: (elapsed: Duration, iteration: Int) {
        lock.withLock { (slowestSoFar, slowestIterationSoFar) }
    }

    /// Runs `loop` on a new thread with a stack of `stackSize` bytes and returns its result,
    /// or the input that overran the limit.
    public func run<T: Sendable>(stackSize: Int = 8 << 20, _ loop: @escaping @Sendable () -> T) async -> Result<T, Overrun> {
        let thread = Thread { [self] in
            let value = loop()
            lock.withLock { result = value }
        }
        thread.stackSize = stackSize
        thread.start()
        // The verdict is reached on a thread of its own: Swift Testing runs many tests at once on
        // the few cooperative threads, and a poller waiting for one of them could miss a hang
        // entirely on a loaded machine.
        return await withCheckedContinuation { continuation in
            let monitor = Thread { [self] in
                while true {
                    let (finished, overrun): ((any Sendable)?, Overrun?) = lock.withLock {
                        guard result == nil, let started else { return (result, nil) }
                        let elapsed = ContinuousClock.now - started
                        return (nil, elapsed > limit ? Overrun(iteration: iteration, input: input, elapsed: elapsed) : nil)
                    }
                    if let finished, let value = finished as? T {
                        continuation.resume(returning: .success(value))
                        return
                    }
                    if let overrun {
                        continuation.resume(returning: .failure(overrun))
                        return
                    }
                    Thread.sleep(forTimeInterval: 0.005)
                }
            }
            monitor.start()
        }
    }

    /// An input as text when it is printable UTF-8, else as hex; long inputs are cut.
    public static func describe(_ input: [UInt8]) -> String {
        let shown = input.prefix(600)
        let cut = input.count > shown.count ? "… (\(input.count) bytes)" : ""
        if let text = String(validating: shown, as: UTF8.self), text.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\n" }) {
            return "\"\(text)\"\(cut)"
        }
        return shown.map { String(format: "%02x", $0) }.joined(separator: " ") + cut
    }
}
