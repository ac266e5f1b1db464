import Foundation

/// A throwaway PostgreSQL cluster for tests, the demo and `reroute icrs` without a configured database: `initdb`
/// into a temporary directory, a server listening only on a Unix socket in that directory, removed by ``stop()``.
///
/// `initdb` refuses to run as root, so as root the cluster runs as the `postgres` user (`runuser`), which the
/// Debian `postgresql` package creates.
public final class PrivatePostgresCluster: @unchecked Sendable {
    public let directory: String
    public let port: Int
    public let user: String
    private let binDirectory: String
    private let runAs: String?
    private var stopped = false
    private let lock = NSLock()

    /// The URL of a database of this cluster (created with ``createDatabase(_:)``; `postgres` always exists).
    public func url(database: String = "postgres") -> String {
        "postgres://\(user)@/\(database)?host=\(directory)&port=\(port)"
    }

    /// Creates and starts a cluster. Throws with one clear line when PostgreSQL is not installed or will not start.
    public static func start(port: Int = 5432) throws -> PrivatePostgresCluster {
        guard let bin = findBinDirectory() else {
            throw ClusterError("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or PATH); "
                + "run scripts/setup.sh or apt-get install postgresql")
        }
        let runAs: String? = getuid() == 0 ? "postgres" : nil
        let template = NSTemporaryDirectory() + "reroute-pg-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw ClusterError("cannot create a temporary directory") }
        let directory = String(cString: made)
        let cluster = PrivatePostgresCluster(directory: directory, port: port, bin: bin, runAs: runAs)
        do {
            if let runAs {
                try run("/bin/chown", [runAs, directory])
            }
            try cluster.pg("initdb", [
                "-D", directory + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
                "--locale=C",
            ])
            try cluster.pg("pg_ctl", [
                "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "30", "-o",
                "-k \(directory) -p \(port) -c listen_addresses='' -c fsync=off -c full_page_writes=off "
                    + "-c synchronous_commit=off -c max_connections=100",
                "start",
            ])
            try cluster.startJanitor()
        } catch {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            cluster.stop()
            throw ClusterError("\(error)" + (log.isEmpty ? "" : "; server log: \(log.suffix(400))"))
        }
        return cluster
    }

    private init(directory: String, port: Int, bin: String, runAs: String?) {
        self.directory = directory
        self.port = port
        self.user = "postgres"
        self.binDirectory = bin
        self.runAs = runAs
    }

    /// Starts a small shell that waits for this process to end, however it ends (a crash, `exit` without atexit
    /// handlers), then stops the server and removes the directory.
    private func startJanitor() throws {
        let stop = runAs.map { "/usr/sbin/runuser -u \($0) -- " } ?? ""
        // The shell first closes every descriptor it inherited above 2: one may be the write end of a pipe whose
        // reader waits for end of file before it reaps this process, and the janitor waits for the reaping.
        let script = """
            for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            \(stop)\(binDirectory)/pg_ctl -D '\(directory)/data' -m immediate -w stop >/dev/null 2>&1
            rm -rf '\(directory)'
            """
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a Ctrl-C aimed at the tests does not stop the janitor before its work.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let words: [String] = ["/bin/sh", "-c", script]
        let argv = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw ClusterError("cannot start the cleanup shell: \(String(cString: strerror(spawned)))") }
    }

    /// Creates a database (a fresh one per test suite).
    public func createDatabase(_ name: String) throws {
        try pg("createdb", ["-h", directory, "-p", String(port), "-U", user, name])
    }

    /// Stops the server at once and removes the directory. Safe to call more than once.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        if FileManager.default.fileExists(atPath: directory + "/data/postmaster.pid") {
            try? pg("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    private func pg(_ tool: String, _ arguments: [String]) throws {
        let path = binDirectory + "/" + tool
        if let runAs {
            try Self.run("/usr/sbin/runuser", ["-u", runAs, "--", path] + arguments)
        } else {
            try Self.run(path, arguments)
        }
    }

    /// Runs a program to completion with posix_spawn and waitpid (not `Process`: `pg_ctl start` leaves a daemon
    /// behind, and the exit of the program, not of its descendants, is what matters), output to a file.
    private static func run(_ executable: String, _ arguments: [String]) throws {
        let outputPath = NSTemporaryDirectory() + "reroute-pg-out-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw ClusterError("cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        let code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            let text = ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw ClusterError("\((executable as NSString).lastPathComponent) \(arguments.first ?? "") failed "
                + "(status \(exited ? code : status)): \(text.suffix(400))")
        }
    }

    static func findBinDirectory() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(directory)/initdb") {
            return String(directory)
        }
        return nil
    }
}

/// Why the private cluster could not start, in one line.
public struct ClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
