import ArgumentParser

@main
struct Reroute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reroute",
        abstract: "Reroute: forwarded calls for unreachable mobile numbers, rung on the subscriber's apps.",
        subcommands: []
    )
}
