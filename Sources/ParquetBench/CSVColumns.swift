import Parquet

/// Splits RFC 4180 CSV bytes into STRING columns (empty fields become null, as pyarrow's
/// `strings_can_be_null` does). The header row names the columns.
struct CSVColumns {
    var names: [String] = []
    var batches: [[ByteArrayColumn]] = []

    init(csv bytes: [UInt8], batchRows: Int) {
        var field: [UInt8] = []
        var row: [[UInt8]] = []
        var current: [ByteArrayColumn] = []
        var rowsInBatch = 0
        var headerDone = false
        var i = 0
        let n = bytes.count

        func finishRow() {
            if !headerDone {
                names = row.map { String(decoding: $0, as: UTF8.self) }
                current = names.map { _ in ByteArrayColumn(reservingValues: batchRows, bytes: batchRows * 12) }
                headerDone = true
            } else if !(row.count == 1 && row[0].isEmpty) {
                for c in 0..<current.count {
                    let value = c < row.count ? row[c] : []
                    if value.isEmpty { current[c].appendNull() } else { value.withUnsafeBytes { current[c].append(bytes: $0) } }
                }
                rowsInBatch += 1
                if rowsInBatch == batchRows {
                    batches.append(current)
                    current = names.map { _ in ByteArrayColumn(reservingValues: batchRows, bytes: batchRows * 12) }
                    rowsInBatch = 0
                }
            }
            row.removeAll(keepingCapacity: true)
        }

        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") && field.isEmpty {
                i += 1
                while i < n {
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") {
                            field.append(UInt8(ascii: "\""))
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    field.append(bytes[i])
                    i += 1
                }
                continue
            }
            if b == UInt8(ascii: ",") {
                row.append(field)
                field.removeAll(keepingCapacity: true)
            } else if b == UInt8(ascii: "\n") {
                row.append(field)
                field.removeAll(keepingCapacity: true)
                finishRow()
            } else if b != UInt8(ascii: "\r") {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            finishRow()
        }
        if rowsInBatch > 0 { batches.append(current) }
    }
}
