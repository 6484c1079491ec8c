import Foundation
import NetworkSupport

/// One query to one server, named by address, exactly as asked: the name-server checks
/// (is it authoritative, over UDP and TCP, does it recurse, does it hand out the zone, does
/// it answer EDNS correctly). A protocol, so that the collector can be tested with fakes.
public protocol AuthoritativeQuerying: Sendable {
    func ask(_ query: ServerQuery) async -> ServerReply
}
