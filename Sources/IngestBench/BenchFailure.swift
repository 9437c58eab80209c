/// A reason the bench cannot go on, said in words (the table is only worth printing whole).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
