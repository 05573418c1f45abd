import Foundation
import SpeakerRecognition

/// The speaker encoder's network: 3 LSTM layers over a window's mel frames, the last hidden
/// state through a linear layer, ReLU and L2 normalisation (resemblyzer's `VoiceEncoder.forward`).
///
/// Windows are independent, so they are run in groups: each group's input projections for all
/// time steps are one matrix product per layer, and each recurrent weight row is read once per
/// step for the whole group. Groups run on all cores.
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
        DispatchQueue.concurrentPerform(iterations: groups.count) { index in
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
        var finalHidden = [Float]()
        for (number, layer) in model.layers.enumerated() {
            let last = number == model.layers.count - 1
            (sequence, finalHidden) = forward(layer, sequence, windows: windows, steps: steps, keepSequence: !last)
        }
        let hidden = DVectorModel.hidden
        return (0..<windows).map { window in
            var embedding = [Float](repeating: 0, count: DVectorModel.embedding)
            finalHidden.withUnsafeBufferPointer { h in
                model.projection.withUnsafeBufferPointer { w in
                    for row in 0..<DVectorModel.embedding {
                        let value = Kernels.dot(w.baseAddress! + row * hidden, h.baseAddress! + window * hidden, hidden)
                            + model.projectionBias[row]
                        embedding[row] = max(0, value)
                    }
                }
            }
            return Self.normalised(embedding)
        }
    }

    /// One LSTM layer over a group; returns the hidden states of every step (when asked) and of the last.
    private func forward(
        _ layer: DVectorModel.Layer, _ input: [Float], windows: Int, steps: Int, keepSequence: Bool
    ) -> ([Float], [Float]) {
        let hidden = DVectorModel.hidden
        let gates = 4 * hidden
        let width = layer.inputSize
        // Input projections of every step of every window: (windows·steps) × gates.
        var projected = [Float](repeating: 0, count: windows * steps * gates)
        projected.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { x in
                layer.inputWeights.withUnsafeBufferPointer { w in
                    for window in 0..<windows {
                        let rows = window * steps
                        for gate in 0..<gates {
                            let weights = w.baseAddress! + gate * width
                            let bias = layer.bias[gate]
                            for step in 0..<steps {
                                out[(rows + step) * gates + gate] =
                                    Kernels.dot(weights, x.baseAddress! + (rows + step) * width, width) + bias
                            }
                        }
                    }
                }
            }
        }
        var h = [Float](repeating: 0, count: windows * hidden)
        var c = [Float](repeating: 0, count: windows * hidden)
        var sequence = keepSequence ? [Float](repeating: 0, count: windows * steps * hidden) : []
        var current = [Float](repeating: 0, count: windows * gates)
        for step in 0..<steps {
            current.withUnsafeMutableBufferPointer { g in
                h.withUnsafeBufferPointer { h in
                    layer.recurrentWeights.withUnsafeBufferPointer { w in
                        projected.withUnsafeBufferPointer { p in
                            for gate in 0..<gates {
                                let weights = w.baseAddress! + gate * hidden
                                for window in 0..<windows {
                                    g[window * gates + gate] = p[(window * steps + step) * gates + gate]
                                        + Kernels.dot(weights, h.baseAddress! + window * hidden, hidden)
                                }
                            }
                        }
                    }
                }
            }
            for window in 0..<windows {
                let g = window * gates, s = window * hidden
                for unit in 0..<hidden {
                    let inputGate = Kernels.sigmoid(current[g + unit])
                    let forgetGate = Kernels.sigmoid(current[g + hidden + unit])
                    let cellGate = tanhf(current[g + 2 * hidden + unit])
                    let outputGate = Kernels.sigmoid(current[g + 3 * hidden + unit])
                    let cell = forgetGate * c[s + unit] + inputGate * cellGate
                    c[s + unit] = cell
                    h[s + unit] = outputGate * tanhf(cell)
                }
                if keepSequence {
                    let target = (window * steps + step) * hidden
                    sequence.replaceSubrange(target..<target + hidden, with: h[s..<s + hidden])
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
