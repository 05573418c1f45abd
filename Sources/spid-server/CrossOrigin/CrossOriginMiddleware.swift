import HTTPTypes
import Hummingbird

/// Answers CORS preflights and adds the CORS headers to every other response (errors too), as
/// ``CrossOriginPolicy`` says.
///
/// Hummingbird's own `CORSMiddleware` does not fit: it sends `Access-Control-Expose-Headers` only
/// on the preflight, where browsers ignore it, so a page could not read `Operation-Location`
/// from a 202; and its list of origins is variadic, so a list read from the command line cannot
/// be passed to it.
struct CrossOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: CrossOriginPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard policy.isEnabled else { return try await next(request, context) }
        guard let origin = request.headers[.origin], let allowed = policy.allowOrigin(for: origin) else {
            // No Origin, or one not on the list: the request is answered as if CORS did not exist,
            // so a browser blocks it (an unlisted origin's preflight gets the usual 405).
            var response = try await next(request, context)
            if policy.variesByOrigin { response.headers[values: .vary].append("Origin") }
            return response
        }
        // A preflight needs no key: browsers never send one on it.
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers: HTTPFields = [
                .accessControlAllowOrigin: allowed,
                .accessControlAllowMethods: CrossOriginPolicy.allowedMethods,
                .accessControlAllowHeaders: CrossOriginPolicy.allowedHeaders,
                .accessControlMaxAge: CrossOriginPolicy.maxAge,
                .accessControlExposeHeaders: CrossOriginPolicy.exposedHeaders,
            ]
            if policy.variesByOrigin { headers[.vary] = "Origin" }
            return Response(status: .noContent, headers: headers, body: .init())
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = allowed
        response.headers[.accessControlExposeHeaders] = CrossOriginPolicy.exposedHeaders
        if policy.variesByOrigin { response.headers[values: .vary].append("Origin") }
        return response
    }
}
