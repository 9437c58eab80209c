/// A page break a leaf writer of a list column has decided on but may only make where a
/// row starts (repetition level 0): readers expect every page to begin a row.
enum DeferredPageBreak: Int, Comparable {
    case none
    /// The page is full.
    case flush
    /// The dictionary outgrew its limit: flush, write the dictionary page, continue PLAIN.
    case fallback

    static func < (lhs: DeferredPageBreak, rhs: DeferredPageBreak) -> Bool { lhs.rawValue < rhs.rawValue }
}
