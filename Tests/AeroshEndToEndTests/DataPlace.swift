import Foundation
import Testing

/// Where data lives for a test that must give the same answers everywhere: the embedded
/// store, one `aerosh serve` node, and `serve --nodes 3` (a fresh process then tends a
/// cluster and routes each key to its partition's node).
enum DataPlace: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case embedded, served, cluster
    var testDescription: String { rawValue }
}

/// A fresh store reached the target's way; keeps serve running while in use.
final class Place: @unchecked Sendable {
    let arguments: [String]
    private let store: StoreFile?
    private let cluster: ServedCluster?

    init(_ target: DataPlace) throws {
        switch target {
        case .embedded, .served:
            let store = try StoreFile(target == .embedded ? .embedded : .served)
            self.store = store
            cluster = nil
            arguments = store.targetArguments
        case .cluster:
            let cluster = try ServedCluster(nodes: 3)
            self.cluster = cluster
            store = nil
            arguments = cluster.seed
        }
    }

    func run(_ statements: String, format: String = "jsonl", quiet: Bool = true) async throws -> AeroshRun {
        try await Aerosh.run(arguments + (quiet ? ["-q"] : []) + ["-o", format, "-c", statements])
    }

    /// Statements a test builds on, which must succeed.
    func setUp(_ statements: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let run = try await run(statements)
        try #require(run.status == 0, "setup failed with status \(run.status): \(statements)\n\(run.stderr)", sourceLocation: sourceLocation)
    }

    /// The JSON objects of a JSONL output.
    func rows(_ statements: String) async throws -> [[String: Any]] {
        let run = try await run(statements)
        #expect(run.status == 0, "\(statements): \(run.stderr)")
        return run.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}
