import Foundation
import LabServers
#if canImport(Glibc)
import Glibc
#endif

/// One of Tests/lab/fake-smtp.py's servers (a fault no real server's configuration gives: a
/// 421 greeting, greylisting at EHLO, STARTTLS command injection), on a lab address. Stop it
/// with `stop()`; its log holds every line it received.
public final class FakeSMTPServer: @unchecked Sendable {
    public let address: String
    public let port: UInt16
    public let logFile: String
    private let folder: String
    private let pid: pid_t

    /// Starts `mode` on `address`:`port` with the lab's certificate for mx1.good.test (for
    /// STARTTLS), and returns once it listens.
    public init(mode: String, address: String, port: UInt16 = 25) throws {
        self.address = address
        self.port = port
        folder = NSTemporaryDirectory() + "fake-smtp-\(mode)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        logFile = folder + "/received.log"
        let script = Lab.packageRoot.appendingPathComponent("Tests/lab/fake-smtp.py").path
        switch Run.spawn(["/usr/bin/python3", script, "--listen", "\(address):\(port)", "--mode", mode,
                          "--cert", "\(Lab.stateDirectory)/pki/good.pem", "--log", logFile],
                         stdout: folder + "/stdout", stderr: folder + "/stderr") {
        case .success(let spawned): pid = spawned
        case .failure(let error): throw Lab.StartError(description: error.description)
        }
        // "ready" once it listens; an exit when it could not bind.
        let deadline = Date().addingTimeInterval(10)
        var status: Int32 = 0
        while (try? String(contentsOfFile: folder + "/stdout", encoding: .utf8))?.hasPrefix("ready") != true {
            if Date() >= deadline || waitpid(pid, &status, WNOHANG) != 0 {
                let why = (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? ""
                stop()
                throw Lab.StartError(description: "fake-smtp.py --mode \(mode) could not listen on \(address):\(port): \(why)")
            }
            usleep(20_000)
        }
    }

    /// Every line the server received, in order.
    public var received: [String] {
        ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    public func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        try? FileManager.default.removeItem(atPath: folder)
    }
}
