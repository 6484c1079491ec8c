/// The lowest outcome that makes the exit code non-zero (`--fail-on`).
public enum FailureThreshold: String, Sendable, CaseIterable {
    /// Warnings exit 1, failures 2.
    case warn
    /// Warnings exit 0; failures 2.
    case fail
}
