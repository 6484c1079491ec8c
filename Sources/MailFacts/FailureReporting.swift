/// A fact value that can say "this could not be determined". The rule engine's one
/// convention for "cannot judge": a fact a rule `requires` fails when its `outcome` is a
/// failure value of a `FailureReporting` outcome type, or its `status` is a failure value of
/// a status type (see `JudgedFailures`). Every conforming type decides `isFailure` in an
/// exhaustive switch, so a new case is a compile error until someone says what it means.
public protocol FailureReporting {
    /// Nothing can be concluded from this value: judge `error`, never pass or fail.
    var isFailure: Bool { get }
}
