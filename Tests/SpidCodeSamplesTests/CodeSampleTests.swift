import Foundation
import SpeakerRecognition
import SpidCodeSamples
import Testing

@Suite("CodeSample")
struct CodeSampleTests {
    let endpoint = try! ServiceEndpoint("http://127.0.0.1:8080")

    @Test("every language names the request, reads the key from the environment, and never holds a key")
    func keyFromTheEnvironment() {
        for call in everyCall {
            for sample in CodeSample.all(for: SampleRequest(call, endpoint: endpoint, keyVariable: "MY_SPID_KEY")) {
                #expect(sample.code.contains(call.template), "\(sample.language) \(call.template)")
                #expect(sample.code.contains(sample.language == .repl ? "$MY_SPID_KEY" : "MY_SPID_KEY"), "\(sample.language)")
            }
        }
    }

    @Test("a name that is not an environment variable's falls back to SPID_KEY")
    func keyVariableChecked() {
        let sample = CodeSample(SampleRequest(.profiles(.identification), endpoint: endpoint, keyVariable: "A;rm -rf /"), in: .curl)
        #expect(sample.code.contains("${SPID_KEY:?"))
        #expect(!sample.code.contains("rm -rf"))
    }

    @Test("the samples of one request are in the ten languages, in order")
    func tenLanguages() {
        let samples = CodeSample.all(for: SampleRequest(.operationStatus(id: "{operationId}"), endpoint: endpoint))
        #expect(samples.map(\.language) == SampleLanguage.allCases)
        #expect(SampleLanguage.allCases.count == 10)
    }

    @Test("language names as people type them")
    func languageNames() {
        #expect(SampleLanguage(named: "C#") == .csharp)
        #expect(SampleLanguage(named: "js") == .javascript)
        #expect(SampleLanguage(named: "Objective-C") == .objectiveC)
        #expect(SampleLanguage(named: "py") == .python)
        #expect(SampleLanguage(named: "SWIFT") == .swift)
        #expect(SampleLanguage(named: "cobol") == nil)
    }

    @Test("hostile text in a file name stays inside its literal")
    func hostileText() {
        let hostile = #"a'b"c\d$(touch x)`id`${HOME}#{1}"# + "\n" + "e"
        let request = SampleRequest(.enroll(.verification, id: "x", shortAudio: false), endpoint: endpoint, audioFile: hostile)
        let cFamily = #""a'b\"c\\d$(touch x)`id`${HOME}#{1}\ne""#
        let singleQuoted = #"'a\'b"c\\d$(touch x)`id`${HOME}#{1}\#u{FFFD}e'"#
        let expected: [SampleLanguage: String] = [
            .curl: #"@'a'\''b"c\d$(touch x)`id`${HOME}#{1}\#u{FFFD}e'"#, .python: cFamily, .javascript: cFamily, .java: cFamily,
            .csharp: cFamily, .swift: cFamily, .objectiveC: "@" + cFamily, .ruby: singleQuoted, .php: singleQuoted,
            .repl: #"-c 'enroll x "a'\''b\"c\\d\$(touch x)`id`\${HOME}#{1}\#u{FFFD}e"'"#,
        ]
        for sample in CodeSample.all(for: request) {
            let literal = expected[sample.language]!
            #expect(sample.code.contains(literal), "\(sample.language): \(literal) in \(sample.code)")
        }
    }

    @Test("curl's sample for an enrollment")
    func curlEnrollment() {
        let sample = CodeSample(
            SampleRequest(
                .enroll(.identification, id: "111f427c-3791-468f-b709-fcef7660fff9", shortAudio: true), endpoint: endpoint,
                audioFile: "alice.wav"),
            in: .curl)
        #expect(
            sample.code == """
                # POST /identificationProfiles/{identificationProfileId}/enroll: Speaker Recognition API v1.0
                # Run: SPID_KEY=your-key sh sample.sh
                curl -sS -i -X POST 'http://127.0.0.1:8080/spid/v1.0/identificationProfiles/111f427c-3791-468f-b709-fcef7660fff9/enroll?shortAudio=true' \\
                  -H "Ocp-Apim-Subscription-Key: ${SPID_KEY:?set SPID_KEY to your subscription key}" \\
                  -H 'Content-Type: application/octet-stream' \\
                  --data-binary @alice.wav

                """)
    }

    @Test("the REPL's line for an identification watches it")
    func replIdentification() {
        let sample = CodeSample(
            SampleRequest(.identify(candidates: ["a", "b"], shortAudio: true), endpoint: endpoint, audioFile: "my voice.wav"), in: .repl)
        #expect(
            sample.code.hasSuffix(
                "spid-repl --endpoint http://127.0.0.1:8080 -c 'identify '\\''my voice.wav'\\'' a b --short-audio; watch'\n"))
    }
}
