/// The highest definition and repetition levels of a column's leaf, fixed by its schema path.
struct LevelShape: Equatable {
    var maxDefinition: Int
    var maxRepetition: Int

    /// A top-level scalar column: one definition level when it is OPTIONAL.
    static func flat(nullable: Bool) -> LevelShape {
        LevelShape(maxDefinition: nullable ? 1 : 0, maxRepetition: 0)
    }

    /// `<name> (LIST) { repeated group list { optional element } }`: the outer group adds a
    /// level only when OPTIONAL; the repeated group and the always-optional element add one each.
    static func list(nullable: Bool) -> LevelShape {
        LevelShape(maxDefinition: nullable ? 3 : 2, maxRepetition: 1)
    }
}
