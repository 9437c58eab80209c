/// Returns memory the allocator keeps after a step freed it. glibc holds freed heap pages for
/// reuse, so two large steps in one process (Bronze, then Silver) would otherwise add up in
/// the peak RSS.
enum MemoryRelease {
    static func returnFreedPages() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
// glibc's malloc_trim(3), which Swift's Glibc module does not export.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
