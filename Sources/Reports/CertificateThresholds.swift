import RuleEngine

/// The certificate-expiry thresholds the outputs show (Nagios' `cert_days_min` perfdata, the
/// HTML timeline's colours), taken from the rule that judges them (`smtp.cert-expiring`'s
/// parameters), never a number of their own.
public struct CertificateThresholds: Sendable, Equatable {
    public static let ruleID = "smtp.cert-expiring"
    /// Fewer days than this is a warning (the rule fails under it).
    public var warnDays: Int
    /// Fewer days than this is critical in monitoring.
    public var criticalDays: Int

    public init(warnDays: Int, criticalDays: Int) {
        self.warnDays = warnDays
        self.criticalDays = criticalDays
    }

    /// From the rules the run judged with; nil when the rule or its parameters are missing
    /// (a rules folder without it): the outputs then show no threshold.
    public init?(rules: [Rule]) {
        guard let rule = rules.first(where: { $0.id == Self.ruleID }),
              case .int(let warn)? = rule.parameters["warnDays"], case .int(let critical)? = rule.parameters["criticalDays"] else { return nil }
        self.init(warnDays: Int(warn), criticalDays: Int(critical))
    }

    /// The built-in rules' thresholds (for outputs made without a judge at hand).
    public static let builtin: CertificateThresholds? = (try? RuleSet.load(extraDirectory: nil)).flatMap { CertificateThresholds(rules: $0) }
}
