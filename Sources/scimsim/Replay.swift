import Foundation
import SCIM

/// `scimsim replay FILE [--token TOKEN] [--max-body-bytes N] [--strict] [--changes]`: runs a JSON Lines
/// request log through a fresh ``SCIMService`` and prints one JSON Lines response per request.
///
/// `arguments` are the words after `replay`. The service uses sequential ids (`u-0001`, `g-0001`) and a
/// clock starting at 2026-01-01T00:00:00.000Z that advances one second per write, so the output is the
/// same on every run. Each output line is `{"status":..,"headers":{..},"body":..}` (`body` omitted for
/// 204/304), plus `"changes"` with `--changes`. A malformed line is reported on standard error as
/// `FILE:LINE: message` and skipped; the run goes on. Blank lines are skipped.
///
/// Exit status: 0 when every line ran, 1 when some line was malformed, 2 for a usage error or an
/// unreadable file.
func runReplay(arguments: [String]) -> Int32 {
    var file: String?
    var configuration = SCIMServiceConfiguration()
    var printChanges = false
    var i = 0
    while i < arguments.count {
        let a = arguments[i]
        switch a {
        case "--help", "-h":
            print(replayUsage)
            return 0
        case "--token", "--max-body-bytes", "--base-location":
            guard i + 1 < arguments.count else { return replayUsageError("\(a) needs a value") }
            let v = arguments[i + 1]
            i += 1
            if a == "--token" {
                configuration.bearerToken = v
            } else if a == "--base-location" {
                configuration.baseLocation = v
            } else {
                guard let n = Int(v), n >= 0 else {
                    return replayUsageError("--max-body-bytes needs a non-negative integer, got \"\(v)\"")
                }
                configuration.maxBodyBytes = n
            }
        case "--strict":
            configuration.acceptStringBooleans = false
            configuration.upsertOnValuePathNoMatch = false
            configuration.strictFilters = true
        case "--changes":
            printChanges = true
        default:
            if a.hasPrefix("--") { return replayUsageError("unknown flag \(a)") }
            guard file == nil else { return replayUsageError("more than one FILE given (\(a))") }
            file = a
        }
        i += 1
    }
    guard let file else { return replayUsageError("missing FILE") }
    let data: Data?
    if file == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        data = FileManager.default.contents(atPath: file)
    }
    guard let data else {
        FileHandle.standardError.write(Data("scimsim replay: cannot read \(file)\n".utf8))
        return 2
    }
    var service = SCIMService(configuration: configuration, ids: SCIMSequentialIDSource(), clock: SCIMSteppingClock())
    let output = replay(String(decoding: data, as: UTF8.self), file: file, service: &service, changes: printChanges)
    FileHandle.standardOutput.write(Data(output.stdout.utf8))
    if !output.stderr.isEmpty { FileHandle.standardError.write(Data(output.stderr.utf8)) }
    return output.malformedLines > 0 ? 1 : 0
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
    var lineNumber = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        lineNumber += 1
        let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        let parsed: ReplayRequestLine
        do {
            parsed = try ReplayRequestLine(text: ReplayRequestLine.substitute(line, bindings))
        } catch {
            out.stderr += "\(file):\(lineNumber): \(error.message)\n"
            out.malformedLines += 1
            continue
        }
        let result = service.handle(parsed.request)
        if let name = parsed.bindAs, result.response.status == 201, case .string(let id)? = result.response.body?["id"]
        {
            bindings.removeAll { $0.name == name }
            bindings.append((name, id))
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

let replayUsage = """
    usage: scimsim replay FILE [--token TOKEN] [--max-body-bytes N] [--base-location URL] [--strict] [--changes]

    Runs a JSON Lines SCIM request log through a fresh simulated SCIM service and prints one JSON Lines
    response per request ({"status":...,"headers":{...},"body":...}). FILE "-" reads standard input.

    Each line: {"method":"POST","path":"/scim/v2/Users?...","headers":{...},"body":{...},"as":"ada"}
    "as" binds the id of the created resource; "{ada}" in later lines is replaced by it. "bodyText"
    sends a string verbatim as the body. Malformed lines are reported on stderr with their line number.

      --token TOKEN         require "Authorization: Bearer TOKEN" (default: no authentication)
      --max-body-bytes N    refuse larger request bodies with 413 (default 1048576)
      --base-location URL   base of meta.location (default https://scim.example.test/scim/v2)
      --strict              refuse "True"/"False" booleans, value-path upserts and lenient filters
      --changes             add each request's change records to its output line
      --help                show this text

    Exit status: 0 every line ran; 1 some line was malformed (it is skipped: it gets no output line, and
    stderr names its line number); 2 bad usage or an unreadable FILE.
    """

func replayUsageError(_ message: String) -> Int32 {
    FileHandle.standardError.write(Data("scimsim replay: \(message)\nRun 'scimsim replay --help' for usage.\n".utf8))
    return 2
}
