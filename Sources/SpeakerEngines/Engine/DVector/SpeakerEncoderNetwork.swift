import Foundation
import SpeakerRecognition

/// The speaker encoder's network: 3 LSTM layers over a window's mel frames, the last hidden
/// state through a linear layer, ReLU and L2 normalisation (resemblyzer's `VoiceEncoder.forward`).
///
/// Windows are independent, so they are run in groups: each group's input projections for all
/// time steps are one matrix product per layer, and each recurrent weight row is read once per
/// step for the whole group. Groups run on all cores of the caller's ``ComputePool``.
struct SpeakerEncoderNetwork: Sendable {
    let model: DVectorModel
    /// Windows run together through the recurrence.
    var groupSize = 8

    /// Embeddings (`embedding` floats each) of `count` windows of `steps` frames × 40 bands, laid
    /// out one after another in `frames`.
    func embeddings(ofWindows frames: [Float], count: Int, steps: Int) -> [[Float]] {
        let groups = stride(from: 0, to: count, by: groupSize).map { $0..<min($0 + groupSize, count) }
        let results = Locked([[Float]](repeating: [], count: count))
        let bandsPerWindow = steps * DVectorModel.melBands
        ComputePool.current.forEach(groups.count) { index in
            let group = groups[index]
            let input = Array(frames[group.lowerBound * bandsPerWindow..<group.upperBound * bandsPerWindow])
            let output = run(input, windows: group.count, steps: steps)
            results.withLock { for (offset, embedding) in output.enumerated() { $0[group.lowerBound + offset] = embedding } }
        }
        return results.withLock { $0 }
    }

    /// One group through every layer.
    private func run(_ input: [Float], windows: Int, steps: Int) -> [[Float]] {
        var sequence = input  // windows × steps × width
        var finalHidden: [Float] = []
        for (number, layer) in model.layers.enumerated() {
            let last = number == model.layers.count - 1
            (sequence, finalHidden) = forward(layer, sequence, windows: windows, steps: steps, keepSequence: !last)
        }
        let hidden = DVectorModel.hidden
        var embeddings = [Float](repeating: 0, count: windows * DVectorModel.embedding)
        embeddings.withUnsafeMutableBufferPointer { out in
            finalHidden.withUnsafeBufferPointer { h in
                model.projection.withUnsafeBufferPointer { w in
                    Kernels.rowProducts(
                        h.baseAddress!, rows: windows, aRow: hidden, w.baseAddress!, columns: DVectorModel.embedding, bRow: hidden,
                        depth: hidden, into: out.baseAddress!, cRow: DVectorModel.embedding, cColumn: 1, accumulate: false)
                }
            }
        }
        return (0..<windows).map { window in
            let row = embeddings[window * DVectorModel.embedding..<(window + 1) * DVectorModel.embedding]
            return Self.normalised(zip(row, model.projectionBias).map { max(0, $0 + $1) })
        }
    }

    /// One LSTM layer over a group; returns the hidden states of every step (when asked) and of the last.
    private func forward(
        _ layer: DVectorModel.Layer, _ input: [Float], windows: Int, steps: Int, keepSequence: Bool
    ) -> ([Float], [Float]) {
        let hidden = DVectorModel.hidden
        let gates = 4 * hidden
        let width = layer.inputSize
        // Input projections of every step of every window: (windows·steps) × gates, bias first.
        var projected = [Float](repeating: 0, count: windows * steps * gates)
        for row in 0..<windows * steps { projected.replaceSubrange(row * gates..<(row + 1) * gates, with: layer.bias) }
        projected.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { x in
                layer.inputWeights.withUnsafeBufferPointer { w in
                    Kernels.rowProducts(
                        x.baseAddress!, rows: windows * steps, aRow: width, w.baseAddress!, columns: gates, bRow: width, depth: width,
                        into: out.baseAddress!, cRow: gates, cColumn: 1, accumulate: true)
                }
            }
        }
        var h = [Float](repeating: 0, count: windows * hidden)
        var c = [Float](repeating: 0, count: windows * hidden)
        var sequence = keepSequence ? [Float](repeating: 0, count: windows * steps * hidden) : []
        projected.withUnsafeMutableBufferPointer { projected in
            sequence.withUnsafeMutableBufferPointer { sequence in
                h.withUnsafeMutableBufferPointer { h in
                    c.withUnsafeMutableBufferPointer { c in
                        layer.recurrentWeights.withUnsafeBufferPointer { w in
                            let g = projected.baseAddress!, h = h.baseAddress!, c = c.baseAddress!
                            for step in 0..<steps {
                                // Each window's gates of this step gain the recurrent term in place.
                                Kernels.rowProducts(
                                    w.baseAddress!, rows: gates, aRow: hidden, h, columns: windows, bRow: hidden, depth: hidden,
                                    into: g + step * gates, cRow: 1, cColumn: steps * gates, accumulate: true)
                                for window in 0..<windows {
                                    Kernels.lstmCell(
                                        gates: g + (window * steps + step) * gates, cell: c + window * hidden, hidden: h + window * hidden,
                                        units: hidden)
                                }
                                if keepSequence, let sequence = sequence.baseAddress {
                                    for window in 0..<windows {
                                        (sequence + (window * steps + step) * hidden).update(from: h + window * hidden, count: hidden)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (sequence, h)
    }

    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}
