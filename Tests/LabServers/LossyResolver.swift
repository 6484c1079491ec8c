import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A hostile resolver for the lab: it relays queries to the lab's unbound, but never
/// answers those whose first label is `dropLabel`, so that one name times out while the
/// rest of a domain resolves.
public enum LossyResolver {
    public static func start(dropLabel: String, upstream: String) throws -> FakeUDPServer {
        try FakeUDPServer { query in
            guard query.count > 13 else { return nil }
            let length = Int(query[12])
            let first = String(decoding: query[13..<min(query.count, 13 + length)], as: UTF8.self)
            if first.lowercased() == dropLabel { return nil }
            return relay(query, to: upstream)
        }
    }

    /// Asks `upstream` (port 53) the query as it is; nil when it does not answer within 3 s.
    public static func relay(_ query: [UInt8], to upstream: String) -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(53).bigEndian
        inet_pton(AF_INET, upstream, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Up to three tries: a reply the loaded lab drops must not look like the drop this
        // relay is for (the test's own client waits longer than this).
        var buffer = [UInt8](repeating: 0, count: 65_535)
        for _ in 0..<3 {
            guard send(fd, query, query.count, 0) == query.count else { return nil }
            let got = recv(fd, &buffer, buffer.count, 0)
            if got > 0 { return Array(buffer[0..<got]) }
        }
        return nil
    }
}
