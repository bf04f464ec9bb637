import AeroshLanguage
#if canImport(Glibc)
import Glibc
#endif

// How many simple statements the parser takes per second on one core: the statements of a
// piped script, parsed one at a time as `ScriptRunner.runStream` parses them (each its own
// SourceText). A plain loop: the figure goes into `make bench`'s table, never into a test.
// Usage: parser-bench [seconds]   (prints `statements/s N`)
//        parser-bench --rounds N    (a fixed amount of work, for instruction counts under callgrind)

let statements = [
    "PUT test.demo 'user1' {name: 'Alice', age: 30, tags: ['a', 'b']}",
    "GET test.demo 'user1'",
    "INSERT INTO test.demo (PK, name, n) VALUES ('u7', 'Bob', 7)",
    "SELECT name FROM test.demo WHERE PK = 'u7'",
    "INCREMENT test.demo 12345 views 1",
    "DELETE FROM test.demo WHERE PK = 'u7'",
    "OPERATE test.demo 'c' INCR n 1, READ n",
    "EXISTS test.demo x'0102'",
]
// Each statement with keys of its own, so no two texts are the same.
let sources = (0..<4096).map { index in
    SourceText(statements[index % statements.count].split(separator: "user1", omittingEmptySubsequences: false).joined(separator: "user\(index)") + "\n")
}

let arguments = Array(CommandLine.arguments.dropFirst())
let fixedRounds = arguments.first == "--rounds" ? arguments.dropFirst().first.flatMap(Int.init) : nil
let seconds = arguments.first.flatMap(Double.init) ?? 2
// Warm up, and check every statement parses (a benchmark of errors would mean nothing).
for source in sources where !Parser.parse(source).errors.isEmpty {
    print("does not parse: \(source.text)")
    exit(1)
}
var parsed = 0
var checksum = 0
let clock = ContinuousClock()
let start = clock.now
let deadline = start + .milliseconds(Int(seconds * 1000))
while fixedRounds.map({ parsed < $0 * sources.count }) ?? (clock.now < deadline) {
    for source in sources {
        checksum &+= Parser.parse(source).statements.count
    }
    parsed += sources.count
}
let elapsed = clock.now - start
let perSecond = Double(parsed) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
print("statements/s \(Int(perSecond))")
print("parsed \(parsed) statements (\(checksum) statements counted) in \(elapsed)")
