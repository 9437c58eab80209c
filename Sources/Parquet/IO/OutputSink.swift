/// Where the writer's bytes go: a file now, an S3 multipart upload later.
public protocol OutputSink: AnyObject {
    /// Appends `bytes`; the buffer is only valid during the call.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes and releases the destination; called once by `ParquetWriter.close()`.
    func close() throws
}
