/// mailaudit's version: the one place it is written (CHANGELOG.md's newest release says the
/// same; scripts/package.sh reads it from here). The commit is recorded by
/// scripts/package.sh in the copy of the source it builds; a build from a working tree
/// has none.
public enum MailAuditVersion {
    public static let current = "0.2.0"
    public static let commit: String? = nil

    /// What `mailaudit --version` prints: "0.2.0 (commit 0123456789ab)".
    public static var description: String {
        "\(current) (\(commit.map { "commit " + $0 } ?? "built from a working tree, commit not recorded"))"
    }
}
