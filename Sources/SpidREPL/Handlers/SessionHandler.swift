import SpeakerRecognition

/// What the monitor calls: hands the change back to the session that registered it.
struct SessionHandler: ResultHandler {
    weak var session: REPLSession?
    let definition: REPLHandler

    func handle(_ change: StatusChange) async throws {
        await session?.run(definition, change)
    }
}
