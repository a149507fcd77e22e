/// How a citizen plays the score (MODEL.md section 2). Stored as one byte per citizen.
public enum Strategy: UInt8, CaseIterable, Sendable {
    /// Buys and posts as its taste and opinion dictate, bent only by the incentive.
    case honest = 0
    /// Adds fake approved purchases and spam posts.
    case padder = 1
    /// Buys disapproved goods on the black market, hiding them from the score.
    case evader = 2
    /// Pads like a padder, and keeps a ring of mutual friends it never drops.
    case colluder = 3
    /// Refuses the score together with others (MODEL.md 7.14): posts dissent openly, buys no
    /// approved goods, unfriends nobody. Reached only through collective refusal's seeds
    /// and threshold rule, never by imitation, and kept to the end of the run.
    case resister = 4

    /// Whether this strategy games the score (padder, evader, colluder): the citizens the
    /// audit looks at and the gamers of `gamer_score_premium`.
    @inlinable public var games: Bool { self == .padder || self == .evader || self == .colluder }

    /// Whether this strategy fakes purchases and posts when enrolled.
    @inlinable public var pads: Bool { self == .padder || self == .colluder }
}

/// A citizen's benefit or penalty tier (MODEL.md 7.7). Stored as one byte per citizen.
public enum Tier: UInt8, Sendable {
    case none = 0
    case benefit = 1
    case penalty = 2
}
