// Temporary: removed when the `scim-service` branch (Sources/scimsim/Replay*.swift) is merged.

/// `scimsim replay` until its implementation is merged: says so and exits with status 2.
func runReplay(arguments: [String]) -> Int32 {
    Console.error("scimsim replay: not built into this scimsim yet\n")
    return ExitStatus.usage
}
