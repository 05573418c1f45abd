import Foundation

/// A Gaussian mixture with diagonal covariances: the universal background model and, adapted
/// by MAP, each speaker's model.
struct GaussianMixture: Sendable {
    let dimension: Int
    private(set) var weights: [Float]
    private(set) var means: [Float]
    private(set) var variances: [Float]
    /// log wₖ − ½ Σ log(2π σ²): the constant part of each component's log density.
    private var constants: [Float] = []
    private var precisions: [Float] = []

    var componentCount: Int { weights.count }

    init(dimension: Int, weights: [Float], means: [Float], variances: [Float]) {
        self.dimension = dimension
        self.weights = weights
        self.means = means
        self.variances = variances
        prepare()
    }

    private mutating func prepare() {
        precisions = variances.map { 1 / $0 }
        constants = (0..<componentCount).map { component in
            var sum: Float = 0
            for column in 0..<dimension { sum += log(2 * Float.pi * variances[component * dimension + column]) }
            return log(max(weights[component], 1e-10)) - sum / 2
        }
    }

    /// Trains a mixture by expectation–maximisation; deterministic for the same frames.
    static func train(
        on frames: FeatureMatrix, components requested: Int, iterations: Int, varianceFloor: Float = 0.01
    ) -> GaussianMixture {
        let dimension = frames.dimension
        let rows = frames.rowCount
        let components = max(1, min(requested, rows / 4))
        var globalVariance = [Float](repeating: 0, count: dimension)
        var globalMean = [Float](repeating: 0, count: dimension)
        for index in 0..<rows {
            for column in 0..<dimension { globalMean[column] += frames.values[index * dimension + column] }
        }
        for column in 0..<dimension { globalMean[column] /= Float(max(rows, 1)) }
        for index in 0..<rows {
            for column in 0..<dimension {
                let difference = frames.values[index * dimension + column] - globalMean[column]
                globalVariance[column] += difference * difference
            }
        }
        globalVariance = globalVariance.map { max($0 / Float(max(rows, 1)), 1e-4) }
        var means: [Float] = []
        for component in 0..<components {
            means += frames.row((component * rows + rows / 2) / components)
        }
        var mixture = GaussianMixture(
            dimension: dimension, weights: [Float](repeating: 1 / Float(components), count: components),
            means: means, variances: (0..<components).flatMap { _ in globalVariance })
        let floors = globalVariance.map { $0 * varianceFloor }
        for _ in 0..<iterations {
            let statistics = mixture.statistics(of: frames, wantSquares: true)
            var weights = [Float](repeating: 0, count: components)
            var newMeans = mixture.means
            var newVariances = mixture.variances
            for component in 0..<components {
                let count = statistics.counts[component]
                weights[component] = Float(count / Double(max(rows, 1)))
                guard count > 1e-3 else { continue }
                for column in 0..<dimension {
                    let position = component * dimension + column
                    let mean = statistics.sums[position] / count
                    newMeans[position] = Float(mean)
                    let variance = statistics.squares[position] / count - mean * mean
                    newVariances[position] = max(Float(variance), floors[column])
                }
            }
            mixture = GaussianMixture(dimension: dimension, weights: weights, means: newMeans, variances: newVariances)
        }
        return mixture
    }

    /// Zeroth, first (and optionally second) order statistics of `frames` under this mixture.
    func statistics(of frames: FeatureMatrix, wantSquares: Bool) -> (counts: [Double], sums: [Double], squares: [Double]) {
        let components = componentCount
        var counts = [Double](repeating: 0, count: components)
        var sums = [Double](repeating: 0, count: components * dimension)
        var squares = [Double](repeating: 0, count: wantSquares ? components * dimension : 0)
        var posterior = [Float](repeating: 0, count: components)
        frames.values.withUnsafeBufferPointer { values in
            for index in 0..<frames.rowCount {
                let row = UnsafeBufferPointer(rebasing: values[index * dimension..<(index + 1) * dimension])
                let total = componentLogDensities(row, into: &posterior)
                for component in 0..<components {
                    let gamma = exp(posterior[component] - total)
                    guard gamma > 1e-6 else { continue }
                    counts[component] += Double(gamma)
                    let base = component * dimension
                    for column in 0..<dimension {
                        let value = Double(row[column]) * Double(gamma)
                        sums[base + column] += value
                        if wantSquares { squares[base + column] += value * Double(row[column]) }
                    }
                }
            }
        }
        return (counts, sums, squares)
    }

    /// A speaker model: this mixture's means moved toward `frames` by MAP with `relevance`.
    func adapted(to frames: FeatureMatrix, relevance: Double = 16) -> GaussianMixture {
        let statistics = statistics(of: frames, wantSquares: false)
        var adaptedMeans = means
        for component in 0..<componentCount {
            let count = statistics.counts[component]
            guard count > 0 else { continue }
            let alpha = count / (count + relevance)
            for column in 0..<dimension {
                let position = component * dimension + column
                let mean = statistics.sums[position] / count
                adaptedMeans[position] = Float(alpha * mean + (1 - alpha) * Double(means[position]))
            }
        }
        return GaussianMixture(dimension: dimension, weights: weights, means: adaptedMeans, variances: variances)
    }

    /// `count` frames drawn from the mixture, the same ones for the same seed.
    func samples(count: Int, seed: UInt64) -> FeatureMatrix {
        var random = SeededRandom(seed: seed)
        var cumulative: [Float] = []
        var running: Float = 0
        for weight in weights {
            running += weight
            cumulative.append(running)
        }
        var values: [Float] = []
        values.reserveCapacity(count * dimension)
        for _ in 0..<count {
            let pick = Float.random(in: 0..<running, using: &random)
            let component = cumulative.firstIndex { pick < $0 } ?? componentCount - 1
            for column in 0..<dimension {
                let position = component * dimension + column
                values.append(means[position] + variances[position].squareRoot() * random.nextGaussian())
            }
        }
        return FeatureMatrix(dimension: dimension, values: values)
    }

    /// Swift source that rebuilds this mixture (for the generated generic background).
    func swiftSource(typeName: String, comment: String) -> String {
        func list(_ values: [Float]) -> String {
            stride(from: 0, to: values.count, by: 8).map { start in
                "        " + values[start..<min(start + 8, values.count)].map { "\($0)" }.joined(separator: ", ") + ","
            }.joined(separator: "\n")
        }
        return """
            // Generated by scripts/fixtures/make-background; do not edit by hand.
            // \(comment)
            enum \(typeName) {
                static let dimension = \(dimension)
                static let weights: [Float] = [
            \(list(weights))
                ]
                static let means: [Float] = [
            \(list(means))
                ]
                static let variances: [Float] = [
            \(list(variances))
                ]
            }

            """
    }

    /// Mean log-likelihood per frame.
    func averageLogLikelihood(of frames: FeatureMatrix) -> Double {
        guard frames.rowCount > 0 else { return 0 }
        var scratch = [Float](repeating: 0, count: componentCount)
        var total: Double = 0
        frames.values.withUnsafeBufferPointer { values in
            for index in 0..<frames.rowCount {
                let row = UnsafeBufferPointer(rebasing: values[index * dimension..<(index + 1) * dimension])
                total += Double(componentLogDensities(row, into: &scratch))
            }
        }
        return total / Double(frames.rowCount)
    }

    /// Fills `densities` with each component's log weighted density at `row`; returns their log-sum.
    private func componentLogDensities(_ row: UnsafeBufferPointer<Float>, into densities: inout [Float]) -> Float {
        var best = -Float.infinity
        means.withUnsafeBufferPointer { means in
            precisions.withUnsafeBufferPointer { precisions in
                for component in 0..<componentCount {
                    let base = component * dimension
                    var sum: Float = 0
                    for column in 0..<dimension {
                        let difference = row[column] - means[base + column]
                        sum += difference * difference * precisions[base + column]
                    }
                    let value = constants[component] - sum / 2
                    densities[component] = value
                    best = max(best, value)
                }
            }
        }
        var total: Float = 0
        for component in 0..<componentCount { total += exp(densities[component] - best) }
        return best + log(total)
    }
}
