import DirectorySync

/// The CLI's use of the directory-export importer (`DirectoryImport` in DirectorySync) for `--directory`.
enum DirectoryLoading {
    /// The people source for `model`: generated people, or the imported directory. Import warnings (e.g.
    /// logins that differ only by case) are printed on standard error as
    /// `scimsim <command>: warning: <file>: line N: ...`; the run goes on.
    /// - Throws: `UsageError` naming `--directory` whose message is the importer's
    ///   `file:line:column: message` when the file cannot be read or is malformed (nothing runs then).
    static func people(for model: ModelOptions, command: String) throws(UsageError) -> PeopleSource {
        guard let path = model.directoryPath else {
            return .generated(count: model.users ?? ModelOptions.defaultUsers)
        }
        let directory: DirectoryImport
        do {
            directory = try DirectoryImport.load(path: path)
        } catch {
            var usage = UsageError(message: "--directory: \(error.description)")
            usage.flag = "--directory"
            throw usage
        }
        for warning in directory.warnings {
            Console.error("scimsim \(command): warning: \(path): \(warning.description)\n")
        }
        return .directory(name: path, people: directory.people)
    }
}
