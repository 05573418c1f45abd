import Foundation
import PostgresNIO

/// A `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` URL, read into a client configuration.
/// Options: `sslmode=disable|prefer|require` (prefer), and `schema=NAME` to keep spid's tables in
/// a schema of their own (created when missing), so several services can share one database.
/// Its description never shows the password.
package struct PostgresURL: Sendable, CustomStringConvertible {
    /// What is wrong with a URL, said without repeating its password.
    package struct Problem: Error, CustomStringConvertible {
        package var description: String
    }

    package let host: String
    package let port: Int
    package let user: String
    let password: String?
    package let database: String
    /// The schema spid's tables live in; `nil` for the user's default (`public`).
    package let schema: String?
    let sslMode: String

    package init(_ text: String) throws(Problem) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw Problem(description: "a PostgreSQL URL looks like postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else { throw Problem(description: "the PostgreSQL URL names no host") }
        guard let user = components.user, !user.isEmpty else {
            throw Problem(description: "the PostgreSQL URL names no user (postgres://USER@HOST/DB)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw Problem(description: "the PostgreSQL URL names no database (…/DATABASE at its end)") }
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw Problem(description: "sslmode must be disable, prefer or require, not \(sslMode)")
        }
        let schema = components.queryItems?.first { $0.name == "schema" }?.value
        if let schema, schema.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) == nil {
            throw Problem(description: "schema must be a lowercase SQL name (letters, digits, _), not \(schema)")
        }
        self.schema = schema
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        self.sslMode = sslMode
    }

    /// The URL with its password replaced, for logs.
    package var description: String {
        "postgres://\(user)\(password == nil ? "" : ":****")@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }

    var configuration: PostgresClient.Configuration {
        get throws {
            let tls: PostgresClient.Configuration.TLS =
                switch sslMode {
                case "disable": .disable
                case "require": .require(.makeClientConfiguration())
                default: .prefer(.makeClientConfiguration())
                }
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: tls)
            configuration.options.connectTimeout = .seconds(3)
            if let schema { configuration.options.additionalStartupParameters.append(("search_path", schema)) }
            return configuration
        }
    }
}
