/// Sees the values of a flat string column as the writer encodes them: each value a chunk's
/// dictionary takes in once, and every value of a stretch written PLAIN. Every non-null value
/// of the column reaches it at least once, repeats mostly not, so whatever depends only on the
/// set of values (the types a column fits, its longest value, a distinct-count sketch) costs
/// the distinct values instead of every value. Nulls are not passed.
///
/// Called on the encoding thread that owns the column, one call at a time; the writer's
/// `write` and `close` return only after every call they caused has returned.
public protocol DistinctValueObserver: AnyObject {
    func observe(_ value: UnsafeRawBufferPointer)
}
