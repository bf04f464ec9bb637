import AeroshCLI

await AeroshCommand.entry()
