/// How a file's leaf column maps to a `ParquetColumn` and how to convert its stored values.
struct ColumnDescriptor {
    enum Conversion {
        case none
        case floatToDouble
        case millisToMicros
        case nanosToMicros
    }

    let column: ParquetColumn
    /// The leaf schema element (a list's element).
    let element: ParquetSchemaElement
    let physicalType: PhysicalType
    let conversion: Conversion
    /// The type of the leaf's values (a list's element type).
    let valueType: ParquetType
    let maxDefinitionLevel: Int
    let maxRepetitionLevel: Int
    /// Definition level from which a slot holds a value or null element rather than a null
    /// or empty list; 0 for flat columns, where every slot is a value.
    let elementDefinitionLevel: Int
    /// Lists only: the definition level from which a row's list is not null.
    let listDefinitionLevel: Int

    var isList: Bool { maxRepetitionLevel > 0 }

    /// Maps a top-level leaf schema element, or explains why it cannot be read.
    init(element: ParquetSchemaElement) throws {
        let repetition = element.repetition ?? .required
        guard repetition != .repeated else {
            throw ParquetError.unsupported("column '\(element.name)' is REPEATED without a LIST annotation; only flat columns and lists of scalars are supported")
        }
        let (type, conversion, physical) = try Self.leafType(element)
        column = ParquetColumn(name: element.name, type: type, nullable: repetition == .optional)
        self.element = element
        physicalType = physical
        self.conversion = conversion
        valueType = type
        maxDefinitionLevel = repetition == .optional ? 1 : 0
        maxRepetitionLevel = 0
        elementDefinitionLevel = 0
        listDefinitionLevel = 0
    }

    /// Maps a LIST group (`schema[index]`) and its children. Reads the standard three-level
    /// form (`repeated group <any> { <element> }`) and the legacy two-level one (`repeated
    /// <primitive>`); a repeated group that is itself the element (a list of structs, per the
    /// backward-compatibility rules) is refused. Returns the descriptor and the schema
    /// elements it used.
    static func list(in schema: [ParquetSchemaElement], at index: Int) throws -> (ColumnDescriptor, Int) {
        let group = schema[index]
        let name = group.name
        let annotated = group.logicalType == .list || group.convertedType == ConvertedType.list.rawValue
        guard annotated else {
            throw ParquetError.unsupported("column '\(name)' is a group (struct or map); only flat columns and lists of scalars are supported")
        }
        let groupRepetition = group.repetition ?? .required
        guard groupRepetition != .repeated, group.numChildren == 1, index + 1 < schema.count else {
            throw ParquetError.unsupported("column '\(name)' is a LIST of an unusual shape; only lists of scalars are supported")
        }
        let repeated = schema[index + 1]
        guard repeated.repetition == .repeated else {
            throw ParquetError.unsupported("column '\(name)' is a LIST whose child is not repeated")
        }
        let listDefinition = groupRepetition == .optional ? 1 : 0
        let leaf: ParquetSchemaElement
        let used: Int
        let elementOptional: Bool
        if repeated.physicalType != nil {
            // Two-level: the repeated field is the (required) element.
            leaf = repeated
            used = 2
            elementOptional = false
        } else {
            let children = Int(repeated.numChildren ?? 0)
            guard children == 1, repeated.name != "array", repeated.name != "\(name)_tuple", index + 2 < schema.count,
                  schema[index + 2].physicalType != nil, schema[index + 2].repetition != .repeated else {
                throw ParquetError.unsupported("column '\(name)' is a list of groups (structs, maps or lists); only lists of scalars are supported")
            }
            leaf = schema[index + 2]
            used = 3
            elementOptional = leaf.repetition == .optional
        }
        let (type, conversion, physical) = try leafType(leaf, columnName: name)
        let descriptor = ColumnDescriptor(
            column: ParquetColumn(name: name, type: .list(type), nullable: groupRepetition == .optional),
            element: leaf, physicalType: physical, conversion: conversion, valueType: type,
            maxDefinitionLevel: listDefinition + 1 + (elementOptional ? 1 : 0), maxRepetitionLevel: 1,
            elementDefinitionLevel: listDefinition + 1, listDefinitionLevel: listDefinition)
        return (descriptor, used)
    }

    private init(column: ParquetColumn, element: ParquetSchemaElement, physicalType: PhysicalType, conversion: Conversion,
                 valueType: ParquetType, maxDefinitionLevel: Int, maxRepetitionLevel: Int, elementDefinitionLevel: Int,
                 listDefinitionLevel: Int) {
        self.column = column
        self.element = element
        self.physicalType = physicalType
        self.conversion = conversion
        self.valueType = valueType
        self.maxDefinitionLevel = maxDefinitionLevel
        self.maxRepetitionLevel = maxRepetitionLevel
        self.elementDefinitionLevel = elementDefinitionLevel
        self.listDefinitionLevel = listDefinitionLevel
    }

    /// The Medallion type of a leaf's values, or why it cannot be read; errors name
    /// `columnName` (the top-level column) when given.
    private static func leafType(_ element: ParquetSchemaElement, columnName: String? = nil) throws -> (ParquetType, Conversion, PhysicalType) {
        let shownName = columnName.map { "\($0)' element '\(element.name)" } ?? element.name
        guard let physical = element.physicalType else {
            throw ParquetError.unsupported("column '\(shownName)' is a group; only flat columns and lists of scalars are supported")
        }
        let logical = element.logicalType
        let converted = element.convertedType
        let type: ParquetType
        var conversion = Conversion.none
        func unsupported() -> ParquetError {
            var annotation = logical?.name ?? element.convertedTypeName ?? ""
            if !annotation.isEmpty { annotation = " (\(annotation))" }
            return .unsupported("column '\(shownName)' has type \(physical.name)\(annotation)")
        }
        switch physical {
        case .boolean:
            type = .boolean
        case .int32:
            switch (logical, converted) {
            case (.date?, _), (nil, ConvertedType.date.rawValue?): type = .date
            case (nil, nil), (.integer(bitWidth: _, signed: true)?, _): type = .int32
            case (.integer(bitWidth: let bits, signed: false)?, _) where bits < 32: type = .int32
            case (nil, let c?) where [15, 16, 17, 11, 12].contains(c): type = .int32
            default: throw unsupported()
            }
        case .int64:
            switch (logical, converted) {
            case (.timestamp(let unit, _)?, _):
                type = .timestampMicros
                conversion = unit == .millis ? .millisToMicros : unit == .nanos ? .nanosToMicros : .none
            case (nil, ConvertedType.timestampMicros.rawValue?): type = .timestampMicros
            case (nil, ConvertedType.timestampMillis.rawValue?):
                type = .timestampMicros
                conversion = .millisToMicros
            case (nil, nil), (.integer(bitWidth: _, signed: true)?, _), (nil, 18?): type = .int64
            default: throw unsupported()
            }
        case .float:
            type = .double
            conversion = .floatToDouble
        case .double:
            type = .double
        case .byteArray:
            switch (logical, converted) {
            case (nil, nil), (.string?, _), (nil, ConvertedType.utf8.rawValue?), (nil, 4?), (nil, 19?): type = .string
            case (.other(let id)?, _) where id == 4 || id == 12: type = .string  // ENUM, JSON
            default: throw unsupported()
            }
        case .int96, .fixedLenByteArray:
            throw unsupported()
        }
        return (type, conversion, physical)
    }
}
