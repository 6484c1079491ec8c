import NetworkSupport

/// A name server named with `--ns NAME[=ADDRESS]`: its name, and the address to ask it at.
public struct PinnedServer: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let address: IPAddress
    /// True when the address was given with the name (`NAME=ADDRESS`), not looked up.
    public let given: Bool

    public init(name: String, address: IPAddress, given: Bool) {
        self.name = DNSName.absolute(name)
        self.address = address
        self.given = given
    }

    public var description: String {
        "\(name.hasSuffix(".") ? String(name.dropLast()) : name) [\(address)]"
    }
}
