import COpenSSL
import Foundation

/// The protocol versions a handshake may be limited to (`--tls-versions`).
public enum TLSProtocolVersion: String, Sendable, CaseIterable, Codable {
    case tls1 = "TLSv1"
    case tls1_1 = "TLSv1.1"
    case tls1_2 = "TLSv1.2"
    case tls1_3 = "TLSv1.3"

    var openSSLValue: Int32 {
        switch self {
        case .tls1: TLS1_VERSION
        case .tls1_1: TLS1_1_VERSION
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }
}
