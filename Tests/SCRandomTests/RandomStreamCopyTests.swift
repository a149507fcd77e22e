import Testing
@testable import SCRandom

/// `RandomStream.copy()` and `follow(_:)`, which let a loop look ahead in its stream.
struct RandomStreamCopyTests {
    @Test(arguments: [GeneratorKind.taus2, .mt19937])
    func aCopyDrawsTheSameNumbersWithoutMovingTheOriginal(kind: GeneratorKind) {
        let stream = RandomStream(kind: kind, seed: 17)
        for _ in 0..<5 { _ = stream.uniform() }
        let copy = stream.copy()
        let ahead = (0..<100).map { _ in copy.uniformInt(1000) }
        let drawn = (0..<100).map { _ in stream.uniformInt(1000) }
        #expect(ahead == drawn)
        // Following puts a stream back in step after it went its own way.
        _ = copy.uniform()
        copy.follow(stream)
        #expect(copy.uniform() == stream.uniform())
    }
}
