// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mailaudit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mailaudit", targets: ["mailaudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // DER for DKIM public keys (SubjectPublicKeyInfo, PKCS#1): the maintained parser
        // rather than a hand-written one.
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The run history: SQLite through GRDB (WAL, busy timeout, transactions) by default,
        // PostgreSQL through PostgresNIO for fleets; facts stored deflated (compress-nio, zlib)
        // and deduplicated by SHA-256 (swift-crypto, which PostgresNIO builds anyway).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // PostgresNIO's own dependencies, named for the history's TLS modes and its silent logger.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The C boundary: one system-library target per C library (docs/architecture.md, "Modules").
        .systemLibrary(name: "CLDNS", pkgConfig: "ldns", providers: [.apt(["libldns-dev"])]),
        // No pkgConfig: Debian's libunbound.pc requires libevent's, which libunbound-dev does not install.
        .systemLibrary(name: "CUnbound", path: "Sources/CUnbound", providers: [.apt(["libunbound-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // libcurl (OpenSSL flavour) fetches the MTA-STS policy, pinned to mailaudit's own addresses.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // The fact types: the contract between collection and judgement.
        .target(name: "MailFacts"),
        // IP addresses, socket addresses, non-blocking TCP connect, the monotonic clock and
        // the deadline race: the pieces DNS, the probes and the records share.
        .target(name: "NetworkSupport"),
        // Pure parsers and evaluators of mail records (SPF, ...): no I/O.
        .target(name: "MailRecords", dependencies: [
            "MailFacts", "NetworkSupport", .product(name: "SwiftASN1", package: "swift-asn1"),
        ]),
        // Rules, profiles and the expression language (a CEL subset); judges facts.
        .target(name: "RuleEngine", dependencies: ["MailFacts", .product(name: "Yams", package: "Yams")]),
        // What changed between two audits of a domain: findings (new, resolved, changed) and
        // the facts that matter (MX set, SPF, DMARC, DKIM keys, certificates, ...). Pure.
        .target(name: "Drift", dependencies: ["MailFacts", "RuleEngine"]),
        // Renderers: text, JSON, JSON Lines and HTML.
        .target(name: "Reports", dependencies: ["MailFacts", "RuleEngine", "Drift"]),
        // SMTP, STARTTLS/TLS and certificates through OpenSSL: the only module that imports COpenSSL.
        .target(name: "SMTPProbe", dependencies: ["MailFacts", "MailRecords", "NetworkSupport", "COpenSSL", "CCurl"]),
        // DNS over ldns, and DNSSEC validation through libunbound: the only module that imports CLDNS and CUnbound.
        .target(name: "DNSClient", dependencies: ["CLDNS", "CUnbound", "NetworkSupport", "MailFacts"]),
        // Audits one domain into a FactSet.
        // (Yams for the data file of DNS lists' return codes, data/dnsbl-lists.yaml.)
        .target(name: "Collector", dependencies: [
            "MailFacts", "MailRecords", "NetworkSupport", "DNSClient", "SMTPProbe", .product(name: "Yams", package: "Yams"),
        ]),
        // The audit pipeline: collect, judge under the profile, compare with the history or a
        // baseline and record, stream reports (one run for audit and the benchmark; check).
        .target(name: "AuditPipeline", dependencies: ["MailFacts", "Collector", "RuleEngine", "Reports", "Drift", "History"]),
        // The run history: runs, per domain its facts and findings, in SQLite or PostgreSQL
        // (one schema, one store over both).
        .target(name: "History", dependencies: [
            "MailFacts", "RuleEngine", "Reports",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(
            name: "mailaudit",
            dependencies: [
                "MailFacts", "MailRecords", "NetworkSupport", "DNSClient", "Collector", "AuditPipeline", "RuleEngine", "Reports", "SMTPProbe",
                "Drift", "History",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The configuration file (YAML, with each key's line for its errors).
                .product(name: "Yams", package: "Yams"),
                // SHA-256 for --shard: a share that is the same on every machine.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Benchmarks are programs that print figures, not timed tests.
        .executableTarget(
            name: "mailaudit-bench",
            dependencies: [
                "DNSClient", "Collector", "AuditPipeline", "MailFacts", "Reports", "RuleEngine", "SMTPProbe", "History",
                // The bulk benchmark's own NSD and its far or lossy resolver (LatencyRelay): the
                // lab's servers, not the test library.
                "LabServers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Coverage-guided fuzzing of every parser of outside input (libFuzzer): built by
        // scripts/fuzz.sh with -sanitize=fuzzer,address and -DFUZZING; a plain build makes a
        // program that says how to run it.
        .executableTarget(
            name: "mailaudit-fuzz",
            dependencies: ["MailRecords", "MailFacts", "NetworkSupport", "DNSClient", "RuleEngine"]
        ),

        // Starts the lab (Tests/lab) and runs programs for the tests; not shipped.
        // The lab's servers a program may start (NSD with scenario zones, the latency relay) and
        // the program runner: used by the tests (through LabSupport) and the benchmark.
        .target(name: "LabServers", path: "Tests/LabServers"),
        .target(name: "LabSupport", dependencies: ["LabServers"], path: "Tests/LabSupport"),
        .testTarget(name: "MailFactsTests", dependencies: ["MailFacts", "LabSupport"]),
        .testTarget(name: "NetworkSupportTests", dependencies: ["NetworkSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "RuleEngine", "MailFacts"]),
        .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine"]),
        .testTarget(name: "SMTPProbeTests", dependencies: ["SMTPProbe", "MailFacts", "MailRecords", "LabSupport"]),
        .testTarget(name: "MailRecordsTests", dependencies: ["MailRecords", "MailFacts", "NetworkSupport"]),
        .testTarget(name: "DNSClientTests", dependencies: ["DNSClient", "NetworkSupport", "LabSupport"]),
        .testTarget(name: "CollectorTests", dependencies: [
            "Collector", "AuditPipeline", "MailFacts", "MailRecords", "DNSClient", "RuleEngine", "Reports", "SMTPProbe", "LabSupport",
        ]),
        .testTarget(name: "CLITests", dependencies: ["mailaudit", "MailFacts", "DNSClient", "LabSupport"]),
        .testTarget(name: "DriftTests", dependencies: ["Drift", "MailFacts", "RuleEngine", "LabSupport"]),
        // Every kept fuzz input (corpus and regressions) through its target, in every test run.
        .testTarget(name: "FuzzTests", dependencies: ["mailaudit-fuzz"]),
        .testTarget(name: "HistoryTests", dependencies: ["History", "AuditPipeline", "Drift", "MailFacts", "RuleEngine", "Reports", "Collector", "DNSClient", "SMTPProbe", "LabSupport"]),
    ]
)
