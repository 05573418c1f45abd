import Hummingbird

/// The whole server: CORS around everything, the OpenAPI documents, the console and its code
/// samples, and the emulator for the rest.
struct ServerResponder: HTTPResponder {
    typealias Context = ServerRequestContext

    let crossOrigin: CrossOriginMiddleware<Context>
    let emulator: EmulatorResponder

    func respond(to request: Request, context: Context) async throws -> Response {
        try await crossOrigin.handle(request, context: context) { request, context in
            if let document = OpenAPIDocument(path: request.uri.path) { return document.response(to: request) }
            if let asset = ConsoleAsset(path: request.uri.path) { return asset.response(to: request) }
            if request.uri.path == CodeSamplesRoute.path {
                return await CodeSamplesRoute.response(to: request, context: context, bodyTimeout: emulator.bodyTimeout)
            }
            return try await emulator.respond(to: request, context: context)
        }
    }
}
