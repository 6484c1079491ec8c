import Foundation

#if FUZZING
/// libFuzzer's entry point; the target comes from MAILAUDIT_FUZZ_TARGET (scripts/fuzz.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntry.target(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver (compiler-rt, FuzzerInterface.h), for a program with its own main.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's main as `<module>_main` (so tests can link the module):
/// here it hands over to libFuzzer's driver.
@_cdecl("mailaudit_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    // Values made once (the sample facts, the built-in rules) are made before fuzzing: made
    // during an input, libFuzzer's leak check takes them for that input's leaks, as
    // LeakSanitizer cannot follow pointers that Swift stores with enum tags in spare bits.
    FuzzTargets.warmUp()
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}

enum FuzzEntry {
    static let target: @Sendable ([UInt8]) -> Void = {
        let name = ProcessInfo.processInfo.environment["MAILAUDIT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTargets.all[name] else {
            FileHandle.standardError.write(Data("mailaudit-fuzz: set MAILAUDIT_FUZZ_TARGET to one of \(FuzzTargets.all.keys.sorted().joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()
}
#else
/// Without libFuzzer: each file named on the command line goes through the target once
/// (a crash reproduces here, in a debugger), or the program says how to fuzz.
@main
enum FuzzEntry {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTargets.all[name] else {
            print("usage: mailaudit-fuzz TARGET FILE...  (runs each file through TARGET once)")
            print("targets: \(FuzzTargets.all.keys.sorted().joined(separator: ", "))")
            print("to fuzz: scripts/fuzz.sh [TARGET] [SECONDS]")
            exit(arguments.isEmpty ? 0 : 2)
        }
        for file in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("mailaudit-fuzz: cannot read \(file)\n".utf8))
                exit(2)
            }
            target(Array(data))
            print("\(file): ok")
        }
    }
}
#endif
