import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory scaffold-handler NAME [--output DIR] [--force]`:
/// writes a handler-module package on SpidHandlerKit (a dynamic library, an example handler, a
/// test) and prints how to build it and load it in spid-repl.
@main
struct ScaffoldHandler: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let force = extractor.extractFlag(named: "force") > 0
        let outputs = extractor.extractOption(named: "output")
        let rest = extractor.remainingArguments
        guard rest.count == 1, let name = rest.first else {
            throw ScaffoldError(
                rest.isEmpty
                    ? "name the module: scaffold-handler NAME [--output DIR] [--force]"
                    : "one NAME only, got: \(rest.joined(separator: " "))")
        }
        guard outputs.count <= 1 else { throw ScaffoldError("--output once only") }
        let template = try HandlerTemplate(name: name, spidRoot: context.package.directoryURL, output: outputs.first)
        try template.write(force: force)
        print(template.nextSteps())
    }
}

/// A failure the plugin reports as `error: …`.
struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
