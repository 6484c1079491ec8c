import Foundation

/// The real `mailaudit` binary, run as a user would run it.
public enum Binary {
    /// The built `mailaudit`, beside the test bundle in the build folder.
    public static let path: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("mailaudit").path
    }()

    public static func run(_ arguments: [String], timeout: Double = 60) async -> Run.Result {
        await Run.program([path] + arguments, timeout: timeout)
    }
}
