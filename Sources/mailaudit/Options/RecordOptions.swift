import ArgumentParser
import Collector
import DNSClient
import MailRecords

/// How records are read.
struct RecordOptions: ParsableArguments {
    @Option(name: .customLong("psl-file"), help: ArgumentHelp(
        "The Public Suffix List for RFC 7489 organizational domains (default: Debian's, \(PublicSuffixList.defaultPath)).",
        valueName: "file"))
    var pslFile: String?

    @Flag(name: .customLong("no-common-selectors"), help: "Do not try the built-in list of common DKIM selectors.")
    var noCommonSelectors = false

    @Flag(name: .customLong("no-nxdomain-cut"), help: ArgumentHelp(
        "Try the common DKIM selectors even when _domainkey.DOMAIN is NXDOMAIN (RFC 8020 says nothing exists below it; "
            + "some DNS servers wrongly answer NXDOMAIN for a name that has names below it)."))
    var noNXDOMAINCut = false

    @Flag(name: .customLong("ns-checks"), help: ArgumentHelp(
        "Also ask the name servers of the domain and of its MX hosts directly (authority over UDP and TCP, serials, SOA "
            + "timers, delegation and glue, recursion, AXFR, EDNS; each zone once per run)."))
    var nsChecks = false

    @Flag(name: .customLong("no-ns-checks"), help: ArgumentHelp("Ask only the resolver (the default; overrides --ns-checks)."))
    var noNSChecks = false

    @Option(name: .customLong("rpki-vrps"), help: ArgumentHelp(
        "Validated ROA payloads as JSON (Routinator's vrps -f json, rpki-client -j): each MX and name-server address is "
            + "validated (RFC 6811). Needs --route-origins.", valueName: "file"))
    var rpkiVRPs: String?

    @Option(name: .customLong("route-origins"), help: ArgumentHelp(
        "A prefix-to-origin table (CAIDA pfx2as: prefix, length, AS per line): the routes that --rpki-vrps validates, and the "
            + "origin ASes of the name servers (are they in more than one AS?).", valueName: "file"))
    var routeOrigins: String?

    /// The offline routing data, read once for the run; nil when no file was given.
    func routeOriginData() throws -> RouteOriginData? {
        if rpkiVRPs != nil && routeOrigins == nil {
            throw UserError("--rpki-vrps needs --route-origins: a VRP says which AS may announce a prefix, the route table which AS does")
        }
        guard let routeOrigins else { return nil }
        do { return try RouteOriginData(vrps: rpkiVRPs, routes: routeOrigins) } catch { throw UserError(error.description) }
    }

    /// The run's name-server checker (a zone checked once per run), with --ns-checks (or
    /// --ns: a domain before go-live). Each query waits `timeout` seconds (the resolver's
    /// --timeout); a UDP query is tried twice. Opt-in: its queries go to third parties'
    /// servers directly, not paced by --qps yet.
    func nameServerChecker(timeout: Double, goLive: Bool = false) -> NameServerChecker? {
        (nsChecks || goLive) && !noNSChecks ? NameServerChecker(queries: DirectServerQueries(timeout: timeout)) : nil
    }

    /// The list, or nil when the default one is not installed (RFC 7489 organizational
    /// domains are then left out; the RFC 9989 tree walk needs no list).
    func publicSuffixList() throws -> PublicSuffixList? {
        if let pslFile {
            do { return try PublicSuffixList(contentsOf: pslFile) } catch {
                throw UserError("--psl-file \(pslFile): cannot read it (\(error.localizedDescription))")
            }
        }
        return try? PublicSuffixList()
    }
}
