import SCRandom

/// Step-0 traits and collusion rings (MODEL.md sections 2 and 5).
extension Simulation {
    /// Draws every citizen's traits from section 2's distributions, block by block.
    ///
    /// Order of draws per citizen (fixed, part of reproducibility): dissent, sensitivity,
    /// reliability, buy rate, taste, strategy, enrolment, score.
    public func drawInitialTraits() {
        let p = parameters
        let pop = population
        let k = pop.categoryCount
        let cumulative = [p.shareHonest, p.shareHonest + p.sharePadder, p.shareHonest + p.sharePadder + p.shareEvader]
        let alpha = [Double](repeating: p.tasteConcentration, count: k)
        alpha.withUnsafeBufferPointer { alphaBuffer in
            let alphaBase = alphaBuffer.baseAddress!
            runner.forEachBlock(step: StreamKey.initialisationStep, phase: .initialTraits) { ctx in
                let r = ctx.random
                for i in ctx.citizens {
                    let o = r.beta(p.dissentAlpha, p.dissentBeta)
                    pop.dissent[i] = o
                    pop.core[i] = o
                    pop.sensitivity[i] = r.gamma(shape: p.sensitivityShape, scale: p.sensitivityScale)
                    let reliability = r.beta(p.reliabilityAlpha, p.reliabilityBeta)
                    pop.reliability[i] = reliability
                    pop.credit[i] = reliability
                    pop.buyRate[i] = r.lognormal(mu: p.buyRateMu, sigma: p.buyRateSigma)
                    r.dirichlet(alpha: alphaBase, into: pop.taste.base + i * k, count: k)
                    let u = r.uniform()
                    let strategy: Strategy = u < cumulative[0] ? .honest : u < cumulative[1] ? .padder : u < cumulative[2] ? .evader : .colluder
                    pop.strategy[i] = strategy.rawValue
                    pop.enrolled[i] = r.bernoulli(p.enrolledShare) ? 1 : 0
                    let s = r.normal(mean: p.initialScoreMean, sd: p.initialScoreSD)
                    pop.score[i] = min(p.scoreMax, max(p.scoreMin, s))
                }
            }
        }
    }

    /// Splits colluders, in random order, into rings of `ringSize` (the last may be
    /// smaller) and makes every pair of ring members friends (section 5).
    public func formRings() {
        var colluders: [Int32] = []
        for i in 0..<population.count where population.strategy[i] == Strategy.colluder.rawValue {
            colluders.append(Int32(i))
        }
        let random = RandomStream(kind: parameters.generator, key: initialisationKey(.initialRings))
        random.shuffle(&colluders)
        let size = parameters.ringSize
        var start = 0
        while start < colluders.count {
            let members = Array(colluders[start..<min(colluders.count, start + size)])
            let id = rings.makeRing(members)
            for (a, first) in members.enumerated() {
                population.ring[Int(first)] = id
                for second in members[(a + 1)...] { graph.addEdge(Int(first), Int(second)) }
            }
            start += size
        }
    }
}
