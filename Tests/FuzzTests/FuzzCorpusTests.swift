import Foundation
@testable import mailaudit_fuzz
import Testing

/// The inputs the fuzzers keep (Tests/fuzz/corpus: seeds and what coverage-guided fuzzing
/// found, minimised) and every input that once crashed a target (Tests/fuzz/regressions),
/// each run through its target: the targets build, and a fixed crash stays fixed.
@Suite("Fuzz corpora and regressions")
struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz")

    static func inputs(_ folder: String) -> [(target: String, file: URL)] {
        let base = root.appendingPathComponent(folder)
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        return targets.sorted().flatMap { target -> [(String, URL)] in
            let files = (try? FileManager.default.contentsOfDirectory(atPath: base.appendingPathComponent(target).path)) ?? []
            return files.sorted().map { (target, base.appendingPathComponent(target).appendingPathComponent($0)) }
        }
    }

    @Test("every target has a corpus, every corpus and regression folder names a target, and every input runs clean")
    func corpora() async throws {
        let corpus = Self.inputs("corpus"), regressions = Self.inputs("regressions")
        #expect(Set(corpus.map(\.target)) == Set(FuzzTargets.all.keys), "a corpus folder per target")
        for (target, _) in corpus + regressions { #expect(FuzzTargets.all[target] != nil, "\(target) is a target") }
        // On a thread of its own: the SPF target waits for async code, which must not hold
        // one of the few threads of the cooperative pool.
        let count: Int = await withCheckedContinuation { continuation in
            Thread {
                var count = 0
                for (target, file) in corpus + regressions {
                    guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                    FuzzTargets.all[target]!(Array(data))  // an invariant broken traps here
                    count += 1
                }
                continuation.resume(returning: count)
            }.start()
        }
        #expect(count == corpus.count + regressions.count)
        print("fuzz: \(count) kept inputs (\(regressions.count) regressions) through \(FuzzTargets.all.count) targets, no findings")
    }
}
