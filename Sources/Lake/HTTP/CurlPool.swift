import Foundation

/// A small pool of idle easy handles. Taking a handle that served an earlier request reuses
/// its open connection to the same host (libcurl keeps a per-handle connection cache).
final class CurlPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [CurlEasy] = []
    private let maxIdle: Int

    init(maxIdle: Int = 8) {
        self.maxIdle = maxIdle
    }

    /// Lends a reset handle to `body`, then returns it to the pool. Handles are kept even after
    /// failed transfers: libcurl closes broken connections itself.
    func withHandle<T>(_ body: (CurlEasy) throws -> T) throws -> T {
        let handle: CurlEasy
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        if let reused {
            try reused.reset()
            handle = reused
        } else {
            handle = try CurlEasy()
        }
        defer {
            lock.lock()
            if idle.count < maxIdle { idle.append(handle) }
            lock.unlock()
        }
        return try body(handle)
    }
}
