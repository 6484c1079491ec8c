import Foundation

/// The public test suites in `../shared/conformance/` (beside the repository; set
/// MAILAUDIT_CONFORMANCE_DIR to read them from elsewhere).
enum Conformance {
    static let directory: URL = {
        if let custom = ProcessInfo.processInfo.environment["MAILAUDIT_CONFORMANCE_DIR"] {
            return URL(fileURLWithPath: custom)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/conformance")
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
