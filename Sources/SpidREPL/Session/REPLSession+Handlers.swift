import Foundation
import SpeakerRecognition

extension REPLSession {
    /// Registers a handler with a monitor. One for a single operation that already ended fires
    /// once, now; one for `all` looks ahead.
    func register(_ handler: REPLHandler, with monitor: OperationMonitor) async -> HandlerToken {
        await monitor.addHandler(
            SessionHandler(session: self, definition: handler), name: handler.label, scope: handler.scope,
            trigger: handler.trigger, timeout: settings.handlerTimeout, includeEnded: handler.operation != nil)
    }

    /// Waits for the handlers already started (the end of a `watch`, of a script, of the session).
    func settleHandlers() async {
        await connection?.monitor.handlersSettled()
    }

    /// Runs a handler for a change. Its failures are printed here; running past its timeout
    /// cancels it, and the monitor reports that (see ``observe(_:)``).
    func run(_ handler: REPLHandler, _ change: StatusChange) async {
        guard let name = operations.operation(at: change.location)?.name else { return }
        let label = handler.label
        switch handler.action {
        case .command(let line):
            let locals = [
                "op": name, "status": change.current.wireValue, "previous": change.previous?.wireValue ?? "none", "event": handler.event,
            ]
            let context = Context(defaultOperation: name, depth: 1, inHandler: true, locals: locals)
            do {
                _ = try await run(line, context)
            } catch let error where !Task.isCancelled {
                report(error, prefix: "error: handler \(label): ")
            } catch {}
        case .module(let module):
            await deliver(change, to: module, operation: name, handler: handler)
        case .shell(let line, let passesKey):
            let document = change.document(operation: name, event: handler.event)
            var environment = configuration.environment
            // The key reaches a shell command only when its handler asked for it (`exec --with-key`).
            environment["SPID_KEY"] = passesKey ? connection?.key?.secret ?? configuration.environment["SPID_KEY"] : nil
            environment["SPID_OPERATION"] = name
            environment["SPID_OPERATION_ID"] = change.location.operationId?.description ?? ""
            environment["SPID_STATUS"] = change.current.wireValue
            environment["SPID_PREVIOUS_STATUS"] = change.previous?.wireValue ?? ""
            environment["SPID_EVENT"] = handler.event
            do {
                let result = try await ShellCommand.run(
                    line, input: document.jsonText() + "\n", environment: environment, groups: processGroups, owner: handler.number)
                var text = result.output
                while text.hasSuffix("\n") { text.removeLast() }
                if !text.isEmpty { say(text) }
                if result.droppedBytes > 0 {
                    report(
                        REPLError(
                            "its output was cut at \(ByteCountText.format(ShellCommand.outputLimit)): \(ByteCountText.format(result.droppedBytes)) more were dropped (write large output to a file: `exec 'cmd > out.txt'`)"
                        ), prefix: "warning: handler \(label): ")
                }
                if result.status != 0, !Task.isCancelled {
                    report(REPLError("`\(line)` exited with status \(result.status)"), prefix: "error: handler \(label): ")
                }
            } catch {
                report(REPLError("cannot start /bin/sh: \(error.localizedDescription)"), prefix: "error: handler \(label): ")
            }
        }
    }
}
