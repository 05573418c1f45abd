import Foundation
import SpeakerRecognition
import SpidModules

extension REPLSession {
    /// Hands a change to a module for a handler; its failure is printed like any handler's.
    func deliver(_ change: StatusChange, to module: String, operation: String, handler: REPLHandler) async {
        do {
            try await modules.deliver(change, to: module, operation: operation, event: handler.event)
        } catch {
            report(REPLError(error.description), prefix: "error: handler \(handler.label): ")
        }
    }

    /// What modules report on their own: log lines, and calls that came back after their limit.
    func observe(_ event: ModuleEvent) {
        switch event {
        case let .log(module, level, message):
            if level >= .warning {
                output.write("module \(module): \(level): \(message)", to: .error)
            } else {
                say("module \(module): \(message)")
            }
        case let .failed(error):
            report(REPLError(error.description), prefix: "error: ")
        case let .recovered(module, call, after):
            say("module \(module): \(call) returned after \(DurationText.format(after)); it takes changes again")
        }
    }

    /// Starts printing module events (once, at the session's start).
    func followModules() {
        let events = modules.events()
        moduleEventTask = Task { [weak self] in
            for await event in events { await self?.observe(event) }
        }
    }
}
