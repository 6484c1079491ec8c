/// SASL credentials for an authenticated submission test. The password is only ever sent
/// inside TLS or to a server the user named, and never written to any transcript.
public struct SMTPCredentials: Sendable {
    public var user: String
    public var password: String
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}
