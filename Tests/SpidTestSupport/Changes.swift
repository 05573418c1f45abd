import Foundation
import SpeakerRecognition

/// Status changes to hand modules, as a monitor would.
public enum Changes {
    public static let operationID = "0b1b6e3c-0000-4000-8000-000000000001"
    public static let location = OperationLocation(string: "http://127.0.0.1:8080/spid/v1.0/operations/\(operationID)")!

    public static func change(_ previous: OperationStatus?, _ current: OperationStatus, kind: OperationKind = .enrollment) -> StatusChange {
        StatusChange(location: location, kind: kind, previous: previous, snapshot: OperationSnapshot(status: current))
    }

    /// notstarted → running → succeeded.
    public static let lifecycle = [change(nil, .notStarted), change(.notStarted, .running), change(.running, .succeeded)]

    /// Reads a JSON Lines file.
    public static func lines(of url: URL) throws -> [JSONValue] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser().parse(String($0)) }
    }
}
