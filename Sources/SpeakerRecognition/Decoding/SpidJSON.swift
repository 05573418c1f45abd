import Foundation

/// The JSON conventions of the wire: the service's date format, lowercase GUIDs, camelCase keys.
public enum SpidJSON {
    /// A `JSONEncoder` that writes dates as the service did (7 fractional digits, zeros trimmed).
    public static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(WireDate.format(date))
        }
        encoder.outputFormatting = pretty ? [.prettyPrinted, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return encoder
    }

    /// A `JSONDecoder` that reads the service's dates with 0 to 7 (or more) fractional digits.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = WireDate.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: invalidDateDescription(text))
            }
            return date
        }
        return decoder
    }

    /// Why `text` is refused as a date, in every decoder's errors.
    static func invalidDateDescription(_ text: String) -> String {
        "\"\(text.prefix(60))\" is not an ISO 8601 date-time such as 2020-01-30T23:47:59.8780883Z"
    }

    /// The JSON tree of an encodable value, as the wire would carry it.
    public static func tree(of value: some Encodable) throws -> JSONValue {
        try JSONParser().parse(makeEncoder().encode(value))
    }
}
