/// MODEL.md 7.4: what a citizen is made to say drags what it thinks; its core belief
/// pulls back.
public enum OpinionRule {
    /// o <- clamp01(o + alpha_self (x - o) + alpha_peer (X - o) + alpha_core (o0 - o)).
    @inlinable
    public static func updated(opinion o: Double, ownShare x: Double, friendShare peer: Double, core: Double,
                               selfWeight: Double, peerWeight: Double, coreWeight: Double) -> Double {
        let next = o + selfWeight * (x - o) + peerWeight * (peer - o) + coreWeight * (core - o)
        return min(1, max(0, next))
    }
}

// Phase 4 runs inside the scoring pass (Scoring.swift), which visits friends once for both.
