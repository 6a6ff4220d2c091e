/// Finds logins equal without regard to case (SCIM `userName` is caseExact=false, RFC 7643 section 4.1.1)
/// and repeated externalIds, reporting every pair with both lines.
enum DuplicateDetector {
    /// One warning per pair, ordered by the later person's position, then the earlier one's; logins first,
    /// then externalIds. Uses dictionaries only for look-up, never iterates them. O(n + pairs).
    static func warnings(people: [DirectoryPerson], lines: [Int]) -> [DirectoryImportWarning] {
        var result: [DirectoryImportWarning] = []
        for (earlier, later) in pairs(people.map { $0.userName.lowercased() }) {
            result.append(
                DirectoryImportWarning(
                    .loginsEqualIgnoringCase(
                        first: people[earlier].userName, firstLine: lines[earlier], second: people[later].userName,
                        secondLine: lines[later])))
        }
        for (earlier, later) in pairs(people.map(\.externalId)) {
            result.append(
                DirectoryImportWarning(
                    .duplicateExternalId(
                        people[earlier].externalId, firstLine: lines[earlier], secondLine: lines[later]))
            )
        }
        return result
    }

    /// Every (earlier, later) index pair with equal keys, ordered by `later`, then `earlier`.
    private static func pairs(_ keys: [String]) -> [(Int, Int)] {
        var first: [String: Int] = [:]
        first.reserveCapacity(keys.count)
        var repeats: [String: [Int]] = [:]
        var result: [(Int, Int)] = []
        for (index, key) in keys.enumerated() {
            guard let firstIndex = first[key] else {
                first[key] = index
                continue
            }
            let earlier = repeats[key] ?? [firstIndex]
            for e in earlier { result.append((e, index)) }
            repeats[key] = earlier + [index]
        }
        return result
    }
}
