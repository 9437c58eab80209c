import Foundation
import CCurl
import CCurlShim

/// Process-wide libcurl initialisation; must happen once before any handle exists.
private let curlGlobalInit: Void = {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}()

/// An owned libcurl easy handle with typed option setters and Swift callbacks.
///
/// Not thread-safe (libcurl handles are not); one transfer at a time. Reusing the handle
/// across requests keeps its connection cache, so consecutive requests to one host reuse
/// the TCP/TLS connection.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var callbacks = CallbackBox()

    init() throws {
        _ = curlGlobalInit
        guard let h = curl_easy_init() else { throw CurlError.initFailed }
        handle = h
        try configureCallbacks()
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
    }

    // MARK: Options

    func set(_ option: CURLoption, _ value: Int, _ name: String = "") throws {
        try check(medallion_curl_setopt_long(handle, option, value), name)
    }

    func set(_ option: CURLoption, offset value: Int64, _ name: String = "") throws {
        try check(medallion_curl_setopt_off_t(handle, option, curl_off_t(value)), name)
    }

    /// libcurl copies string options, so the Swift string need not outlive the call.
    func set(_ option: CURLoption, _ value: String, _ name: String = "") throws {
        try check(value.withCString { medallion_curl_setopt_string(handle, option, $0) }, name)
    }

    /// Makes the request a POST of `json` (JSON text has no NUL byte, so libcurl's string copy
    /// takes all of it), without waiting for a 100 Continue.
    func setJSONBody(_ json: Data) throws {
        try set(CURLOPT_POST, 1, "POST")
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(json.count), "POSTFIELDSIZE_LARGE")
        try set(CURLOPT_COPYPOSTFIELDS, String(decoding: json, as: UTF8.self), "COPYPOSTFIELDS")
        try set(CURLOPT_EXPECT_100_TIMEOUT_MS, 0, "EXPECT_100_TIMEOUT_MS")
    }

    /// Replaces the request headers ("Name: value" lines).
    func setHeaders(_ lines: [String]) throws {
        curl_slist_free_all(headerList)
        headerList = nil
        for line in lines { headerList = curl_slist_append(headerList, line) }
        try check(medallion_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER")
    }

    /// Clears per-request options while keeping the connection cache.
    func reset() throws {
        curl_easy_reset(handle)
        curl_slist_free_all(headerList)
        headerList = nil
        callbacks = CallbackBox()
        try configureCallbacks()
    }

    // MARK: Callbacks

    /// Called with each piece of the response body; throw to abort the transfer.
    var onBody: ((UnsafeRawBufferPointer) throws -> Void)? {
        get { callbacks.body }
        set { callbacks.body = newValue }
    }

    /// Called with each raw response header line (status lines included).
    var onHeader: ((String) -> Void)? {
        get { callbacks.header }
        set { callbacks.header = newValue }
    }

    /// Supplies request body bytes: fill the buffer and return the count, 0 at the end.
    var onUpload: ((UnsafeMutableRawBufferPointer) throws -> Int)? {
        get { callbacks.upload }
        set { callbacks.upload = newValue }
    }

    /// Progress (downloaded, download total, uploaded, upload total); return false to abort.
    var onProgress: ((Int64, Int64, Int64, Int64) -> Bool)? {
        get { callbacks.progress }
        set {
            callbacks.progress = newValue
            _ = medallion_curl_setopt_long(handle, CURLOPT_NOPROGRESS, newValue == nil ? 1 : 0)
        }
    }

    private func configureCallbacks() throws {
        let context = Unmanaged.passUnretained(callbacks).toOpaque()
        try check(medallion_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context), "WRITEDATA")
        try check(medallion_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteTrampoline), "WRITEFUNCTION")
        try check(medallion_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context), "HEADERDATA")
        try check(medallion_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeaderTrampoline), "HEADERFUNCTION")
        try check(medallion_curl_setopt_pointer(handle, CURLOPT_READDATA, context), "READDATA")
        try check(medallion_curl_setopt_data_callback(handle, CURLOPT_READFUNCTION, curlReadTrampoline), "READFUNCTION")
        try check(medallion_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context), "XFERINFODATA")
        try check(medallion_curl_setopt_xferinfo_callback(handle, curlProgressTrampoline), "XFERINFOFUNCTION")
        // Signals are unsafe in a multi-threaded process (libcurl's own advice).
        try check(medallion_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
    }

    // MARK: Transfer

    /// Runs the transfer. A Swift error thrown by a callback is rethrown as itself.
    func perform() throws {
        callbacks.error = nil
        let code = curl_easy_perform(handle)
        if let error = callbacks.error {
            callbacks.error = nil
            throw error
        }
        if code != CURLE_OK {
            throw CurlError.transfer(code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
        }
    }

    /// The last response's status code (HTTP status; 0 for file:// URLs).
    var responseCode: Int {
        var code = 0
        _ = medallion_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Content-Length of the last response, or nil when unknown.
    var contentLength: Int64? {
        var length: curl_off_t = -1
        _ = medallion_curl_getinfo_off_t(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        return length >= 0 ? Int64(length) : nil
    }

    /// How many new connections the last transfer had to open (0 when it reused one).
    var newConnections: Int {
        var count = 0
        _ = medallion_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &count)
        return count
    }

    private func check(_ code: CURLcode, _ name: String) throws {
        if code != CURLE_OK { throw CurlError.option(name, code: Int(code.rawValue)) }
    }
}

/// Holds the Swift closures libcurl's C callbacks forward to.
private final class CallbackBox {
    var body: ((UnsafeRawBufferPointer) throws -> Void)?
    var header: ((String) -> Void)?
    var upload: ((UnsafeMutableRawBufferPointer) throws -> Int)?
    var progress: ((Int64, Int64, Int64, Int64) -> Bool)?
    var error: Error?
}

private func box(_ pointer: UnsafeMutableRawPointer?) -> CallbackBox? {
    pointer.map { Unmanaged<CallbackBox>.fromOpaque($0).takeUnretainedValue() }
}

private func curlWriteTrampoline(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let box = box(context) else { return 0 }
    guard let body = box.body else { return length }
    do {
        try body(UnsafeRawBufferPointer(start: data, count: length))
        return length
    } catch {
        box.error = error
        return 0  // any other count makes libcurl abort with CURLE_WRITE_ERROR
    }
}

private func curlHeaderTrampoline(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    if let box = box(context), let header = box.header, let data {
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        header(String(decoding: bytes, as: UTF8.self))
    }
    return length
}

private func curlReadTrampoline(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let box = box(context), let upload = box.upload, let data else { return 0 }
    do {
        return try upload(UnsafeMutableRawBufferPointer(start: data, count: size * count))
    } catch {
        box.error = error
        return Int(CURL_READFUNC_ABORT)
    }
}

private func curlProgressTrampoline(_ context: UnsafeMutableRawPointer?, _ dlTotal: curl_off_t, _ dlNow: curl_off_t, _ ulTotal: curl_off_t, _ ulNow: curl_off_t) -> Int32 {
    guard let box = box(context), let progress = box.progress else { return 0 }
    return progress(Int64(dlNow), Int64(dlTotal), Int64(ulNow), Int64(ulTotal)) ? 0 : 1
}
