import AerospikeCore
import AerospikeEmbedded
import ArgumentParser

/// Opens the embedded store for a command, reporting failure the same way everywhere.
enum StoreOpening {
    static func open(path: String, namespaces: [NamespaceOption], access: EmbeddedStore.Access) async throws -> EmbeddedStore {
        do {
            return try EmbeddedStore(path: path, namespaces: NamespaceOption.merged(namespaces), access: access)
        } catch {
            var errors = FileDescriptorSink.standardError()
            errors.write("error: \(error.message ?? error.description)\(error.underlying.map { ": \($0)" } ?? "")\n")
            errors.flush()
            throw ExitCode(ExitStatus.cannotConnect.rawValue)
        }
    }
}
