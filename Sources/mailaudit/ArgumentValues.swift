import ArgumentParser
import Reports
import SMTPProbe

// The library enums that options take, parsed by ArgumentParser (which also lists the
// values in --help and rejects any other with a one-line message).

extension FailureThreshold: ExpressibleByArgument {}
extension FactsDetail: ExpressibleByArgument {}
extension SMTPTLSMode: ExpressibleByArgument {}
extension TLSProtocolVersion: ExpressibleByArgument {}
