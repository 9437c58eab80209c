import Foundation

/// A private PostgreSQL server (Debian package `postgresql`) that a test starts on a random
/// loopback port with its socket and data in a temporary folder, and stops at the end. Password
/// authentication (scram-sha-256) is on, so clients must bring PGPASSWORD. PostgreSQL refuses
/// to run as root: under root the server runs as the `postgres` user (or `nobody`) via setpriv.
public final class PostgresServer: @unchecked Sendable {
    public let port: Int
    public let user = "medallion"
    public let password = "s3cret-pw"
    public let directory: URL
    private let process: Process
    private let binaries: URL

    public enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case failed(String)
        public var description: String {
            switch self {
            case .notInstalled: return "PostgreSQL is not installed (Debian package postgresql; `make setup` installs it)"
            case .failed(let why): return why
            }
        }
    }

    /// `postgresql://medallion@127.0.0.1:<port>/<database>`: no password, as configs must be.
    public func url(database: String = "postgres") -> String { "postgresql://\(user)@127.0.0.1:\(port)/\(database)" }

    public init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max() else { throw Failure.notInstalled }
        binaries = URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin")
        directory = try TestEnvironment.makeTemporaryDirectory("postgres")
        let data = directory.appendingPathComponent("data")
        let passwordFile = directory.appendingPathComponent("pw")
        try Data(password.utf8).write(to: passwordFile)
        let owner = Self.serverUser()
        if let owner {
            for path in [directory.path, passwordFile.path] { _ = chown(path, owner.uid, owner.gid) }
        }
        let initdb = try Self.run(owner, binaries.appendingPathComponent("initdb").path,
                                  ["-D", data.path, "-U", user, "-A", "scram-sha-256", "--pwfile", passwordFile.path, "-E", "UTF8",
                                   "--locale=C", "--no-sync"])
        guard initdb.status == 0 else { throw Failure.failed("initdb: \(initdb.stderr)") }
        port = try Self.freePort()
        process = Process()
        if let owner {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(owner.uid)", "--regid=\(owner.gid)", "--clear-groups", binaries.appendingPathComponent("postgres").path]
        } else {
            process.executableURL = binaries.appendingPathComponent("postgres")
            process.arguments = []
        }
        process.arguments? += ["-D", data.path, "-p", "\(port)", "-k", directory.path, "-c", "listen_addresses=127.0.0.1",
                               "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            let ready = try runProcess(binaries.appendingPathComponent("pg_isready").path, ["-h", "127.0.0.1", "-p", "\(port)", "-U", user])
            if ready.status == 0 { return }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        stop()
        throw Failure.failed("postgres did not start on port \(port)")
    }

    /// Runs SQL with psql (stop on the first error); returns psql's unaligned output.
    @discardableResult
    public func sql(_ script: String, database: String = "postgres") throws -> String {
        let result = try runProcess(binaries.appendingPathComponent("psql").path,
                                    [url(database: database), "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t", "-c", script],
                                    environment: ["PGPASSWORD": password])
        guard result.status == 0 else { throw Failure.failed("psql: \(result.stderr)") }
        return result.stdout
    }

    public func stop() {
        if process.isRunning {
            // SIGQUIT: immediate shutdown; the data directory is thrown away anyway.
            kill(process.processIdentifier, SIGQUIT)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    /// Under root, the account the server runs as.
    private static func serverUser() -> (uid: uid_t, gid: gid_t)? {
        guard geteuid() == 0 else { return nil }
        if let entry = getpwnam("postgres") { return (entry.pointee.pw_uid, entry.pointee.pw_gid) }
        return (65534, 65534)
    }

    private static func run(_ owner: (uid: uid_t, gid: gid_t)?, _ executable: String, _ arguments: [String]) throws -> ProcessResult {
        guard let owner else { return try runProcess(executable, arguments) }
        return try runProcess("/usr/bin/setpriv", ["--reuid=\(owner.uid)", "--regid=\(owner.gid)", "--clear-groups", executable] + arguments,
                              currentDirectory: URL(fileURLWithPath: "/tmp"))
    }

    /// A port the kernel just handed out on 127.0.0.1 (closed again for the server to take).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.failed("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Failure.failed("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
