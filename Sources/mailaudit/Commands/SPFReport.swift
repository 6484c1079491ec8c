import MailRecords
import NetworkSupport

/// `mailaudit spf --json`.
struct SPFReport: Encodable {
    let domain: String
    let ip: String
    let sender: String
    let result: String
    let reason: String
    let explanation: String?
    let dnsLookups: Int
    let voidLookups: Int
    let trace: [SPFTraceStep]

    init(_ result: SPFResult, ip: IPAddress, sender: String, domain: String) {
        self.domain = domain
        self.ip = ip.description
        self.sender = sender
        self.result = result.code.rawValue
        self.reason = result.reason
        self.explanation = result.explanation
        self.dnsLookups = result.dnsLookups
        self.voidLookups = result.voidLookups
        self.trace = result.trace
    }
}
