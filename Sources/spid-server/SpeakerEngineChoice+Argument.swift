import ArgumentParser
import SpeakerEngines
import SpeakerRecognitionEmulator

/// `--engine auto|dvector|classical`.
extension SpeakerEngineChoice: ExpressibleByArgument {}
