import ArgumentParser

/// `aerosh`: a command-line shell for Aerospike. Without a subcommand it runs statements
/// (`shell`); `serve` puts the embedded store on the wire.
public struct AeroshCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aerosh",
        abstract: "A command-line shell for Aerospike.",
        discussion: "Run 'aerosh --help shell' for the statement options, 'aerosh serve --help' for the server.",
        version: AeroshVersion.description,
        subcommands: [ShellCommand.self, ServeCommand.self],
        defaultSubcommand: ShellCommand.self,
        helpNames: [.long]
    )

    public init() {}
}
