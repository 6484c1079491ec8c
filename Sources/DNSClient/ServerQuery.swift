import Foundation
import NetworkSupport

/// A query for `AuthoritativeQuerying`.
public struct ServerQuery: Sendable, Hashable {
    public enum Transport: String, Sendable, Hashable { case udp, tcp }
    public var name: String
    public var type: DNSType
    public var server: IPAddress
    public var port: UInt16
    public var transport: Transport
    /// RD: false for what the server holds itself; true for the recursion test.
    public var recursionDesired: Bool
    /// The EDNS version to send (0 normally; 1 for the RFC 6891 §6.1.3 test).
    public var ednsVersion: UInt8

    public init(_ name: String, _ type: DNSType, server: IPAddress, port: UInt16 = 53, transport: Transport = .udp,
                recursionDesired: Bool = false, ednsVersion: UInt8 = 0) {
        self.name = DNSName.absolute(name)
        self.type = type
        self.server = server
        self.port = port
        self.transport = transport
        self.recursionDesired = recursionDesired
        self.ednsVersion = ednsVersion
    }
}
