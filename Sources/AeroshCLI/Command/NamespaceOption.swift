import AerospikeEmbedded
import AerospikeSemantics
import ArgumentParser

/// `--namespace NAME[:default-ttl=SECONDS][:max-record-size=BYTES]`: a namespace of the
/// embedded store, like a `namespace` stanza of aerospike.conf. `test` and `bar` always exist.
struct NamespaceOption: ExpressibleByArgument {
    let config: NamespaceConfig

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty, name.utf8.count <= 31,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        else { return nil }
        var config = NamespaceConfig(name: name)
        for part in parts.dropFirst() {
            let setting = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard setting.count == 2 else { return nil }
            switch setting[0] {
            case "default-ttl":
                guard let seconds = UInt32(setting[1]) else { return nil }
                config.defaultTTL = seconds
            case "max-record-size":
                // A server takes 64 bytes to 8 MiB.
                guard let bytes = Int(setting[1]), (64...8 * 1_048_576).contains(bytes) else { return nil }
                config.maxRecordSize = bytes
            default:
                return nil
            }
        }
        self.config = config
    }

    static func merged(_ options: [NamespaceOption]) -> [NamespaceConfig] {
        var configs = NamespaceConfig.defaults
        for option in options {
            configs.removeAll { $0.name == option.config.name }
            configs.append(option.config)
        }
        return configs
    }
}
