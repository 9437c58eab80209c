import Transform

/// Calls the casts with the UTF-8 bytes of Swift strings.
enum CastInput {
    static func with<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        Array(text.utf8).withUnsafeBytes(body)
    }

    static func trimmed(_ text: String) -> String {
        with(text) { String(decoding: ValueCasts.trimmed($0), as: UTF8.self) }
    }

    static func int64(_ text: String) -> Int64? { with(text, ValueCasts.int64) }
    static func double(_ text: String) -> Double? { with(text, ValueCasts.double) }
    static func boolean(_ text: String) -> Bool? { with(text, ValueCasts.boolean) }
    static func rfc3339(_ text: String) -> Int64? { with(text, ValueCasts.rfc3339Micros) }
    static func days(_ text: String, _ pattern: TemporalPattern) -> Int32? { with(text) { pattern.days($0) } }
    static func micros(_ text: String, _ pattern: TemporalPattern) -> Int64? { with(text) { pattern.micros($0) } }
}
