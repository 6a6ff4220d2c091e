import Foundation

// Temporary dispatch until the lead wires subcommands; `replay` is the only one so far.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "replay" {
    exit(runReplay(arguments: Array(arguments.dropFirst())))
}
print("usage: scimsim replay FILE [--help]")
exit(arguments.isEmpty ? 0 : 2)
