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
    public static var trustAnchorPath: String {
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
