import Foundation

/// The real `mailaudit` binary, run as a user would run it.
public enum Binary {
    /// The built `mailaudit`, beside the test bundle in the build folder.
    public static let path: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("mailaudit").path
    }()

    /// Runs the binary. Once the lab is up, its runs validate DNSSEC from the lab's trust
    /// anchor (MAILAUDIT_TRUST_ANCHOR), as a user of the lab's names would: from the root's,
    /// which the lab's resolvers do not serve, mailaudit reaches no verdict of its own.
    /// `environment` replaces the test process's environment.
    public static func run(_ arguments: [String], timeout: Double = 60, environment: [String: String]? = nil) async -> Run.Result {
        var env = environment ?? ProcessInfo.processInfo.environment
        if environment == nil, env["MAILAUDIT_TRUST_ANCHOR"] == nil, FileManager.default.fileExists(atPath: Lab.trustAnchorPath) {
            env["MAILAUDIT_TRUST_ANCHOR"] = Lab.trustAnchorPath
        }
        return await Run.program([path] + arguments, timeout: timeout, environment: env)
    }
}
