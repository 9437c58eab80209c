import Parquet
import Transform

/// What one column's set of values decides: the candidate types every value so far fits, the
/// longest value and a distinct-count sketch. None of it changes when a value comes again, so
/// Bronze's Parquet writer feeds it each column chunk's distinct values (as its dictionary
/// takes them in) instead of every value.
///
/// Touched by one thread at a time: the writer's encoding thread for the column while Bronze
/// writes, the caller's before and after.
final class ColumnInference: DistinctValueObserver {
    private(set) var int64 = true, double = true, boolean = true, date = true, timestamp = true
    private(set) var maxLength = 0
    private let sketch: HyperLogLog

    init(precision: Int) {
        sketch = HyperLogLog(precision: precision)
    }

    deinit { sketch.deallocate() }

    var distinctEstimate: Int64 { sketch.estimate() }

    /// One non-null value (empty strings included: they count as values but decide no type).
    func observe(_ value: UnsafeRawBufferPointer) {
        if value.count > maxLength { maxLength = value.count }
        sketch.add(value)
        guard !value.isEmpty else { return }
        let bytes = value.assumingMemoryBound(to: UInt8.self)
        // Every form inference accepts must also pass Silver's cast of that type, so an
        // undeclared column never turns a value into null there.
        if int64 { int64 = ValueClassifier.isInt64(bytes) }
        if double && !int64 { double = ValueClassifier.isDouble(bytes) && ValueCasts.double(value) != nil }
        if boolean { boolean = ValueClassifier.isBoolean(bytes) }
        if date { date = ValueClassifier.isDate(bytes) }
        // Timestamps: RFC 3339 with a zone only, as the cast reads them (a date alone or a
        // time without a zone is text).
        if timestamp { timestamp = ValueCasts.rfc3339Micros(value) != nil }
    }
}
