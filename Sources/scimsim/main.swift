import Foundation

// Nothing else lives at top level here: tests link this module and call `CommandLineTool` directly.
exit(CommandLineTool.main(arguments: Array(CommandLine.arguments.dropFirst())))
