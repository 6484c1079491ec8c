import Foundation
import NetworkSupport

/// The real `AuthoritativeQuerying`: each query on a thread of its own (blocking sockets
/// bounded by poll and SO_RCVTIMEO, as the resolver's workers), never on Swift's cooperative
/// threads. A UDP query that times out is sent again (`udpTries` in all, as Zonemaster does):
/// a loaded server or network drops a datagram now and then, and one lost datagram must
/// not make a server "unreachable". TCP is not retried (its own retransmission covers loss).
public struct DirectServerQueries: AuthoritativeQuerying {
    /// Seconds each query may take.
    public var timeout: Double
    /// The EDNS UDP size offered (RFC 6891 §6.2.5; 1232 as DNS Flag Day 2020 advises).
    public var ednsUDPSize: UInt16
    /// Tries of a UDP query that times out.
    public var udpTries: Int

    public init(timeout: Double = 3, ednsUDPSize: UInt16 = 1232, udpTries: Int = 2) {
        self.timeout = timeout
        self.ednsUDPSize = ednsUDPSize
        self.udpTries = max(1, udpTries)
    }

    public func ask(_ query: ServerQuery) async -> ServerReply {
        let (timeout, size, tries) = (timeout, ednsUDPSize, query.transport == .udp ? udpTries : 1)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var reply = Self.exchange(query, timeout: timeout, ednsUDPSize: size)
                for _ in 1..<tries where reply.outcome == .timeout {
                    reply = Self.exchange(query, timeout: timeout, ednsUDPSize: size)
                }
                // A truncated answer is incomplete (its sections cut, or empty as a rate
                // limiter's "slip"): asked again over TCP (RFC 7766 §5).
                if reply.outcome == .response, reply.truncated, query.transport == .udp {
                    var overTCP = query
                    overTCP.transport = .tcp
                    reply = Self.exchange(overTCP, timeout: timeout, ednsUDPSize: size)
                }
                continuation.resume(returning: reply)
            }
        }
    }

    static func exchange(_ query: ServerQuery, timeout: Double, ednsUDPSize: UInt16) -> ServerReply {
        let question = DNSQuestion(name: query.name, type: query.type)
        let id = UInt16.random(in: 0...UInt16.max)
        guard let wire = LDNSWire.query(question, id: id, ednsUDPSize: ednsUDPSize, dnssecOK: false,
                                        recursionDesired: query.recursionDesired, ednsVersion: query.ednsVersion) else {
            return ServerReply(outcome: .malformed("\(query.name) is not a name that can be asked"))
        }
        let server: DNSServer
        do { server = try DNSServer(address: query.server.description, port: query.port) } catch {
            return ServerReply(outcome: .networkError("\(query.server) is not an address to ask"))
        }
        let exchange = WireExchange(allSections: true)
        switch query.transport {
        case .udp: return ServerReply(exchange.udp(wire, id: id, question: question, server: server, timeout: timeout))
        case .tcp: return ServerReply(exchange.tcp(wire, id: id, question: question, server: server, timeout: timeout))
        }
    }
}
