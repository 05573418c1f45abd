import ArgumentParser
import SpeakerRecognitionEmulator

/// `--engine auto|dvector|classical`.
extension SpeakerEngineChoice: ExpressibleByArgument {}
