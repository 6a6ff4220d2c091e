import DirectorySync

/// A directory export read for `--directory`.
struct LoadedDirectory: Sendable {
    /// The people, in file order.
    var people: [DirectoryPerson]
    /// Problems that do not stop the run (e.g. logins that differ only by case), one message each.
    var warnings: [String]
}

/// The single place the CLI calls the directory-export importer (`DirectoryImport` in DirectorySync).
enum DirectoryLoading {
    /// Reads and parses the export at `path`.
    /// - Throws: an error whose description names the file, line and column of the first problem.
    static func load(path: String) throws -> LoadedDirectory {
        throw ImporterUnavailable(path: path)
    }

    /// The people source for `model`: generated people, or the imported directory (warnings printed on
    /// standard error, prefixed with `scimsim <command>: warning:`).
    /// - Throws: `UsageError` naming `--directory` with the importer's message when the file is unusable.
    static func people(for model: ModelOptions, command: String) throws(UsageError) -> PeopleSource {
        guard let path = model.directoryPath else {
            return .generated(count: model.users ?? ModelOptions.defaultUsers)
        }
        let directory: LoadedDirectory
        do {
            directory = try load(path: path)
        } catch {
            var usage = UsageError(message: "--directory: \(error)")
            usage.flag = "--directory"
            throw usage
        }
        for warning in directory.warnings { Console.error("scimsim \(command): warning: \(warning)\n") }
        return .directory(name: path, people: directory.people)
    }
}

/// Thrown until the importer (`DirectoryImport`) is merged.
struct ImporterUnavailable: Error, CustomStringConvertible {
    var path: String
    var description: String { "\(path): the directory importer is not built into this scimsim yet" }
}
