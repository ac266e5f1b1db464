import ArgumentParser

@main
struct Reroute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reroute",
        abstract: "Reroute: calls to unreachable mobile numbers, rung on the subscriber's apps over data.",
        subcommands: [
            DecodeCommand.self, ReplayCommand.self, GatewayCommand.self, DemoCommand.self,
            DatabaseCommand.self, CarriersCommand.self,
            ICRSCommand.self,
        ]
    )
}
