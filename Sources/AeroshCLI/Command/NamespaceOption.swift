import AerospikeEmbedded
import ArgumentParser

/// `--namespace NAME[:default-ttl=SECONDS]`: a namespace of the embedded store, like a
/// `namespace` stanza of aerospike.conf. `test` and `bar` always exist.
struct NamespaceOption: ExpressibleByArgument {
    let config: NamespaceConfig

    init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, !name.isEmpty, name.utf8.count <= 31,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        else { return nil }
        var ttl = NamespaceConfig.standardDefaultTTL
        if parts.count == 2 {
            let setting = parts[1].split(separator: "=", maxSplits: 1).map(String.init)
            guard setting.count == 2, setting[0] == "default-ttl", let seconds = UInt32(setting[1]) else { return nil }
            ttl = seconds
        }
        config = NamespaceConfig(name: name, defaultTTL: ttl)
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
