import CCurl
import Foundation
import NetworkSupport
import MailFacts
import MailRecords

/// Fetches `https://<host>/.well-known/mta-sts.txt` (RFC 8461 §3.3) with libcurl, pinned to
/// the addresses mailaudit's own resolver returned (CURLOPT_RESOLVE), so the system resolver
/// is never asked. No redirects, at most 64 KiB, a timeout, HTTPS only.
public struct CurlPolicyFetcher: PolicyFetcher {
    /// RFC 8461 §3.3: senders may limit the policy body to 64 KiB.
    public static let maximumBytes = 64 * 1024

    public init() {}

    private static let initialised: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

    /// Runs on a thread of its own (libcurl blocks).
    public func fetch(host: String, addresses: [String], caFile: String?, timeout: Double) async -> PolicyFetchResponse {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.fetchBlocking(host: host, addresses: addresses, caFile: caFile, timeout: timeout)) }.start()
        }
    }

    public static func fetchBlocking(host: String, addresses: [String], caFile: String?, timeout: Double) -> PolicyFetchResponse {
        let began = MonotonicClock.seconds()
        var verified = once(host: host, addresses: addresses, caFile: caFile, timeout: timeout, verify: true)
        if verified.fact.outcome == .tlsFailed, verified.certificateProblem {
            // The certificate failed: fetch again without verification, so that the report can
            // show what the policy would say (marked as not valid: senders must not use it).
            let remaining = max(1, timeout - (MonotonicClock.seconds() - began))
            var unverified = once(host: host, addresses: addresses, caFile: caFile, timeout: remaining, verify: false)
            unverified.fact.certificateValid = false
            unverified.fact.certificateError = verified.fact.error
            if unverified.fact.outcome == .ok {
                unverified.fact.outcome = .tlsFailed
                unverified.fact.error = verified.fact.error
            }
            verified = unverified
        }
        verified.fact.milliseconds = (MonotonicClock.seconds() - began) * 1000
        return PolicyFetchResponse(fact: verified.fact, body: verified.body)
    }

    /// Collects the body and stops at the limit.
    private final class Sink {
        var bytes: [UInt8] = []
        var tooLarge = false
    }

    private struct Attempt {
        var fact: PolicyFetchFact
        var body: String?
        var certificateProblem = false
    }

    private static func once(host: String, addresses: [String], caFile: String?, timeout: Double, verify: Bool) -> Attempt {
        guard initialised, let curl = curl_easy_init() else {
            return Attempt(fact: PolicyFetchFact(outcome: .networkError, error: "libcurl could not start"))
        }
        defer { curl_easy_cleanup(curl) }
        let url = "https://\(host)/.well-known/mta-sts.txt"
        let pinned = "\(host):443:" + addresses.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")
        let resolve = curl_slist_append(nil, pinned)
        defer { curl_slist_free_all(resolve) }
        let sink = Sink()
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        mailaudit_curl_set_string(curl, CURLOPT_URL, url)
        mailaudit_curl_set_list(curl, CURLOPT_RESOLVE, resolve)
        mailaudit_curl_set_string(curl, CURLOPT_PROTOCOLS_STR, "https")
        mailaudit_curl_set_long(curl, CURLOPT_FOLLOWLOCATION, 0)
        mailaudit_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        mailaudit_curl_set_long(curl, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        mailaudit_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 10) * 1000))
        mailaudit_curl_set_long(curl, CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0)
        mailaudit_curl_set_long(curl, CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0)
        mailaudit_curl_set_string(curl, CURLOPT_USERAGENT, "mailaudit/\(MailAuditVersion.current)")
        if let caFile { mailaudit_curl_set_string(curl, CURLOPT_CAINFO, caFile) }
        mailaudit_curl_set_pointer(curl, CURLOPT_WRITEDATA, context.toOpaque())
        mailaudit_curl_set_write_function(curl) { data, size, count, pointer in
            guard let pointer, let data else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(pointer).takeUnretainedValue()
            let length = size * count
            guard sink.bytes.count + length <= CurlPolicyFetcher.maximumBytes else {
                sink.tooLarge = true
                return 0  // libcurl stops with CURLE_WRITE_ERROR
            }
            data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
            return length
        }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code = errorBuffer.withUnsafeMutableBufferPointer { buffer -> CURLcode in
            mailaudit_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            let code = curl_easy_perform(curl)
            mailaudit_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, nil)  // the buffer ends with this closure
            return code
        }
        let status = mailaudit_curl_long_info(curl, CURLINFO_RESPONSE_CODE)
        let contentType = mailaudit_curl_string_info(curl, CURLINFO_CONTENT_TYPE).map { String(cString: $0) }
        let location = mailaudit_curl_string_info(curl, CURLINFO_REDIRECT_URL).map { String(cString: $0) }
        var message = cText(errorBuffer)
        if message.isEmpty { message = String(cString: curl_easy_strerror(code)) }
        var fact = PolicyFetchFact(outcome: .ok, httpStatus: status > 0 ? status : nil, contentType: contentType,
                                   contentTypeOK: contentType.map { MTASTSPolicy.isTextPlain($0) },
                                   bytes: sink.bytes.count, redirectLocation: location,
                                   certificateValid: verify && status > 0 ? true : nil)
        var attempt = Attempt(fact: fact)
        switch code {
        case CURLE_OK:
            if (300..<400).contains(status) {
                fact.outcome = .redirect
            } else if status != 200 {
                fact.outcome = .httpError
            } else {
                attempt.body = OutsideText.decode(sink.bytes)
            }
        case CURLE_WRITE_ERROR where sink.tooLarge:
            fact.outcome = .tooLarge
            fact.error = "the policy is larger than \(maximumBytes) bytes (RFC 8461 §3.3)"
        case CURLE_OPERATION_TIMEDOUT:
            fact.outcome = .timeout
            fact.error = message
        case CURLE_COULDNT_CONNECT:
            fact.outcome = mailaudit_curl_long_info(curl, CURLINFO_OS_ERRNO) == Int(ECONNREFUSED) ? .refused : .networkError
            fact.error = message
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            fact.outcome = .tlsFailed
            fact.certificateValid = false
            fact.error = message
            attempt.certificateProblem = true
        case CURLE_SSL_CONNECT_ERROR:
            fact.outcome = .tlsFailed
            fact.error = message
        default:
            fact.outcome = .networkError
            fact.error = message
        }
        attempt.fact = fact
        return attempt
    }
}
