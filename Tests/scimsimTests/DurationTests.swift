import Testing

@testable import scimsim

/// Virtual-duration flag values and their report formatting.
struct DurationTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("90s", .seconds(90)), ("40m", .seconds(2_400)),
        ("2h", .seconds(7_200)), ("3d", .seconds(259_200)), ("1h30m", .seconds(5_400)), ("0ms", .zero),
        ("1d2h3m4s5ms", .milliseconds(93_784_005)),
    ])
    func parses(text: String, expected: Duration) throws {
        #expect(try VirtualDuration.parse(text, flag: "--until") == expected)
    }

    @Test(arguments: ["", "5", "s", "5x", "5 s", "-5s", "1.5h", "5sec", "m5", "5ms5", "99999999999999999d"])
    func rejects(text: String) {
        do {
            _ = try VirtualDuration.parse(text, flag: "--until")
            Issue.record("accepted '\(text)'")
        } catch {
            #expect(error.flag == "--until")
            #expect(error.message.contains("'\(text)'"))
        }
    }

    @Test(arguments: ["500ms", "90s", "40m", "2h", "3d", "1500ms", "25h", "0ms", "61s"])
    func flagTextRoundTrips(text: String) throws {
        let duration = try VirtualDuration.parse(text, flag: "--until")
        #expect(VirtualDuration.flagText(duration) == text)
    }

    @Test func flagTextUsesTheLargestExactUnit() throws {
        #expect(VirtualDuration.flagText(try VirtualDuration.parse("1h30m", flag: "--until")) == "90m")
        #expect(VirtualDuration.flagText(.seconds(86_400 * 2)) == "2d")
    }

    @Test func humanText() {
        #expect(VirtualDuration.humanText(.milliseconds(250)) == "250ms")
        #expect(VirtualDuration.humanText(.microseconds(1_500)) == "1.500ms")
        #expect(VirtualDuration.humanText(.milliseconds(12_345)) == "12.345s")
        #expect(VirtualDuration.humanText(.milliseconds(245_123)) == "4m 05.123s")
        #expect(VirtualDuration.humanText(.seconds(7_384)) == "2h 03m 04s")
        #expect(VirtualDuration.humanText(.seconds(3 * 86_400 + 7_384)) == "3d 02h 03m 04s")
        #expect(VirtualDuration.humanText(seconds: 0.4125) == "413ms")
        #expect(VirtualDuration.seconds(.milliseconds(1_500)) == 1.5)
        #expect("\(VirtualDuration.seconds(.nanoseconds(1_504_392_678)))" == "1.504392678")
        #expect(VirtualDuration.seconds(.seconds(86_400 * 365)) == 31_536_000)
    }
}
