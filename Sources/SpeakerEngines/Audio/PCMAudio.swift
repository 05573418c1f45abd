/// Decoded mono audio: samples scaled to -1…1 at a known rate.
public struct PCMAudio: Sendable, Hashable {
    /// Samples from -1 to 1.
    public var samples: [Float]
    public var sampleRate: Int

    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Length in seconds.
    public var duration: Double { sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0 }
}
