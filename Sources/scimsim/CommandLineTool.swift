/// The `scimsim` entry point: dispatches to a subcommand and returns the process exit status.
enum CommandLineTool {
    /// The subcommands, in the order the help lists them.
    static let commands = ["run", "sweep", "replay", "version", "help"]

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
        case "version", "--version": return version(command: command, arguments: rest)
        case "help", "--help", "-h":
            return help(topic: rest.first)
        default:
            let near = commands.min {
                ArgumentReader.editDistance(command, $0) < ArgumentReader.editDistance(command, $1)
            }
            if command.hasPrefix("-") {
                let flags = ["--help", "--version"]
                let flag = ArgumentReader.unknownFlag(Flag(name: command, inlineValue: nil), known: flags)
                Console.error("scimsim: \(flag.message)\nRun 'scimsim --help' for usage.\n")
                return ExitStatus.usage
            }
            let hint = near.map { ArgumentReader.editDistance(command, $0) <= 2 ? " (did you mean \($0)?)" : "" } ?? ""
            Console.error("scimsim: unknown command '\(command)'\(hint)\nRun 'scimsim --help' for usage.\n")
            return ExitStatus.usage
        }
    }

    /// `scimsim version` and `scimsim --version`: one line, ``ToolVersion/line``. Takes no arguments but
    /// `--help`.
    static func version(command: String, arguments: [String]) -> Int32 {
        if ArgumentReader.wantsHelp(arguments) {
            Console.out(HelpText.version)
            return ExitStatus.success
        }
        if let extra = arguments.first {
            Console.error(
                "scimsim \(command): unexpected argument '\(extra)' (it takes none)\nRun 'scimsim --help' for usage.\n")
            return ExitStatus.usage
        }
        Console.out(ToolVersion.line + "\n")
        return ExitStatus.success
    }

    /// `scimsim help [command]`.
    static func help(topic: String?) -> Int32 {
        switch topic {
        case nil: Console.out(HelpText.tool)
        case "run": Console.out(HelpText.run)
        case "sweep": Console.out(HelpText.sweep)
        case "replay": Console.out(HelpText.replay)
        case "version": Console.out(HelpText.version)
        default:
            Console.error("scimsim help: unknown command '\(topic ?? "")'\nRun 'scimsim --help' for usage.\n")
            return ExitStatus.usage
        }
        return ExitStatus.success
    }
}
