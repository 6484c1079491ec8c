public enum MailAuditVersion {
    public static let current = "0.1.0"
}
