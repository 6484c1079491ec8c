import Foundation
import MailRecords
import NetworkSupport
import Testing

/// RFC 6811 §2 route origin validation over offline files, as the validators and CAIDA
/// write them (pure code: files in a temporary folder).
@Suite("Route origin validation (RFC 6811) from offline files")
struct RouteOriginDataTests {
    static func files(vrps: String, routes: String) throws -> (String, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rov-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let vrpFile = folder.appendingPathComponent("vrps.json"), routeFile = folder.appendingPathComponent("pfx2as.txt")
        try vrps.write(to: vrpFile, atomically: true, encoding: .utf8)
        try routes.write(to: routeFile, atomically: true, encoding: .utf8)
        return (vrpFile.path, routeFile.path)
    }

    static let routes = """
        # prefix length origin
        192.0.2.0\t24\t64500
        192.0.2.0\t26\t64500
        192.0.2.64\t28\t64666
        198.51.100.0\t24\t64501_64502
        192.0.2.128\t26\t64500_64666
        192.0.2.192\t26\t64500,64501
        2001:db8::\t32\t64500
        2001:db8:1::\t48\t64500

        """

    @Test("valid, invalid by origin, invalid by length, not found, unrouted; Routinator's JSON with metadata.generated")
    func states() throws {
        let vrps = """
            {"metadata": {"generated": 1765000000, "generatedTime": "2025-12-06T05:46:40Z"},
             "roas": [{"asn": "AS64500", "prefix": "192.0.2.0/24", "maxLength": 26, "ta": "t"},
                      {"asn": "AS64500", "prefix": "2001:db8::/32", "maxLength": 32, "ta": "t"}]}
            """
        let (vrpFile, routeFile) = try Self.files(vrps: vrps, routes: Self.routes)
        let data = try RouteOriginData(vrps: vrpFile, routes: routeFile)
        #expect(data.vrpSource?.generated == Date(timeIntervalSince1970: 1_765_000_000) && data.vrpSource?.entries == 2)
        func state(_ text: String) -> (String, String?, [UInt32]) {
            let result = data.validate(IPAddress(text)!)
            return (result.state, result.route?.description, result.origins)
        }
        // The /26 from AS64500, within maxLength 26: valid.
        #expect(state("192.0.2.10") == ("valid", "192.0.2.0/26", [64500]))
        // The /28 from AS64666: the VRP names AS64500 (and allows /26 at most).
        #expect(state("192.0.2.70") == ("invalid", "192.0.2.64/28", [64666]))
        // The /24 from AS64500 at an address outside the /26s and the /28: valid.
        #expect(state("192.0.2.100") == ("valid", "192.0.2.0/24", [64500]))
        // No VRP covers 198.51.100.0/24 (a multi-origin route): not found.
        #expect(state("198.51.100.1") == ("not-found", "198.51.100.0/24", [64501, 64502]))
        #expect(state("203.0.113.1").0 == "unrouted")
        // Two origins, one of them not in the VRP: the hijacker's pair is invalid, so the address is.
        #expect(state("192.0.2.130") == ("invalid", "192.0.2.128/26", [64500, 64666]))
        // An AS_SET: origin NONE, which no VRP matches.
        #expect(state("192.0.2.200").0 == "invalid")
        // IPv6: the /48 is longer than the VRP's maxLength 32: invalid; the /32 itself valid.
        #expect(state("2001:db8:1::1").0 == "invalid")
        #expect(state("2001:db8:2::1").0 == "valid")
    }

    @Test("rpki-client's JSON (numeric asn, metadata.buildtime); bad files are one-line errors with the place")
    func formats() throws {
        let vrps = """
            {"metadata": {"buildmachine": "x", "buildtime": "2026-12-06T04:00:00Z"},
             "roas": [{"asn": 64500, "prefix": "192.0.2.0/24", "maxLength": 24, "ta": "t", "expires": 1}]}
            """
        let (vrpFile, routeFile) = try Self.files(vrps: vrps, routes: Self.routes)
        let data = try RouteOriginData(vrps: vrpFile, routes: routeFile)
        #expect(data.vrpSource?.generatedFrom == "metadata.buildtime")
        #expect(data.validate(IPAddress("192.0.2.100")!).state == "valid")
        #expect(data.validate(IPAddress("192.0.2.10")!).state == "invalid", "a /26 route, the VRP's maxLength is 24")

        let (badVRPs, badRoutes) = try Self.files(vrps: "{\"roas\": [{\"prefix\": \"192.0.2.0/33\", \"asn\": 1}]}", routes: "192.0.2.0\t24\n")
        #expect(throws: RPKIDataError.self) { try RouteOriginData(vrps: badVRPs, routes: routeFile) }
        do { _ = try RouteOriginData(vrps: nil, routes: badRoutes) } catch {
            #expect(error.description.hasSuffix("pfx2as.txt:1: not 'prefix<TAB>length<TAB>AS' (CAIDA pfx2as)"), "\(error)")
        }
        // Routes alone: origins, no verdict.
        let origins = try RouteOriginData(vrps: nil, routes: routeFile)
        #expect(origins.validate(IPAddress("192.0.2.70")!).state == "not-checked" && origins.validate(IPAddress("192.0.2.70")!).origins == [64666])
    }
}
