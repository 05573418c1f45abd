import Foundation

/// Turns response bodies into typed values: the decoding extension point.
///
/// The default is ``JSONResponseDecoder``. Errors should be ``SpidError`` of stage `decoding`;
/// anything else thrown is wrapped into one by the client.
public protocol ResponseDecoding: Sendable {
    /// Decodes an operation-status document, keeping its raw tree.
    func decodeOperation(from body: Data) throws -> OperationSnapshot
    /// Decodes any other body (profiles, results, phrases, the error envelope).
    func decode<Value: Decodable>(_ type: Value.Type, from body: Data) throws -> Value
}
