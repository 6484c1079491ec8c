import Foundation
import Testing

extension Tag {
    /// Tests that need the lab (real NSD, unbound, Postfix and nginx on loopback).
    @Tag public static var lab: Self
}

/// The test lab (Tests/lab/lab.sh): real NSD, unbound, Postfix and nginx on loopback. Tests
/// that need it carry the `.lab` tag and call `Lab.start()` first; the lab is (re)started
/// once per test process. Without root the lab cannot bind its ports, and its tests are
/// skipped with that reason; where the lab must be there (root, or `CI=true`), a lab that
/// cannot start fails every one of them, so a green run never means "lab tests skipped".
public enum Lab {
    /// The lab can run here, or must: root, `CI=true`, or a lab started by hand
    /// (`MAILAUDIT_LAB_RUNNING=1`).
    public static let expected: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return geteuid() == 0 || ["true", "1"].contains(environment["CI"]?.lowercased() ?? "")
            || environment["MAILAUDIT_LAB_RUNNING"] == "1"
    }()

    /// Why lab tests are skipped where the lab is not expected.
    public static let skipReason: Comment = """
        lab test skipped: the lab needs root (it binds ports 53, 25, 465, 587 and 443 on \(net).0/24); \
        run `sudo swift test`, or set CI=true to make a missing lab fail the run
        """

    public static let net = ProcessInfo.processInfo.environment["MAILAUDIT_LAB_NET"] ?? "127.77.0"
    /// The validating resolver (unbound), with the lab's trust anchor.
    public static var resolver: String { "\(net).54" }
    /// The machine has IPv6 loopback; without it the lab publishes no AAAA ::1 and runs no
    /// [::1]:25 listener, and tests that need ::1 skip (or expect no ::1 endpoint).
    public static let hasIPv6Loopback = FileManager.default.contents(atPath: "/proc/net/if_inet6")
        .map { String(decoding: $0, as: UTF8.self).contains("00000000000000000000000000000001") } == true
    /// The authoritative server of `test.` and the reverse zones (NSD).
    public static var tldServer: String { "\(net).53" }
    /// The authoritative server of the children of `test.` (a second NSD).
    public static var childServer: String { "\(net).52" }
    /// An address where nothing listens.
    public static var deadAddress: String { "\(net).55" }
    /// The NSD that serves every lab zone, asked directly: a path on which nothing validates.
    public static var allZonesServer: String { "\(net).50" }
    /// An unbound that resolves without validating (no AD, bogus data handed out).
    public static var plainResolver: String { "\(net).56" }

    /// The lab's state folder (zones, PKI, logs). Its files are rewritten at every start, so
    /// reading them is only safe after `start()`: a test that reads them earlier records an
    /// issue here instead of failing now and then.
    public static var stateDirectory: String {
        if !startedHere.value { Issue.record("a lab file was used before Lab.start(): start the lab first (lab.sh rewrites its PKI and zones)") }
        return stateFolder
    }
    static let stateFolder = ProcessInfo.processInfo.environment["MAILAUDIT_LAB_DIR"] ?? "/tmp/mailaudit-lab"
    /// The lab CA's certificate: pass it as `--ca-file` (after `start()`).
    public static var caFile: String { "\(stateDirectory)/pki/ca.crt" }
    /// The DS of the lab's `test.` key-signing key: the trust anchor of the lab's unbound.
    public static var trustAnchorFile: String { "\(stateDirectory)/trust-anchor.ds" }
    /// The same path, without the check that the lab has started (for `Binary.run`, which
    /// looks whether the file is there).
    static var trustAnchorPath: String {
        stateFolder + "/trust-anchor.ds"
    }
    /// The SASL test account of the lab's Postfix (lab.sh).
    public static let saslUser = "tester"
    public static let saslPassword = "Lab-Secret-7f3e9"
    /// nginx, serving the MTA-STS policies on 443.
    public static var httpsAddress: String { "\(net).44" }
    /// The lab address ending in `host` (`Lab.address(25)` is mx1.good.test).
    public static func address(_ host: Int) -> String { "\(net).\(host)" }

    /// The package's top folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    private static let started: Result<Void, StartError> = {
        if ProcessInfo.processInfo.environment["MAILAUDIT_LAB_RUNNING"] == "1" { return .success(()) }
        let script = packageRoot.appendingPathComponent("Tests/lab/lab.sh").path
        let result = Run.command(["/bin/bash", script, "start"], timeout: 60)
        guard result.status == 0 else {
            return .failure(StartError(description: """
                the test lab did not start (exit \(result.status)); the lab needs root (port 53) and the packages of \
                scripts/setup.sh --lab.
                \(result.stdout)\(result.stderr)
                """))
        }
        return .success(())
    }()

    /// Starts the lab unless this process already did; throws with the lab's output if it
    /// cannot. Where the lab is not expected (no root, no CI), the calling test is skipped
    /// with the reason instead. The wait happens on a thread of its own, not on the
    /// cooperative pool.
    public static func start() async throws {
        try await skipUnlessExpected()
        let result = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: started) }.start()
        }
        try result.get()
        startedHere.value = true
    }

    /// Skips the calling test (counted) where the lab is not expected: no root, no CI.
    public static func skipUnlessExpected() async throws {
        guard expected else {
            skipped.add()
            try Test.cancel(skipReason)
        }
    }

    /// Set once `start()` succeeded in this process.
    private static let startedHere = LockedFlag()

    /// Lab tests skipped in this process; the count is printed when the process ends
    /// (Swift Testing's summary line counts them as passed suites' members, not as skips).
    static let skipped = SkipCounter()
}

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
        let began = Date()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            return Result(status: -1, stdout: "", stderr: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))", seconds: 0)
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
}

/// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), which the Glibc module does not
/// export (it needs _GNU_SOURCE).
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnActionsCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

/// A Bool shared between test threads.
public final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = false

    public init() {}

    public var value: Bool {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

/// Counts skipped lab tests and says how many when the test process exits.
final class SkipCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() {
        let first: Bool = lock.withLock {
            count += 1
            return count == 1
        }
        if first {
            atexit {
                let text = "lab: \(Lab.skipped.total) lab test cases skipped: not root and not CI (they need the lab: run `sudo swift test`)\n"
                FileHandle.standardError.write(Data(text.utf8))
            }
        }
    }

    var total: Int { lock.withLock { count } }
}
