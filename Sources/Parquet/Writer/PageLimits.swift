/// Bounds on one data page besides its byte size.
enum PageLimits {
    /// Most values (nulls included) in one page: an all-null run adds no value bytes, yet
    /// its definition levels take memory until the page is flushed.
    static let maxValues = 256 * 1024
}
