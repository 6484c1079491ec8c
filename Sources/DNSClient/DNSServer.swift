import Foundation
import NetworkSupport

/// A resolver address that queries are sent to: an IP literal and a port.
public struct DNSServer: Hashable, Sendable, CustomStringConvertible {
    public let address: String
    public let port: UInt16
    public let ip: IPAddress
    public var family: IPAddress.Family { ip.family }
    /// The address and port as a C socket address.
    public var socketAddress: SocketAddress { SocketAddress(ip, port: port) }

    public init(address: String, port: UInt16 = 53) throws(DNSServerError) {
        guard let ip = IPAddress(address) else {
            throw DNSServerError(text: address, reason: "'\(address)' is not an IPv4 or IPv6 address")
        }
        self.ip = ip
        self.address = address
        self.port = port
    }

    /// Parses `IP`, `IP:PORT`, `[IPv6]` or `[IPv6]:PORT` (the form `--resolver` takes).
    public init(parsing text: String) throws(DNSServerError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var host = trimmed
        var portText: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw DNSServerError(text: text, reason: "missing ']' in '\(text)'")
            }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else {
                    throw DNSServerError(text: text, reason: "expected ':PORT' after ']' in '\(text)'")
                }
                portText = rest.dropFirst()
            }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = String(trimmed[..<colon])
            portText = trimmed[trimmed.index(after: colon)...]
        }
        var port: UInt16 = 53
        if let portText {
            guard let parsed = UInt16(portText), parsed > 0 else {
                throw DNSServerError(text: text, reason: "'\(portText)' is not a port number (1-65535)")
            }
            port = parsed
        }
        try self.init(address: host, port: port)
    }

    /// The `nameserver` lines of a resolv.conf file, in order (the default resolvers).
    public static func fromResolvConf(path: String = "/etc/resolv.conf") -> [DNSServer] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { return nil }
            // A scoped IPv6 address (fe80::1%eth0) cannot be expressed here; skip it.
            return try? DNSServer(address: String(fields[1]))
        }
    }

    public var description: String {
        switch family {
        case .ipv4: return port == 53 ? address : "\(address):\(port)"
        case .ipv6: return port == 53 ? address : "[\(address)]:\(port)"
        }
    }
}
