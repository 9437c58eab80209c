import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file on a helper thread, a few chunks ahead of the consumer, so reading and
/// hashing (or hashing and writing) overlap on two cores instead of taking turns.
final class ReadAhead: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let chunkSize: Int
    private let buffers: [UnsafeMutableRawPointer]
    /// Counts of filled buffers, in order; -1 marks the end, -2 an error.
    private var filled: [Int] = []
    private let lock = NSCondition()
    private var free: Int
    private var stopped = false
    private var readError: Int32 = 0

    init(fd: Int32, path: String, chunkSize: Int, depth: Int = 3) {
        self.fd = fd
        self.path = path
        self.chunkSize = chunkSize
        buffers = (0..<depth).map { _ in UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 64) }
        free = depth
    }

    deinit { buffers.forEach { $0.deallocate() } }

    /// Calls `body` with each chunk in file order. Errors from `body` stop the reader.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            produce()
            done.signal()
        }
        thread.start()
        defer {
            lock.lock(); stopped = true; lock.broadcast(); lock.unlock()
            done.wait()
        }
        var index = 0
        while true {
            lock.lock()
            while filled.isEmpty { lock.wait() }
            let count = filled.removeFirst()
            lock.unlock()
            if count == -1 { return }
            if count == -2 { throw LakeIOError.read(path: path, errno: readError) }
            try body(UnsafeRawBufferPointer(start: buffers[index], count: count))
            index = (index + 1) % buffers.count
            lock.lock(); free += 1; lock.broadcast(); lock.unlock()
        }
    }

    private func produce() {
        var index = 0
        while true {
            lock.lock()
            while free == 0 && !stopped { lock.wait() }
            if stopped { lock.unlock(); return }
            free -= 1
            lock.unlock()
            var total = 0
            var failure: Int32 = 0
            // Fill the whole chunk unless the file ends: fewer, larger hash updates.
            while total < chunkSize {
                let n = read(fd, buffers[index] + total, chunkSize - total)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                total += n
            }
            lock.lock()
            if failure != 0 {
                readError = failure
                filled.append(-2)
            } else {
                if total > 0 { filled.append(total) }
                if total < chunkSize { filled.append(-1) }
            }
            lock.broadcast()
            lock.unlock()
            if failure != 0 || total < chunkSize { return }
            index = (index + 1) % buffers.count
        }
    }
}
