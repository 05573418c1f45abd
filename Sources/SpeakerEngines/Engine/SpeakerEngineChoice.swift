import Foundation

/// Which ``SpeakerEngine`` an emulator runs, as `spid-server --engine` and `spid-repl --engine`
/// name it.
public enum SpeakerEngineChoice: String, CaseIterable, Sendable {
    /// The d-vector engine when its weights are present, else the classical one.
    case auto
    /// ``DVectorEngine``; its weights must be present.
    case dvector
    /// ``ClassicalEngine``, which needs no data.
    case classical

    /// `$SPID_ENGINE`, or ``auto`` when it is unset or empty.
    ///
    /// - Throws: ``DVectorModelError`` naming the accepted values when it holds another.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SpeakerEngineChoice
    {
        guard let text = environment["SPID_ENGINE"], !text.isEmpty else { return .auto }
        guard let choice = SpeakerEngineChoice(rawValue: text.lowercased()) else {
            throw DVectorModelError("SPID_ENGINE=\(text) is not an engine; use auto, dvector or classical")
        }
        return choice
    }

    /// The engine, its weights read from `modelDirectory` when it is the d-vector one.
    ///
    /// - Throws: ``DVectorModelError`` when the d-vector engine is asked for, or its weights are
    ///   present for `auto`, and they cannot be used: a damaged model is not quietly replaced.
    public func makeEngine(modelDirectory: URL = DVectorModel.defaultDirectory()) throws -> any SpeakerEngine {
        switch self {
        case .classical:
            return ClassicalEngine()
        case .dvector:
            return DVectorEngine(model: try DVectorModel(directory: modelDirectory))
        case .auto:
            guard DVectorModel.isPresent(in: modelDirectory) else { return ClassicalEngine() }
            do {
                return DVectorEngine(model: try DVectorModel(directory: modelDirectory))
            } catch let error as DVectorModelError {
                throw DVectorModelError("\(error.description) (or pick --engine classical)")
            }
        }
    }
}
