import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with a timeout, capturing its output. Built on
/// posix_spawn and waitpid rather than Foundation's Process, whose child monitoring did
/// not notice a child's exit inside the test runner here (the test hung on a zombie).
public enum Run {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public let seconds: Double
    }

    /// Runs the command on a thread of its own, so that waiting for it never holds one of
    /// the few threads of Swift's cooperative pool that the other tests run on.
    public static func program(_ arguments: [String], timeout: Double = 60, environment: [String: String]? = nil) async -> Result {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: command(arguments, timeout: timeout, environment: environment)) }.start()
        }
    }

    public static func command(_ arguments: [String], timeout: Double = 60, environment: [String: String]? = nil) -> Result {
        // Files, not pipes: a daemon the command starts may keep a pipe open for ever.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-run-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outPath = folder.appendingPathComponent("stdout").path
        let errPath = folder.appendingPathComponent("stderr").path

        let began = Date()
        let pid: pid_t
        switch spawn(arguments, environment: environment, stdout: outPath, stderr: errPath) {
        case .success(let spawned): pid = spawned
        case .failure(let error): return Result(status: -1, stdout: "", stderr: error.description, seconds: 0)
        }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        var killed = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline && !killed {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(2_000)
        }
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: killed ? -9 : exitCode, stdout: stdout, stderr: stderr, seconds: Date().timeIntervalSince(began))
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts a program with standard input from /dev/null and its output into two files,
    /// and returns its process id without waiting (the caller waits with waitpid).
    public static func spawn(_ arguments: [String], environment: [String: String]? = nil, stdout outPath: String,
                             stderr errPath: String) -> Swift.Result<pid_t, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of the test process reaches the child: the lab's daemons would keep an
        // inherited test socket open for ever (a peer's close then sent neither FIN nor RST).
        _ = spawnActionsCloseFrom(&actions, 3)

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The child starts with no signal blocked and every signal at its default: the test
        // runner's threads block most signals, and a daemon the lab starts would inherit that
        // mask (NSD then ignored the SIGHUP that makes it reload a zone).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { return .failure(SpawnError(description: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")) }
        return .success(pid)
    }
}

/// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), which the Glibc module does not
/// export (it needs _GNU_SOURCE).
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnActionsCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
