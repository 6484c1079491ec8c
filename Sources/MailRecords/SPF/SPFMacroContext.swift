import NetworkSupport

/// What a macro expands from (RFC 7208 §7.2).
struct SPFMacroContext {
    var sender: String
    var localPart: String
    var senderDomain: String
    var domain: String
    var ip: IPAddress
    var helo: String
    var receiver: String
    var timestamp: Int
    /// The `p` macro's value, computed on demand (it needs DNS).
    var validatedName: String?
}
