import Testing

/// Every suite that runs the `mailaudit` binary nests here, one test at a time: each run is
/// a whole process doing real DNS and SMTP against the lab, and run side by side with the
/// other targets' tests they loaded two cores to a load of six, where timing-sensitive lab
/// tests (a 4 s window to see 8 queries in flight) failed.
@Suite("mailaudit, run as a program", .serialized)
struct ProgramTests {}
