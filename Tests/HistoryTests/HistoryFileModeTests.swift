import Foundation
import History
import Testing

/// A SQLite history holds every audited domain's mail set-up: a new one is readable by its
/// owner and group only, whatever the umask of the cron job or shell that made it.
@Suite("Run history: the SQLite file's mode")
struct HistoryFileModeTests {
    @Test("a new history file is 0640; an existing one keeps its mode")
    func mode() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-mode-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("history.db").path
        _ = try await RunHistory.open(HistoryLocation(path))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640, "mode \(String(mode ?? 0, radix: 8))")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        _ = try await RunHistory.open(HistoryLocation(path))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }
}
