import FuzzReplay

// libFuzzer's entry, called for every input it makes. The fuzzer build (`make fuzz`:
// -DFUZZING, --sanitize=fuzzer) has no main of its own: libFuzzer brings it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzStatements(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

// The normal build (`make test`) replays the corpus files and directories given as
// arguments. An @main type rather than main.swift: a main.swift's top-level code is
// refused under -parse-as-library even inside an inactive #if.
#if !FUZZING
@main
enum Replay {
    static func main() {
        FuzzReplay.main("fuzz-statements", fuzzStatements)
    }
}
#endif
