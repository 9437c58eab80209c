/// How a file's leaf column maps to a `ParquetColumn` and how to convert its stored values.
struct ColumnDescriptor {
    enum Conversion {
        case none
        case floatToDouble
        case millisToMicros
        case nanosToMicros
    }

    let column: ParquetColumn
    let element: ParquetSchemaElement
    let physicalType: PhysicalType
    let conversion: Conversion
    var maxDefinitionLevel: Int { column.nullable ? 1 : 0 }

    /// Maps a leaf schema element, or explains why it cannot be read.
    init(element: ParquetSchemaElement) throws {
        guard let physical = element.physicalType else {
            throw ParquetError.unsupported("column '\(element.name)' is a group; only flat schemas are supported")
        }
        let repetition = element.repetition ?? .required
        guard repetition != .repeated else {
            throw ParquetError.unsupported("column '\(element.name)' is REPEATED; only flat schemas are supported")
        }
        let logical = element.logicalType
        let converted = element.convertedType
        let type: ParquetType
        var conversion = Conversion.none
        func unsupported() -> ParquetError {
            var annotation = logical?.name ?? element.convertedTypeName ?? ""
            if !annotation.isEmpty { annotation = " (\(annotation))" }
            return .unsupported("column '\(element.name)' has type \(physical.name)\(annotation)")
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
        column = ParquetColumn(name: element.name, type: type, nullable: repetition == .optional)
        self.element = element
        physicalType = physical
        self.conversion = conversion
    }
}
