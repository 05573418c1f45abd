import ArgumentParser

/// `spid-bench`: the Swift side of `scripts/bench`. Each subcommand measures one client in its
/// own process and prints one JSON line; `scripts/bench-lib/bench.py` runs them and the peers.
@main
struct SpidBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spid-bench",
        abstract: "Measure spid's clients, transports and decoders against their floors.",
        subcommands: [StartCommand.self, WatchCommand.self, DecodeCommand.self, ScoreCommand.self])
}
