import SCIM
import Testing

@testable import scimsim

/// `scimsim replay` end to end on the checked-in Okta and Entra logs, plus malformed input.
@Suite struct ReplayTests {
    /// The text of a checked-in example log.
    static func example(_ name: String) throws -> String {
        let root = String(#filePath.split(separator: "/Tests/", maxSplits: 1)[0])
        return try String(contentsOfFile: root + "/Examples/replay/" + name, encoding: .utf8)
    }

    static func run(_ text: String, token: String? = "tok_test_123", maxBodyBytes: Int = 1 << 20) -> (
        [JSONValue], ReplayOutput
    ) {
        var service = SCIMService(
            configuration: SCIMServiceConfiguration(bearerToken: token, maxBodyBytes: maxBodyBytes),
            ids: SCIMSequentialIDSource(), clock: SCIMSteppingClock())
        let out = replay(text, file: "log.jsonl", service: &service, changes: true)
        let lines = out.stdout.split(separator: "\n").compactMap { try? JSONCodec.decode(String($0)) }
        return (lines, out)
    }

    @Test func oktaLog() throws {
        let (lines, out) = Self.run(try Self.example("okta.jsonl"))
        #expect(out.stderr.isEmpty)
        #expect(
            lines.map { $0["status"]?.intValue } == [
                200, 201, 409, 200, 200, 200, 200, 200, 200, 201, 201, 204, 204, 200, 200, 204,
            ])
        #expect(lines[1]["body"]?["id"] == "u-0001")
        #expect(lines[1]["body"]?["password"] == nil)
        #expect(lines[2]["body"]?["scimType"] == "uniqueness")
        #expect(lines[5]["body"]?["name"]?["familyName"] == "King")
        #expect(lines[6]["body"]?["active"] == false)
        #expect(lines[7]["body"]?["Resources"]?.arrayValue?.first?["active"] == false)
        #expect(lines[8]["body"]?["active"] == true)
        #expect(lines[13]["body"]?["displayName"] == "Difference Engines")
        #expect(lines[13]["body"]?["members"]?.arrayValue?.compactMap { $0["value"] } == ["u-0001"])
        #expect(lines[12]["changes"]?.arrayValue?.compactMap { $0["kind"] } == ["membersRemoved", "membersAdded"])
        #expect(lines[14]["body"]?["totalResults"] == 2)
    }

    @Test func entraLog() throws {
        let (lines, out) = Self.run(try Self.example("entra.jsonl"))
        #expect(out.stderr.isEmpty)
        #expect(
            lines.map { $0["status"]?.intValue } == [
                200, 201, 200, 200, 200, 200, 200, 201, 200, 201, 204, 204, 200, 204, 404,
            ])
        #expect(lines[1]["body"]?["active"] == true)
        #expect(lines[3]["body"]?["emails"] == [["primary": true, "type": "work", "value": "ada.king@example.com"]])
        #expect(
            lines[3]["body"]?["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] == [
                "department": "Analytics", "employeeNumber": "1815",
            ])
        #expect(lines[4]["body"]?["active"] == false)
        #expect(lines[5]["body"]?["totalResults"] == 1)
        #expect(lines[12]["body"]?["members"] == [["value": "u-0002"]])
        #expect(lines[14]["body"]?["status"] == "404")
    }

    @Test func malformedLinesAreReportedAndSkipped() {
        let text = """
            {"method":"GET","path":"/scim/v2/Users"}
            not json

            {"method":"FETCH","path":"/Users"}
            {"method":"POST","path":"/Users","bodyText":"{bad"}
            {"method":"POST","path":"/Users","as":"a","body":{"userName":"a@example.com"}}
            {"method":"GET","path":"/Users/{a}"}
            """
        let (lines, out) = Self.run(text, token: nil)
        #expect(lines.map { $0["status"]?.intValue } == [200, 400, 201, 200])
        #expect(lines[3]["body"]?["id"] == "u-0001")
        #expect(out.malformedLines == 2)
        #expect(out.stderr.contains("log.jsonl:2: "))
        #expect(out.stderr.contains("log.jsonl:4: "))
    }

    @Test func tokenAndBodyLimitFlagsApply() {
        let line = #"{"method":"POST","path":"/Users","body":{"userName":"a@example.com","displayName":"long enough"}}"#
        #expect(Self.run(line).0.first?["status"] == 401)
        #expect(Self.run(line, token: nil, maxBodyBytes: 20).0.first?["status"] == 413)
        #expect(runReplay(arguments: ["--max-body-bytes", "x", "f"]) == 2)
        #expect(runReplay(arguments: []) == 2)
        #expect(runReplay(arguments: ["/nonexistent/file.jsonl"]) == 2)
    }

    @Test func servicePathDropsTheBasePrefix() {
        #expect(ReplayRequestLine.servicePath("/scim/v2/Users") == "/Users")
        #expect(ReplayRequestLine.servicePath("/Users/abc") == "/Users/abc")
        #expect(ReplayRequestLine.servicePath("/tenant/V2/Groups/g") == "/Groups/g")
    }
}
