import AeroshCLI

// What needs no store, no server and no task (`--version`, `--help`) is answered before any
// statement of the async entry runs: start-up is part of every one-shot command.
if AeroshCommand.answerAtOnce(Array(CommandLine.arguments.dropFirst())) {
    AeroshCommand.exitNow()
}
await AeroshCommand.entry()
