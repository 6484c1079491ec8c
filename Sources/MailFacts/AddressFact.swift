/// One address of an exchange, with its reverse mapping.
public struct AddressFact: Codable, Sendable, Equatable {
    public var ip: String
    public var family: AddressFamily
    public var ptr: LookupFact
    /// The names the PTR records give, lower-case, without the trailing dot.
    public var ptrNames: [String]
    /// Forward-confirmed reverse DNS: some PTR name resolves back to this address.
    /// Nil when a lookup failed and no confirmation was found, so it cannot be told.
    public var fcrdns: Bool?
    /// For each PTR name, the forward lookup and whether it gave this address back.
    public var forward: [ForwardConfirmationFact]

    public init(ip: String, family: AddressFamily, ptr: LookupFact, ptrNames: [String], fcrdns: Bool?, forward: [ForwardConfirmationFact]) {
        self.ip = ip
        self.family = family
        self.ptr = ptr
        self.ptrNames = ptrNames
        self.fcrdns = fcrdns
        self.forward = forward
    }
}
