import Foundation
import SCIM

/// `scimsim replay FILE [--token TOKEN] [--max-body-bytes N] [--base-location URL] [--strict] [--changes]`:
/// runs a JSON Lines request log through a fresh ``SCIMService`` and prints one JSON Lines response per
/// request.
///
/// `arguments` are the words after `replay`. The service uses sequential ids (`u-0001`, `g-0001`) and a
/// clock starting at 2026-01-01T00:00:00.000Z that advances one second per write, so the output is the
/// same on every run. Each output line is `{"status":..,"headers":{..},"body":..}` (`body` omitted for
/// 204/304), plus `"changes"` with `--changes`. A malformed line, or one using an unbound `{name}`, is
/// reported on standard error as `FILE:LINE: message` and skipped; the run goes on. Blank lines are skipped.
///
/// Exit status: 0 when every line ran, 1 when some line was malformed, 2 for a usage error or an
/// unreadable file.
func runReplay(arguments: [String]) -> Int32 {
    if ArgumentReader.wantsHelp(arguments) {
        Console.out(HelpText.replay)
        return ExitStatus.success
    }
    let options: ReplayOptions
    do throws(UsageError) {
        options = try ReplayOptions.parse(arguments)
    } catch {
        return Console.usage(error, command: "replay")
    }
    let data: Data?
    if options.file == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        data = FileManager.default.contents(atPath: options.file)
    }
    guard let data else {
        Console.error("scimsim replay: cannot read \(options.file)\n")
        return ExitStatus.usage
    }
    var service = SCIMService(
        configuration: options.serviceConfiguration, ids: SCIMSequentialIDSource(), clock: SCIMSteppingClock())
    let name = options.file == "-" ? "<stdin>" : options.file
    let output = replay(String(decoding: data, as: UTF8.self), file: name, service: &service, changes: options.changes)
    Console.out(output.stdout)
    if !output.stderr.isEmpty { Console.error(output.stderr) }
    return output.malformedLines > 0 ? ExitStatus.violation : ExitStatus.success
}

/// The parsed arguments of `scimsim replay`.
struct ReplayOptions: Equatable {
    /// The request log (`-` is standard input).
    var file = ""
    /// `--token TOKEN`: the bearer token the service requires (`nil`: no authentication).
    var token: String?
    /// `--max-body-bytes N`: the largest request body accepted, in bytes.
    var maxBodyBytes = SCIMServiceConfiguration().maxBodyBytes
    /// `--base-location URL`: the base of `meta.location`.
    var baseLocation: String?
    /// `--strict`: refuse string booleans, value-path upserts and lenient filters.
    var strict = false
    /// `--changes`: add each request's change records to its output line.
    var changes = false

    /// Every flag `replay` reads, besides `--help`.
    static let flags = ["--token", "--max-body-bytes", "--base-location", "--strict", "--changes"]

    /// Parses `replay`'s arguments: exactly one FILE and the flags, in any order, each flag at most once,
    /// values after a space or `=`.
    /// - Throws: `UsageError` naming the flag at fault, or the stray or missing FILE.
    static func parse(_ arguments: [String]) throws(UsageError) -> ReplayOptions {
        var options = ReplayOptions()
        var file: String?
        var reader = ArgumentReader(arguments)
        while let argument = try reader.nextArgument() {
            let flag: Flag
            switch argument {
            case .operand(let word):
                if let file { throw UsageError(message: "more than one FILE given ('\(file)' and '\(word)')") }
                file = word
                continue
            case .flag(let given): flag = given
            }
            switch flag.name {
            case "--token": options.token = try reader.value(of: flag, expected: "a bearer token")
            case "--base-location": options.baseLocation = try reader.value(of: flag, expected: "a URL")
            case "--max-body-bytes":
                let text = try reader.value(of: flag, expected: "a number of bytes")
                guard let bytes = ValueParsing.decimal(text), bytes <= UInt64(Int.max) else {
                    throw UsageError(flag: flag.name, "expected a whole number of bytes, got '\(text)'")
                }
                options.maxBodyBytes = Int(bytes)
            case "--strict":
                try reader.requireNoValue(flag)
                options.strict = true
            case "--changes":
                try reader.requireNoValue(flag)
                options.changes = true
            default:
                throw ArgumentReader.unknownFlag(flag, known: flags + ["--help"])
            }
        }
        guard let file else { throw UsageError(message: "missing FILE (a JSON Lines request log, or - for stdin)") }
        options.file = file
        return options
    }

    /// The service configuration these options describe.
    var serviceConfiguration: SCIMServiceConfiguration {
        var configuration = SCIMServiceConfiguration()
        configuration.bearerToken = token
        configuration.maxBodyBytes = maxBodyBytes
        if let baseLocation { configuration.baseLocation = baseLocation }
        if strict {
            configuration.acceptStringBooleans = false
            configuration.upsertOnValuePathNoMatch = false
            configuration.strictFilters = true
        }
        return configuration
    }
}

/// The result of replaying a log: the text for standard output and standard error.
struct ReplayOutput {
    var stdout = ""
    var stderr = ""
    var malformedLines = 0
}

/// Replays `text` line by line against `service`; pure apart from the service, so tests call it directly.
func replay(_ text: String, file: String, service: inout SCIMService, changes: Bool = false) -> ReplayOutput {
    var out = ReplayOutput()
    var bindings: [(name: String, id: String)] = []
    var unbound: [ReplayUnboundName] = []
    var lineNumber = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        lineNumber += 1
        let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        let parsed: ReplayRequestLine
        do {
            parsed = try ReplayRequestLine(text: ReplayRequestLine.substitute(line, bindings, unbound: unbound))
        } catch {
            out.stderr += "\(file):\(lineNumber): \(error.message)\n"
            out.malformedLines += 1
            continue
        }
        let result = service.handle(parsed.request)
        if let name = parsed.bindAs {
            unbound.removeAll { $0.name == name }
            if result.response.status == 201, case .string(let id)? = result.response.body?["id"] {
                bindings.removeAll { $0.name == name }
                bindings.append((name, id))
            } else if !bindings.contains(where: { $0.name == name }) {
                unbound.append(ReplayUnboundName(name: name, line: lineNumber, status: result.response.status))
            }
        }
        out.stdout += JSONCodec.encodeToString(replayResponseJSON(result, changes: changes)) + "\n"
    }
    return out
}

/// One output line: `status`, `headers` (in order), `body` when present, `changes` when asked for.
func replayResponseJSON(_ result: SCIMResult, changes: Bool) -> JSONValue {
    var o = JSONObject()
    o["status"] = .int(Int64(result.response.status))
    o["headers"] = .object(JSONObject(result.response.headers.fields.map { ($0.name, JSONValue.string($0.value)) }))
    if let body = result.response.body { o["body"] = body }
    if changes {
        o["changes"] = .array(
            result.changes.map { c in
                [
                    "kind": .string(c.kind.rawValue), "resourceType": .string(c.resourceType.rawValue),
                    "id": .string(c.id), "changedAttributes": .array(c.changedAttributes.map { .string($0) }),
                    "memberIDs": .array(c.memberIDs.map { .string($0) }),
                ]
            })
    }
    return .object(o)
}
