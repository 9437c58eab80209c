/// Encodes a page's repetition and definition levels with the RLE / bit-packing hybrid at
/// the bit width their maximum needs, repetition levels first, as both page versions order them.
enum LevelEncoder {
    /// Data page v1: each level stream prefixed by its byte length (4 bytes, little-endian).
    static func appendV1(_ levels: PageLevels, to out: inout [UInt8], scratch: inout [UInt8]) {
        if let repetition = levels.repetition {
            appendPrefixed(repetition, maxLevel: levels.shape.maxRepetition, to: &out, scratch: &scratch)
        }
        if let definition = levels.definition {
            appendPrefixed(definition, maxLevel: levels.shape.maxDefinition, to: &out, scratch: &scratch)
        }
    }

    /// Data page v2: the streams back to back without prefixes; their lengths go in the header.
    static func appendV2(_ levels: PageLevels, to out: inout [UInt8]) -> (repetition: Int, definition: Int) {
        let start = out.count
        if let repetition = levels.repetition {
            RLEHybridEncoder.encode(repetition, bitWidth: bitWidth(levels.shape.maxRepetition), into: &out)
        }
        let middle = out.count
        if let definition = levels.definition {
            RLEHybridEncoder.encode(definition, bitWidth: bitWidth(levels.shape.maxDefinition), into: &out)
        }
        return (middle - start, out.count - middle)
    }

    private static func appendPrefixed(_ levels: UnsafeBufferPointer<UInt32>, maxLevel: Int, to out: inout [UInt8],
                                       scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        RLEHybridEncoder.encode(levels, bitWidth: bitWidth(maxLevel), into: &scratch)
        withUnsafeBytes(of: UInt32(scratch.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: scratch)
    }

    static func bitWidth(_ maxLevel: Int) -> Int { RLEHybridEncoder.bitWidth(forMaxValue: maxLevel) }
}
