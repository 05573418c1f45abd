// A module author needs the core's models (StatusChange, OperationStatus, …) with the kit.
@_exported import SpeakerRecognition
