/// Durations as people type them: `500ms`, `45s`, `2m`, `1h`, `1.5s`, or a plain number of seconds.
public enum DurationText {
    public static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Substring(text.lowercased())
        var scale = 1.0
        for (suffix, factor) in units where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale <= 30 * 24 * 3600 else { return nil }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }

    /// A short form for output: `850ms`, `12.3s`, `4m 05s`, `2h 10m`.
    public static func format(_ duration: Duration) -> String { duration.shortText }

    public static func format(seconds: Double) -> String { Duration.shortText(seconds: seconds) }
}
