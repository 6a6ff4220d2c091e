/// Prints figures as a human table or as JSON Lines.
enum Report {
    /// One JSON object per figure: suite, name, metric, unit, median, min, max, then the extra keys.
    static func jsonLines(_ figures: [Figure]) -> String {
        figures.map { figure in
            var parts = [
                "\"suite\":\(jsonQuoted(figure.suite))", "\"name\":\(jsonQuoted(figure.name))",
                "\"metric\":\(jsonQuoted(figure.metric))", "\"unit\":\(jsonQuoted(figure.unit))",
                "\"median\":\(formatNumber(figure.median))", "\"min\":\(formatNumber(figure.min))",
                "\"max\":\(formatNumber(figure.max))",
            ]
            for (key, value) in figure.extra { parts.append("\(jsonQuoted(key)):\(value.json)") }
            return "{" + parts.joined(separator: ",") + "}"
        }.joined(separator: "\n")
    }

    /// A fixed-width table: suite, name, metric, median, min, max, unit, then extras as key=value.
    static func table(_ figures: [Figure]) -> String {
        let header = ["suite", "name", "metric", "median", "min", "max", "unit", "notes"]
        var rows = [header]
        for figure in figures {
            let notes = figure.extra.filter { $0.0 != "runs" }.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            rows.append([
                figure.suite, figure.name, figure.metric, formatNumber(figure.median), formatNumber(figure.min),
                formatNumber(figure.max), figure.unit, notes,
            ])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < header.count - 1 {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
