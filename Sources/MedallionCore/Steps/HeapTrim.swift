#if canImport(Glibc)
import Glibc
#endif

/// Hands the heap a data step freed back to the system. glibc keeps freed memory in the
/// arena of the thread that used it, and the next step allocates on other threads (other
/// arenas): without this, a run's peak RSS can approach the sum of its steps' peaks rather
/// than the largest (on a 20,000-column source, Bronze's 250 MB stayed resident under Silver).
enum HeapTrim {
    #if canImport(Glibc)
    private typealias MallocTrim = @convention(c) (Int) -> Int32
    /// glibc's `malloc_trim`, looked up because `<malloc.h>` is not part of the Glibc module
    /// (and other C libraries lack it).
    private static let mallocTrim: MallocTrim? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: MallocTrim.self)
    }()
    #endif

    static func afterStep() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }
}
