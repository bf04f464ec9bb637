import Foundation
import ServeLoad

// `make soak`: N connections (200) of mixed puts and gets against a fresh `aerosh serve`
// for SOAK_SECONDS (60), printing throughput, latency percentiles, errors, and serve's
// memory and descriptors before, during and after. Exits 1 on any error, on a descriptor
// left open after the clients closed, or when serve does not stop cleanly.
//
// Usage: serve-load --aerosh PATH (--memory | --data PATH) [--seconds N] [--connections N]

struct Options {
    var binary: String
    var serveArguments: [String]
    var plan: LoadPlan

    static func parse(_ arguments: [String], environment: [String: String]) -> Options {
        var arguments = ArraySlice(arguments)
        var binary: String?
        var serveArguments: [String] = []
        var plan = LoadPlan()
        if let seconds = environment["SOAK_SECONDS"].flatMap(Int.init), seconds > 0 { plan.duration = .seconds(seconds) }
        func value(after option: String) -> String {
            guard let value = arguments.popFirst() else { usage("\(option) needs a value") }
            return value
        }
        while let argument = arguments.popFirst() {
            switch argument {
            case "--aerosh": binary = value(after: argument)
            case "--memory": serveArguments = ["--memory"]
            case "--data": serveArguments = ["--data", value(after: argument)]
            case "--seconds":
                guard let seconds = Int(value(after: argument)), seconds > 0 else { usage("--seconds takes a whole number above 0") }
                plan.duration = .seconds(seconds)
            case "--connections":
                guard let connections = Int(value(after: argument)), connections > 0 else { usage("--connections takes a whole number above 0") }
                plan.connections = connections
            default: usage("unknown argument \(argument)")
            }
        }
        guard let binary else { usage("say which aerosh to serve with: --aerosh PATH") }
        guard !serveArguments.isEmpty else { usage("say where serve keeps records: --memory or --data PATH") }
        return Options(binary: binary, serveArguments: serveArguments, plan: plan)
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("serve-load: \(problem)\nusage: serve-load --aerosh PATH (--memory | --data PATH) [--seconds N] [--connections N]\n".utf8))
        exit(2)
    }
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
let serve = try MeasuredServe(binary: options.binary, arguments: options.serveArguments)
print("aerosh serve \(options.serveArguments.joined(separator: " ")) (pid \(serve.pid), port \(serve.port))")
let report = try await LoadRun.run(options.plan, port: serve.port, servePID: serve.pid)
print(report.text)
let status = serve.stop()
print("serve exit   \(status)")
let leaked = report.leakedDescriptors ?? 0
if report.tally.errors > 0 || leaked > 0 || status != 0 {
    print("FAILED: \(report.tally.errors) errors, \(leaked) descriptors left open, serve exit status \(status)")
    exit(1)
}
