import SpidCodeSamples

/// One call of each of the API's 16 endpoints, with GUIDs, for tests that go over them all.
public enum SampleCalls {
    public static let profileID = "111f427c-3791-468f-b709-fcef7660fff9"

    public static let every: [APICall] = {
        let other = "e9e0c3a7-0000-4000-8000-000000000002"
        var calls: [APICall] = []
        for kind in APICall.ProfileKind.allCases {
            calls += [
                .createProfile(kind, locale: "en-us"), .profile(kind, id: profileID), .profiles(kind), .deleteProfile(kind, id: profileID),
                .resetProfile(kind, id: profileID), .enroll(kind, id: profileID, shortAudio: kind == .identification),
            ]
        }
        return calls + [
            .identify(candidates: [profileID, other], shortAudio: true), .verify(profile: profileID), .verificationPhrases(locale: "en-us"),
            .operationStatus(id: profileID),
        ]
    }()
}
