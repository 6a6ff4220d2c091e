/// The `scimsim` entry point: dispatches to a subcommand and returns the process exit status.
enum CommandLineTool {
    /// The subcommands, in the order the help lists them.
    static let commands = ["run", "sweep", "replay", "help"]

    /// Runs `scimsim` with `arguments` (without the program name).
    static func main(arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            Console.error(HelpText.tool)
            return ExitStatus.usage
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "run": return RunCommand.main(arguments: rest)
        case "sweep": return SweepCommand.main(arguments: rest)
        case "replay": return runReplay(arguments: rest)
        case "help", "--help", "-h":
            return help(topic: rest.first)
        default:
            let near = commands.min {
                ArgumentReader.editDistance(command, $0) < ArgumentReader.editDistance(command, $1)
            }
            let hint = near.map { ArgumentReader.editDistance(command, $0) <= 2 ? " (did you mean \($0)?)" : "" } ?? ""
            Console.error("scimsim: unknown command '\(command)'\(hint)\nRun 'scimsim --help' for usage.\n")
            return ExitStatus.usage
        }
    }

    /// `scimsim help [command]`.
    static func help(topic: String?) -> Int32 {
        switch topic {
        case nil: Console.out(HelpText.tool)
        case "run": Console.out(HelpText.run)
        case "sweep": Console.out(HelpText.sweep)
        case "replay": return runReplay(arguments: ["--help"])
        default:
            Console.error("scimsim help: unknown command '\(topic ?? "")'\nRun 'scimsim --help' for usage.\n")
            return ExitStatus.usage
        }
        return ExitStatus.success
    }
}
