import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// The real `spid-server` against clients that mean harm: each gets its answer (or its
/// timeout), the server stays small, and other clients go on being served.
@Suite("spid-server: hostile clients", .serialized, .timeLimit(.minutes(2)))
struct ServerHostileClientTests {
    /// A profile and a finished operation, for a well-behaved client's GET beside the hostile one.
    func operationOfAnotherClient(_ harness: ServerHarness) async throws -> OperationLocation {
        let profile = try await harness.client.createIdentificationProfile(locale: "en-us")
        let audio = try Data(contentsOf: URL(fileURLWithPath: try AudioFixtures.path("awb-enroll.wav")))
        let location = try await harness.client.enroll(audio, identificationProfile: profile, shortAudio: true)
        _ = try await harness.waitForOperation(location)
        return location
    }

    @Test func aMultipartBodyOf256kTinyPartsIsReadInOnePass() async throws {
        let harness = try await ServerHarness()
        let location = try await operationOfAnotherClient(harness)
        let profile = try await harness.client.createIdentificationProfile(locale: "en-us")
        // 262,144 empty parts, then the WAV: the server must find it without a quadratic search.
        var body = Data(String(repeating: "--b\r\n\r\nx\r\n", count: 1 << 18).utf8)
        body.append(Data("--b\r\nContent-Type: audio/wav\r\n\r\n".utf8))
        body.append(try Data(contentsOf: URL(fileURLWithPath: try AudioFixtures.path("awb-enroll.wav"))))
        body.append(Data("\r\n--b--\r\n".utf8))
        async let upload = harness.raw(
            "POST", "/identificationProfiles/\(profile)/enroll?shortAudio=true",
            headers: [("Content-Type", "multipart/form-data; boundary=b")], body: body)
        // Another client is served meanwhile.
        for _ in 0..<5 { #expect(try await harness.client.operationStatus(at: location).status == .succeeded) }
        let answer = try await upload
        #expect(answer.statusCode == 202, "\(String(decoding: answer.body, as: UTF8.self))")
    }

    @Test func wrongKeysAreAnsweredOnTheHeadersWithoutKeepingTheirBodies() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--max-failed-keys", "100"])
        let location = try await operationOfAnotherClient(harness)
        let before = harness.server.peakResidentBytes
        let upload = Data(count: 10 << 20)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await harness.raw("POST", "/identify?identificationProfileIds=\(UUID())", key: "wrong", body: upload).statusCode
                }
            }
            #expect(try await harness.client.operationStatus(at: location).status == .succeeded)
            for try await status in group { #expect(status == 401) }
        }
        let growth = harness.server.peakResidentBytes - before
        // Before the headers decided, each 10 MB body was read into memory first: +200 MB.
        #expect(growth < 60 << 20, "peak memory grew by \(growth >> 20) MiB")
    }

    @Test func anAddressThatKeepsSendingWrongKeysIsHeldOff() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--max-failed-keys", "5"])
        for _ in 0..<5 { #expect(try await harness.raw("GET", "/identificationProfiles", key: "guess").statusCode == 401) }
        let held = try await harness.raw("GET", "/identificationProfiles", key: "guess")
        #expect(held.statusCode == 429)
        #expect(held.errorCode == "RateLimitExceeded")
        #expect(held.errorMessage?.contains("wrong or missing subscription key") == true)
        #expect(Int(held.headers["Retry-After"] ?? "") ?? 0 >= 1)
        // Even a right key from that address waits: a lucky guess must not get through.
        #expect(try await harness.raw("GET", "/identificationProfiles").statusCode == 429)
    }

    @Test func wrongKeysAreNotCountedWithTheLimitOff() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--max-failed-keys", "0"])
        for _ in 0..<40 { #expect(try await harness.raw("GET", "/identificationProfiles", key: "guess").statusCode == 401) }
        #expect(try await harness.raw("GET", "/identificationProfiles").statusCode == 200)
    }

    @Test func bodiesOfRequestsThatTakeNoAudioAreSmall() async throws {
        let harness = try await ServerHarness()
        let json = [("Content-Type", "application/json")]
        let nested = try await harness.raw("POST", "/identificationProfiles", headers: json, body: Data(repeating: 0x5B, count: 100_000))
        #expect(nested.statusCode == 413)
        #expect(nested.errorCode == "RequestEntityTooLarge")
        let form = Data(("locale=en-us&" + String(repeating: "a=b&", count: 2_500_000)).utf8)
        let formAnswer = try await harness.raw(
            "POST", "/identificationProfiles", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form)
        #expect(formAnswer.statusCode == 413)
        #expect(formAnswer.errorMessage == "The request body is larger than the limit of 65536 bytes.")
        // A normal body still works.
        let created = try await harness.raw("POST", "/identificationProfiles", headers: json, body: Data(#"{"locale":"en-us"}"#.utf8))
        #expect(created.statusCode == 200)
    }

    #if os(Linux)
    @Test func aTooLargeBodyIsRefusedAtItsHeadersAndTheConnectionClosed() async throws {
        let harness = try await ServerHarness()
        let profile = try await harness.client.createIdentificationProfile(locale: "en-us")
        let connection = try RawConnection(port: harness.server.port)
        connection.send(
            "POST /spid/v1.0/identificationProfiles/\(profile)/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Ocp-Apim-Subscription-Key: \(harness.server.key)\r\nContent-Type: audio/wav\r\nContent-Length: 50000000\r\n\r\n")
        let answer = connection.receive(timeout: 10)
        #expect(answer.text.hasPrefix("HTTP/1.1 413"), "\(answer.text.prefix(200))")
        #expect(answer.text.lowercased().contains("connection: close"))
        #expect(answer.closed, "the connection was kept open after the 413")
    }

    @Test func uploadsPastTheCapAreAnswered429AtOnce() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--max-concurrent-uploads", "1"])
        let profile = try await harness.client.createIdentificationProfile(locale: "en-us")
        let audio = try AudioFixtures.data("awb-enroll.wav")
        let head =
            "POST /spid/v1.0/identificationProfiles/\(profile)/enroll?shortAudio=true HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Ocp-Apim-Subscription-Key: \(harness.server.key)\r\nContent-Type: audio/wav\r\nContent-Length: \(audio.count)\r\n\r\n"
        // Uploads whose headers come and whose bodies never do: the first holds the only place,
        // so the second at the latest is answered at once, before any body.
        var stalled: [RawConnection] = []
        var refusal = ""
        for _ in 0..<3 where refusal.isEmpty {
            let connection = try RawConnection(port: harness.server.port)
            connection.send(head)
            stalled.append(connection)
            refusal = connection.receive(timeout: 2).text
        }
        #expect(refusal.hasPrefix("HTTP/1.1 429"), "\(refusal.prefix(300))")
        #expect(refusal.contains("RateLimitExceeded") && refusal.lowercased().contains("retry-after: 1"))
        // Requests without a body are not uploads: they go on.
        #expect(try await harness.raw("GET", "/identificationProfiles").statusCode == 200)
        // The place comes back when the stalled uploads end.
        stalled.removeAll()  // closes them
        var accepted = false
        for _ in 0..<50 where !accepted {
            accepted =
                (try? await harness.raw("POST", "/identificationProfiles/\(profile)/enroll?shortAudio=true", body: audio))?.statusCode
                == 202
            if !accepted { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(accepted)
    }

    @Test func aBodyThatTricklesIsCutOffWith408() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--body-timeout", "1"])
        let profile = try await harness.client.createIdentificationProfile(locale: "en-us")
        let connection = try RawConnection(port: harness.server.port)
        connection.send(
            "POST /spid/v1.0/identificationProfiles/\(profile)/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Ocp-Apim-Subscription-Key: \(harness.server.key)\r\nContent-Type: audio/wav\r\nContent-Length: 1000\r\n\r\n")
        var answer = (text: "", closed: false)
        for _ in 0..<40 where answer.text.isEmpty && !answer.closed {
            guard connection.send("R") else { break }  // one byte every 250 ms: never idle, never done
            answer = connection.receive(timeout: 0.25)
        }
        if answer.text.isEmpty { answer = connection.receive(timeout: 5) }
        #expect(answer.text.hasPrefix("HTTP/1.1 408"), "\(answer.text.prefix(200))")
        #expect(answer.text.contains("RequestTimeout"))
        #expect(try await harness.raw("GET", "/identificationProfiles").statusCode == 200)
    }

    @Test func connectionsPastTheCapAreClosedAndOthersGoOn() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--max-connections", "20"])
        var held: [RawConnection] = []
        for _ in 0..<20 { held.append(try RawConnection(port: harness.server.port)) }
        try await Task.sleep(for: .milliseconds(200))
        let extra = try RawConnection(port: harness.server.port)
        #expect(extra.receive(timeout: 5).closed, "the 21st connection was kept")
        held.removeAll()  // closing them frees their places
        var answered = false
        for _ in 0..<50 where !answered {
            answered = (try? await harness.raw("GET", "/identificationProfiles").statusCode) == 200
            if !answered { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(answered)
    }

    @Test func anIdleConnectionIsClosed() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--idle-timeout", "1"])
        let idle = try RawConnection(port: harness.server.port)
        #expect(idle.receive(timeout: 15).closed, "the idle connection was kept open")
        let stalled = try RawConnection(port: harness.server.port)
        stalled.send("GET /spid/v1.0/identificationProfiles HTTP/1.1\r\nHost: 127.0.0.1\r\n")  // headers never finished
        #expect(stalled.receive(timeout: 15).closed, "the half-sent request was kept open")
        #expect(try await harness.raw("GET", "/identificationProfiles").statusCode == 200)
    }
    #endif

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        let harness = try await ServerHarness()
        _ = try await harness.client.createIdentificationProfile(locale: "en-us")
        _ = try await harness.raw("GET", "/operations/\(UUID())")
        _ = try await harness.raw("GET", "/identificationProfiles", key: "wrong")
        let url = try #require(URL(string: "http://127.0.0.1:\(harness.server.port)/metrics"))
        let answer = try await harness.transport.send(TransportRequest(method: "GET", url: url))
        #expect(answer.statusCode == 200)
        #expect(answer.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = String(decoding: answer.body, as: UTF8.self)
        for line in [
            #"spid_http_requests_total{route="POST /identificationProfiles",status="200"} 1"#,
            #"spid_http_requests_total{route="GET /operations/{id}",status="404"} 1"#,
            #"spid_http_requests_total{route="GET /identificationProfiles",status="401"} 1"#,
            "spid_operations_unfinished_count 0",
        ] {
            #expect(text.contains(line), "missing: \(line)")
        }
        #expect(text.contains(#"spid_http_request_duration_seconds_bucket{route="GET /operations/{id}",le="0.001"}"#))
        #expect(!text.contains(harness.server.key), "no key in the metrics")
    }

    @Test func metricsCountOperationsByKindAndOutcomeAndTheEnginesTime() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05"])
        let profile = try await harness.client.createIdentificationProfile(locale: "en-us")
        let enrolled = try await harness.client.enroll(
            try AudioFixtures.data("awb-enroll.wav"), identificationProfile: profile, shortAudio: true)
        _ = try await harness.client.waitForCompletion(at: enrolled)
        let silence = try await harness.client.enroll(
            try AudioFixtures.data("silence-6s.wav"), identificationProfile: profile, shortAudio: true)
        await #expect(throws: SpidError.self) { try await harness.client.waitForCompletion(at: silence) }
        let url = try #require(URL(string: "http://127.0.0.1:\(harness.server.port)/metrics"))
        let text = String(decoding: try await harness.transport.send(TransportRequest(method: "GET", url: url)).body, as: UTF8.self)
        for line in [
            #"spid_operations_ended_total{kind="enrollment",status="succeeded"} 1"#,
            #"spid_operations_ended_total{kind="enrollment",status="failed"} 1"#,
            #"spid_operation_duration_seconds_count{kind="enrollment",status="succeeded"} 1"#,
        ] {
            #expect(text.contains(line), "missing: \(line)")
        }
        let engine = try #require(
            text.split(separator: "\n").first { $0.hasPrefix(#"spid_engine_seconds_total{kind="enrollment"}"#) }, "\(text)")
        #expect((Double(engine.split(separator: " ").last ?? "") ?? 0) > 0, "\(engine)")
    }

    @Test func logsAsJSONLinesWithoutTheKey() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--log-format", "json", "--log-level", "debug"])
        _ = try await harness.raw("GET", "/identificationProfiles")
        let lines = harness.server.log.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let record = try JSONParser().parse(String(line))
            #expect(record["level"]?.stringValue != nil && record["message"]?.stringValue != nil, "\(line)")
        }
        #expect(lines.contains { (try? JSONParser().parse(String($0)))?["message"]?.stringValue == "starting" })
        #expect(!harness.server.log.contains(harness.server.key))
    }

    @Test func healthAndReadinessNeedNoKey() async throws {
        let harness = try await ServerHarness()
        for (path, status) in [("/health", "ok"), ("/ready", "ready")] {
            let url = try #require(URL(string: "http://127.0.0.1:\(harness.server.port)\(path)"))
            let answer = try await harness.transport.send(TransportRequest(method: "GET", url: url))
            #expect(answer.statusCode == 200)
            #expect(answer.json?["status"]?.stringValue == status)
        }
    }
}
