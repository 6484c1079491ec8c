import Foundation

/// The public test suites, copied from the shared conformance folder into
/// `Tests/conformance/` with their licences (set MAILAUDIT_CONFORMANCE_DIR to read another copy).
enum Conformance {
    static let directory: URL = {
        if let custom = ProcessInfo.processInfo.environment["MAILAUDIT_CONFORMANCE_DIR"] {
            return URL(fileURLWithPath: custom)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("conformance")
    }()

    static func json(_ path: String) throws -> Any {
        let url = directory.appendingPathComponent(path)
        let data = try Data(contentsOf: url)
        return try JSONSerialization.jsonObject(with: data)
    }

    /// Prints a suite's count in the test output, where the closing note can quote it.
    static func report(_ suite: String, passed: Int, total: Int, extra: String = "") {
        print("conformance: \(suite): \(passed)/\(total) passed\(extra.isEmpty ? "" : "; " + extra)")
    }
}
