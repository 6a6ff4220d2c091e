/// The version of the `scimsim` tool, printed by `scimsim --version` and `scimsim version`.
///
/// The number is defined here and nowhere else. The rest of the line is fixed when the tool is compiled:
/// the Swift compiler (major.minor, from `#if compiler(>=...)`), the build configuration (`DEBUG` is set by
/// SwiftPM's debug configuration) and the platform.
enum ToolVersion {
    /// The tool's version (semantic versioning).
    static let number = "0.1.0"

    /// `scimsim 0.1.0 (Swift 6.3 compiler, release build, Linux x86_64)`, without a newline.
    static var line: String {
        "scimsim \(number) (\(compiler), \(configuration) build, \(platform))"
    }

    /// The compiler that built this binary, e.g. `Swift 6.3 compiler`.
    static var compiler: String {
        #if compiler(>=7.0)
            return "Swift 7.0 or later compiler"
        #elseif compiler(>=6.5)
            return "Swift 6.5 compiler"
        #elseif compiler(>=6.4)
            return "Swift 6.4 compiler"
        #elseif compiler(>=6.3)
            return "Swift 6.3 compiler"
        #elseif compiler(>=6.2)
            return "Swift 6.2 compiler"
        #elseif compiler(>=6.1)
            return "Swift 6.1 compiler"
        #else
            return "Swift compiler before 6.1"
        #endif
    }

    /// `debug` or `release`.
    static var configuration: String {
        #if DEBUG
            return "debug"
        #else
            return "release"
        #endif
    }

    /// The operating system and processor the binary was built for, e.g. `Linux x86_64`.
    static var platform: String {
        #if os(Linux)
            let system = "Linux"
        #elseif os(macOS)
            let system = "macOS"
        #elseif os(Windows)
            let system = "Windows"
        #else
            let system = "unknown OS"
        #endif
        #if arch(x86_64)
            return system + " x86_64"
        #elseif arch(arm64)
            return system + " arm64"
        #else
            return system
        #endif
    }
}
