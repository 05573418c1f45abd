import Foundation

/// Reads and writes the service's ISO 8601 timestamps.
///
/// Profiles carry 3 fractional digits (`2020-01-29T22:48:17.007Z`), operations 6 or 7 with trailing
/// zeros trimmed (`2020-01-30T23:47:59.8780883Z`), and one docs example none at all. Parsing takes
/// 0 to 9 digits and `Z`, a `±hh:mm` offset or no zone (read as UTC, as old Android clients sent).
public enum WireDate {
    /// Parses a timestamp; `nil` when it is not one.
    public static func parse(_ text: String) -> Date? {
        var scanner = DigitScanner(text.utf8)
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
            let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2), scanner.skip(":"),
            let second = scanner.number(2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") || scanner.skip(",") {
            var value = 0
            var digits = 0
            while let digit = scanner.digit() {
                value = digits < 18 ? value * 10 + digit : value
                digits += 1
            }
            guard (1...9).contains(digits) else { return nil }
            fraction = Double(value) / pow(10, Double(digits))
        }
        var offset = 0
        if scanner.skip("Z") || scanner.skip("z") {
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(2) else { return nil }
            _ = scanner.skip(":")
            guard let minutes = scanner.number(2), hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard scanner.atEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        // Counted from 2001, as Date stores it, so 7 fractional digits survive in a Double.
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset - referenceOffset
        return Date(timeIntervalSinceReferenceDate: Double(seconds) + fraction)
    }

    /// Formats `date` in UTC with up to `fractionDigits` digits (0...7), trailing zeros trimmed
    /// when `trimZeros` is set, as the service's .NET back end did.
    public static func format(_ date: Date, fractionDigits: Int = 7, trimZeros: Bool = true) -> String {
        let digits = min(max(fractionDigits, 0), 7)
        let scale = Int64(pow(10.0, Double(digits)))
        let sinceReference = date.timeIntervalSinceReferenceDate
        let floorSeconds = sinceReference.rounded(.down)
        var fraction = Int64(((sinceReference - floorSeconds) * Double(scale)).rounded())
        var whole = Int64(floorSeconds) + Int64(referenceOffset)
        if fraction == scale {
            fraction = 0
            whole += 1
        }
        let days = Int(whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400)
        let secondsOfDay = Int(whole - Int64(days) * 86_400)
        let (year, month, day) = civilFromDays(days)
        var text =
            pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondsOfDay / 3600, 2) + ":"
            + pad(secondsOfDay / 60 % 60, 2) + ":" + pad(secondsOfDay % 60, 2)
        if digits > 0 {
            var fractionText = pad(Int(fraction), digits)
            if trimZeros { while fractionText.hasSuffix("0") { fractionText.removeLast() } }
            if !fractionText.isEmpty { text += "." + fractionText }
        }
        return text + "Z"
    }

    /// Seconds from 1970 to 2001, the epoch of `Date`'s storage.
    private static let referenceOffset = 978_307_200

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A cursor over ASCII digits and punctuation, for ``WireDate``.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ utf8: String.UTF8View) { bytes = Array(utf8) }

    var atEnd: Bool { index == bytes.count }

    mutating func digit() -> Int? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func number(_ width: Int) -> Int? {
        var value = 0
        for _ in 0..<width {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
