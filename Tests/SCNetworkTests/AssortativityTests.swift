import Testing
import SCRandom
@testable import SCNetwork

/// r = sum (x - mean)(y - mean) / sum (x - mean)^2 over the ties counted both ways
/// (x the value at one end, y at the other); both ends share one mean and variance.
struct AssortativityTests {
    func all(_ n: Int) -> [Bool] { [Bool](repeating: true, count: n) }

    @Test func symmetricPathIsUncorrelated() {
        // 0-1-2 with values 1, 2, 3: pairs (1,2) (2,1) (2,3) (3,2), mean 2.
        // Deviations x: -1 0 0 1, y: 0 -1 1 0; every product is 0, so r = 0.
        let r = Assortativity.pearson(graph: GraphFixtures.graph(3, [(0, 1), (1, 2)]), values: [1, 2, 3], included: all(3))
        #expect(r == 0)
    }

    @Test func longerPathIsPartlyAssortative() {
        // 0-1-2-3 with values 1, 2, 3, 4: pairs (1,2) (2,1) (2,3) (3,2) (3,4) (4,3),
        // mean 15/6 = 2.5. Deviations x: -1.5 -0.5 -0.5 0.5 0.5 1.5,
        // y: -0.5 -1.5 0.5 -0.5 1.5 0.5. Cross sum 0.75 + 0.75 - 0.25 - 0.25 + 0.75 + 0.75
        // = 2.5; square sum 2.25 + 0.25 x 4 + 2.25 = 5.5. r = 2.5 / 5.5 = 5/11.
        let r = Assortativity.pearson(graph: GraphFixtures.path4, values: [1, 2, 3, 4], included: all(4))
        #expect(r.map { abs($0 - 5.0 / 11.0) < 1e-12 } == true)
    }

    @Test func likeTiedToLikeIsPerfectlyAssortative() {
        // 0-1 both valued 1, 2-3 both valued 5: every pair has x == y, so r = 1.
        let graph = GraphFixtures.graph(4, [(0, 1), (2, 3)])
        let r = Assortativity.pearson(graph: graph, values: [1, 1, 5, 5], included: all(4))
        #expect(r.map { abs($0 - 1) < 1e-12 } == true)
    }

    @Test func starIsPerfectlyDisassortative() {
        // Centre valued 1, four leaves valued 0: pairs (1,0) x 4 and (0,1) x 4, mean 0.5;
        // each product is (0.5)(-0.5) = -0.25 and each square 0.25, so r = -2 / 2 = -1.
        let r = Assortativity.pearson(graph: GraphFixtures.star4, values: [1, 0, 0, 0, 0], included: all(5))
        #expect(r.map { abs($0 + 1) < 1e-12 } == true)
    }

    @Test func maskDropsTiesOfExcludedCitizens() {
        // Ties 0-1 (1, 1), 2-3 (5, 5) and 0-4 (1, 5).
        // All included: pairs (1,1) (1,1) (5,5) (5,5) (1,5) (5,1), mean 18/6 = 3,
        // deviations +-2: products 4 + 4 + 4 + 4 - 4 - 4 = 8, squares 6 x 4 = 24, r = 1/3.
        // Excluding citizen 4 removes the mixed tie, leaving r = 1.
        let graph = GraphFixtures.graph(5, [(0, 1), (2, 3), (0, 4)])
        let values: [Double] = [1, 1, 5, 5, 5]
        let everyone = Assortativity.pearson(graph: graph, values: values, included: all(5))
        #expect(everyone.map { abs($0 - 1.0 / 3.0) < 1e-12 } == true)
        let withoutFour = Assortativity.pearson(graph: graph, values: values, included: [true, true, true, true, false])
        #expect(withoutFour.map { abs($0 - 1) < 1e-12 } == true)
    }

    @Test func undefinedCasesAreNil() {
        // No ties at all.
        #expect(Assortativity.pearson(graph: FriendshipGraph(nodeCount: 3), values: [1, 2, 3], included: all(3)) == nil)
        // Every tie end has the same value: zero variance (0.1 is inexact in binary,
        // so this also checks that rounding cannot invent a variance).
        #expect(Assortativity.pearson(graph: GraphFixtures.triangle, values: [0.1, 0.1, 0.1], included: all(3)) == nil)
        // Only the isolated citizen 5 differs, and it is on no tie.
        #expect(Assortativity.pearson(graph: GraphFixtures.triangleWithIsolates, values: [2, 2, 2, 0, 0, 9], included: all(6)) == nil)
        // The mask leaves no tie with both ends included.
        #expect(Assortativity.pearson(graph: GraphFixtures.star4, values: [1, 0, 0, 0, 0], included: [false, true, true, true, true]) == nil)
    }

    @Test func bufferOverloadAgreesWithArrays() {
        let graph = GraphFixtures.graph(5, [(0, 1), (2, 3), (0, 4)])
        let values: [Double] = [1, 1, 5, 5, 5]
        let mask: [UInt8] = [1, 1, 1, 1, 0]
        let fromBuffers = values.withUnsafeBufferPointer { v in
            mask.withUnsafeBufferPointer { m in Assortativity.pearson(graph: graph, values: v, included: m) }
        }
        let fromArrays = Assortativity.pearson(graph: graph, values: values, included: mask.map { $0 != 0 })
        #expect(fromBuffers != nil && fromBuffers == fromArrays)
        // Any nonzero byte means included.
        let mask2: [UInt8] = [7, 255, 1, 2, 1]
        let everyone = values.withUnsafeBufferPointer { v in
            mask2.withUnsafeBufferPointer { m in Assortativity.pearson(graph: graph, values: v, included: m) }
        }
        #expect(everyone.map { abs($0 - 1.0 / 3.0) < 1e-12 } == true)
    }
}

/// Per-block sums, run in any order, against one block.
struct BlockedAssortativityTests {
    @Test func blocksInAnyOrderGiveTheSameCorrelation() {
        let n = 3_000
        let graph = ErdosRenyi.generate(nodeCount: n, meanDegree: 8, random: RandomStream(seed: 11))
        let values = (0..<n).map { Double($0 % 97) + Double($0 % 13) * 0.25 }
        let mask = (0..<n).map { UInt8($0 % 3 == 0 ? 0 : 1) }
        values.withUnsafeBufferPointer { v in
            mask.withUnsafeBufferPointer { m in
                let whole = Assortativity.pearson(graph: graph, values: v, included: m)!
                let forwards = Assortativity.pearson(graph: graph, values: v, included: m, blockSize: 64)!
                let backwards = Assortativity.pearson(graph: graph, values: v, included: m, blockSize: 64) { count, body in
                    for b in (0..<count).reversed() { body(b) }
                }
                // Block order never changes the result; block size changes only rounding.
                #expect(forwards == backwards)
                #expect(abs(forwards - whole) < 1e-12)
            }
        }
    }
}

/// The pass against the plain rule written out: per block, citizen
/// by citizen, each one's friends in list order, the sums added in block order. Equal bit
/// for bit, with fractional values (so any change of the order of additions would show),
/// excluded citizens and friends, odd and even blocks, lists of unequal lengths.
struct PlainRuleAssortativityTests {
    static func plain(_ graph: FriendshipGraph, _ value: [Double], _ mask: [UInt8], blockSize: Int) -> Double? {
        let n = graph.nodeCount
        var shift = 0.0
        if let first = (0..<n).first(where: { mask[$0] != 0 }) { shift = value[first] }
        var total = (ends: 0, x: 0.0, xx: 0.0, xy: 0.0, lowest: Double.infinity, highest: -Double.infinity)
        for b in stride(from: 0, to: n, by: blockSize) {
            var sums = (ends: 0, x: 0.0, xx: 0.0, xy: 0.0, lowest: Double.infinity, highest: -Double.infinity)
            for u in b..<min(n, b + blockSize) where mask[u] != 0 {
                var d = 0, y = 0.0
                for v in graph.neighbors(of: u) where mask[Int(v)] != 0 {
                    d += 1
                    y += value[Int(v)] - shift
                }
                guard d > 0 else { continue }
                let x = value[u] - shift
                sums.ends += d
                sums.x += Double(d) * x
                sums.xx += Double(d) * x * x
                sums.xy += x * y
                sums.lowest = min(sums.lowest, value[u])
                sums.highest = max(sums.highest, value[u])
            }
            total.ends += sums.ends; total.x += sums.x; total.xx += sums.xx; total.xy += sums.xy
            total.lowest = min(total.lowest, sums.lowest); total.highest = max(total.highest, sums.highest)
        }
        guard total.ends > 0, total.lowest < total.highest else { return nil }
        let e = Double(total.ends), mean = total.x / e
        let variance = total.xx / e - mean * mean
        guard variance > 0 else { return nil }
        return (total.xy / e - mean * mean) / variance
    }

    @Test(arguments: [1, 2, 3, 64, 65, Int.max])
    func sameBitsAsThePlainRule(blockSize: Int) {
        let random = RandomStream(seed: 23)
        for n in [1, 2, 7, 2_001] {
            let graph = ErdosRenyi.generate(nodeCount: n, meanDegree: 9, random: random)
            let values = (0..<n).map { _ in 350 + 600 * random.uniform() }
            let mask = (0..<n).map { _ in UInt8(random.bernoulli(0.8) ? 1 : 0) }
            let fast = values.withUnsafeBufferPointer { v in
                mask.withUnsafeBufferPointer { m in Assortativity.pearson(graph: graph, values: v, included: m, blockSize: blockSize) }
            }
            let expected = Self.plain(graph, values, mask, blockSize: blockSize)
            #expect(fast?.bitPattern == expected?.bitPattern, "\(n) citizens, blocks of \(blockSize)")
        }
    }

    /// Values of both signs and zeros (an excluded friend's term times 0 is then -0.0 as
    /// often as +0.0), masks with bytes other than 0 and 1, and excluded citizens whose
    /// values are infinite or NaN (the branchless sums turn NaN and are taken again the
    /// plain way): still the plain rule's bits.
    @Test(arguments: [false, true])
    func sameBitsWithSignedZerosOddMasksAndNonFiniteExcludedValues(nonFinite: Bool) {
        let random = RandomStream(seed: 29)
        for n in [3, 50, 1_500] {
            let graph = ErdosRenyi.generate(nodeCount: n, meanDegree: 8, random: random)
            var values = (0..<n).map { _ in random.uniform() < 0.1 ? 0 : 2 * random.uniform() - 1 }
            let mask = (0..<n).map { _ in random.bernoulli(0.6) ? UInt8(1 + random.uniformInt(255)) : 0 }
            if nonFinite {
                for i in 0..<n where mask[i] == 0 && random.bernoulli(0.3) { values[i] = random.bernoulli(0.5) ? .infinity : .nan }
            }
            let fast = values.withUnsafeBufferPointer { v in
                mask.withUnsafeBufferPointer { m in Assortativity.pearson(graph: graph, values: v, included: m, blockSize: 64) }
            }
            let expected = Self.plain(graph, values, mask, blockSize: 64)
            if n > 3 { #expect(expected != nil && expected!.isFinite) }
            #expect(fast?.bitPattern == expected?.bitPattern, "\(n) citizens")
        }
    }
}
