public enum DNSTransport: String, Sendable, Hashable {
    case udp, tcp
}
