/// Feature vectors of equal width, one row per frame, stored contiguously.
package struct FeatureMatrix: Sendable, Hashable {
    package let dimension: Int
    package private(set) var values: [Float]

    package init(dimension: Int, values: [Float] = []) {
        precondition(dimension > 0 && values.count % dimension == 0)
        self.dimension = dimension
        self.values = values
    }

    package var rowCount: Int { values.count / dimension }
    var isEmpty: Bool { values.isEmpty }

    func row(_ index: Int) -> ArraySlice<Float> { values[index * dimension..<(index + 1) * dimension] }

    mutating func append(contentsOf other: FeatureMatrix) { values += other.values }

    /// At most `limit` rows, taken evenly across the matrix so every part of the speech is kept.
    func evenlySampled(atMost limit: Int) -> FeatureMatrix {
        guard rowCount > limit, limit > 0 else { return self }
        var result: [Float] = []
        result.reserveCapacity(limit * dimension)
        for index in 0..<limit { result += row(index * rowCount / limit) }
        return FeatureMatrix(dimension: dimension, values: result)
    }

    /// Rows whose flag is set.
    func rows(where keep: [Bool]) -> FeatureMatrix {
        var result: [Float] = []
        for (index, flag) in keep.enumerated() where flag && index < rowCount { result += row(index) }
        return FeatureMatrix(dimension: dimension, values: result)
    }

    /// Cepstral mean and variance normalisation: every column to zero mean and unit variance.
    func normalised() -> FeatureMatrix {
        let rows = rowCount
        guard rows > 1 else { return self }
        var mean = [Double](repeating: 0, count: dimension)
        var square = [Double](repeating: 0, count: dimension)
        for index in 0..<rows {
            for column in 0..<dimension {
                let value = Double(values[index * dimension + column])
                mean[column] += value
                square[column] += value * value
            }
        }
        var scale = [Float](repeating: 1, count: dimension)
        for column in 0..<dimension {
            mean[column] /= Double(rows)
            let variance = square[column] / Double(rows) - mean[column] * mean[column]
            scale[column] = Float(1 / max(variance, 1e-8).squareRoot())
        }
        var result = values
        for index in 0..<rows {
            for column in 0..<dimension {
                let position = index * dimension + column
                result[position] = (values[position] - Float(mean[column])) * scale[column]
            }
        }
        return FeatureMatrix(dimension: dimension, values: result)
    }
}
