import SCNetwork
import SCRandom

/// Every number the reference model uses, with MODEL.md's defaults.
///
/// One flat value type so that a scenario file, `--set`, and a timeline event all address
/// the same fields through `ParameterCatalog`; nothing in the phases uses a literal that
/// is not here. Greek letters from MODEL.md are given next to each field.
public struct ModelParameters: Equatable, Sendable {
    // MARK: Run

    /// Scenario name; the default output folder is `runs/NAME-SEED`.
    public var name = "unnamed"
    /// The run's seed: every stream is keyed by it.
    public var seed: Int = 1
    /// Number of steps (weeks) to run.
    public var steps: Int = 520
    /// Which model the engine runs: `reference` (MODEL.md) or `adaptive_voter` (Holme and
    /// Newman 2006, docs/VALIDATION.md); both share the graph, generators, streams and output.
    public var model = "reference"

    // MARK: Population (section 2)

    /// N, the number of citizens.
    public var populationSize = 10_000
    /// Share enrolled at step 0 (Bernoulli).
    public var enrolledShare = 0.30
    /// dissent o_i ~ Beta(alpha, beta).
    public var dissentAlpha = 2.0
    public var dissentBeta = 5.0
    /// sensitivity s_i ~ Gamma(shape, scale).
    public var sensitivityShape = 2.0
    public var sensitivityScale = 0.5
    /// reliability r_i ~ Beta(alpha, beta).
    public var reliabilityAlpha = 8.0
    public var reliabilityBeta = 2.0
    /// buyRate lambda_i ~ Lognormal(mu, sigma); mu = ln 3.
    public var buyRateMu = 1.0986122886681098
    public var buyRateSigma = 0.5
    /// taste theta_i ~ Dirichlet(concentration, ..., concentration).
    public var tasteConcentration = 1.0
    /// score S_i ~ Normal(mean, sd), clamped to [score.min, score.max].
    public var initialScoreMean = 600.0
    public var initialScoreSD = 50.0
    /// Strategy shares; they must sum to 1.
    public var shareHonest = 0.90
    public var sharePadder = 0.04
    public var shareEvader = 0.04
    public var shareColluder = 0.02
    /// Members per collusion ring (the last ring may be smaller).
    public var ringSize = 5

    // MARK: Network (section 5)

    /// `watts_strogatz`, `erdos_renyi`, `barabasi_albert`, `stochastic_block` or `edge_list`.
    public var networkGenerator = NetworkGenerator.wattsStrogatz
    /// Watts-Strogatz: neighbours in the ring lattice (even).
    public var networkK = 10
    /// Watts-Strogatz: rewiring probability.
    public var networkRewire = 0.1
    /// Erdos-Renyi: mean degree c, so p = c / (N - 1).
    public var networkMeanDegree = 10.0
    /// Barabasi-Albert: ties each newcomer makes.
    public var networkM = 5
    /// Stochastic block model: number of equal blocks and tie probabilities.
    public var networkBlocks = 4
    public var networkPIn = 0.01
    public var networkPOut = 0.0005
    /// Edge list: path of the file, relative to the scenario file.
    public var networkPath = ""

    // MARK: Goods (section 2)

    /// The goods catalogue; K = goods.count.
    public var goods: [Good] = Good.defaultCatalogue

    // MARK: Policy (section 8)

    /// Everyone is enrolled (at `adoption.startScore`) while true.
    public var mandatory = false
    /// Whether the penalty tier applies.
    public var penalties = false

    // MARK: 7.1 Adoption

    /// Probability per step that a citizen outside the system enrols: base + peer * share of enrolled friends.
    public var adoptionBaseRate = 0.002
    public var adoptionPeerRate = 0.002
    /// B_ref: points each enrolled friend of a voluntary newcomer gains.
    public var referralBonus = 5.0
    /// Score of a citizen who enrols after step 0.
    public var startScore = 600.0

    // MARK: 7.2 Consumption

    /// beta_buy: how strongly the score tilts purchases toward approved goods.
    public var buyIncentive = 1.5
    /// h: probability that an evader hides a disapproved purchase.
    public var hideProbability = 0.8
    /// Mean fake purchases per step of an enrolled padder or colluder.
    public var fakePurchaseRate = 2.0

    // MARK: 7.3 Expression

    /// Mean genuine posts per step (times m_net).
    public var postRate = 2.0
    /// beta_share: how strongly the score silences dissent.
    public var shareIncentive = 2.0
    /// gamma_peer: pull of friends' dissent share.
    public var peerPressure = 2.0
    /// Mean spam posts per step of an enrolled padder or colluder.
    public var spamRate = 2.0

    // MARK: 7.4 Opinion

    /// alpha_self, alpha_peer, alpha_core.
    public var opinionSelfWeight = 0.01
    public var opinionPeerWeight = 0.01
    public var opinionCoreWeight = 0.02

    // MARK: 7.5 Bills

    /// Weight of the old credit record: c <- memory c + (1 - memory) b.
    public var creditMemory = 0.9

    // MARK: 7.6 Scoring

    /// S_mid and R.
    public var scoreMid = 600.0
    public var scoreRange = 250.0
    /// Bounds of the public score.
    public var scoreMin = 350.0
    public var scoreMax = 950.0
    /// eta: weight of friends' scores against the average.
    public var eta = 0.3
    /// rho: share of the gap to the target closed per step.
    public var scoreRelaxation = 0.1
    /// What F_i is for a citizen without enrolled friends.
    public var friendless: FriendlessRule = .mean
    /// w_credit, w_buy, w_share.
    public var weightCredit = 0.4
    public var weightBuy = 0.3
    public var weightShare = 0.3
    /// c_ref, P_ref, H_ref.
    public var normCredit = 0.8
    public var normBuy = 0.1
    public var normShare = 0.4
    /// Points lost at the next scoring by a citizen caught in an audit.
    public var auditPenalty = 100.0

    // MARK: 7.7 Tiers

    public var benefitThreshold = 700.0
    public var penaltyThreshold = 600.0
    /// m_inc in the benefit tier, and the factor on its tie proposals.
    public var benefitIncome = 1.2
    public var benefitTieBoost = 1.5
    /// m_inc and m_net in the penalty tier.
    public var penaltyIncome = 0.8
    public var penaltyNetwork = 0.5

    // MARK: 7.8 Ties

    /// Probability per step that a tie outside a ring drifts apart.
    public var driftRate = 0.01
    /// Probability that a citizen looks at a given enrolled friend's score.
    public var lookProbability = 0.1
    /// kappa_u, and the factor colluders apply to it for non-members.
    public var unfriendStrength = 2.0
    public var colluderUnfriendFactor = 2.0
    /// Probability per step of proposing a tie, and the share aimed at friends of friends.
    public var proposeRate = 0.05
    public var triadicShare = 0.7
    /// kappa_a.
    public var acceptStrength = 2.0

    // MARK: 7.9 Audit

    public var auditRate = 0.02
    public var auditDetection = 0.5
    public var reformProbability = 0.5

    // MARK: 7.10 Imitation

    public var imitationRate = 0.01
    /// Temperature of the copy probability sigmoid((Pi_j - Pi_i) / temperature).
    public var imitationTemperature = 20.0
    /// Points each gaming action subtracts from Pi.
    public var gamingCost = 2.0

    // MARK: Detection (MODEL.md 7.12; off by default)

    /// Run the authority's graph detector every this many steps (0: never).
    public var detectionEvery = 0
    /// Which detector: dense-subgraph peeling or SybilRank.
    public var detectionMethod = DetectionMethod.peeling
    /// Points off the score of each flagged enrolled citizen.
    public var detectionPenalty = 100.0
    /// Whether a flagged block loses its internal ties (peeling) or flagged citizens their
    /// ties to one another (SybilRank).
    public var detectionCutTies = false
    /// Peeling: blocks to look for per round, the density (ties per member) above which a
    /// block is flagged, and the tie weighting with its constant c.
    public var detectionBlocks = 5
    public var detectionDensityThreshold = 6.0
    public var detectionWeighting = DetectionWeighting.none
    public var detectionWeightConstant = 5.0
    /// SybilRank: verified honest seeds, the share of citizens flagged (the lowest ranked),
    /// and the iterations (0: ceil(log2 N)).
    public var detectionSeeds = 100
    public var detectionFlagShare = 0.02
    public var detectionIterations = 0

    // MARK: Informants (MODEL.md 7.13; off by default)

    /// Probability that an enrolled citizen reports one dissent post of a friend that it
    /// sees, times its sensitivity s_i (capped at 1).
    public var informantReportRate = 0.0
    /// Probability per step and friend who posted no dissent that an enrolled citizen
    /// files a false report on it, times its sensitivity (capped at 1).
    public var informantFalseReportRate = 0.0
    /// Points an informant gains per report, and a reported enrolled citizen loses.
    public var informantReward = 5.0
    public var informantPenalty = 20.0
    /// How strongly caution (the memory of being reported) holds back dissent: the shift
    /// -deterrence * s_i * caution_i in the dissent logit, and how fast caution learns.
    public var informantDeterrence = 2.0
    public var informantLearningRate = 0.2

    // MARK: Collective refusal (MODEL.md 7.14; off by default)

    /// Whether the threshold rule of collective refusal runs.
    public var refusalEnabled = false
    /// The step at which the seed resisters start resisting, and how many there are.
    public var refusalStart = 0
    public var refusalSeeds = 0
    /// Personal thresholds theta_i = clamp(N(mean, sd), 0, 1).
    public var refusalThresholdMean = 0.18
    public var refusalThresholdSD = 0.0

    // MARK: Score visibility (MODEL.md 7.15)

    /// Who sees a citizen's score when deciding on ties: everyone (the reference model),
    /// friends only, or nobody (scores are judged from posts and tier, with noise).
    public var scoreVisibility = ScoreVisibility.publicScores
    /// Standard deviation, in points, of the noise in a judged score.
    public var judgementNoise = 50.0

    // MARK: Money (MODEL.md 7.16; off by default)

    /// Whether citizens earn, hold and spend money.
    public var moneyEnabled = false
    /// Weekly wage w_i ~ Lognormal(mu, sigma), drawn once; the tier's income factor applies.
    public var wageMu = 1.4
    public var wageSigma = 0.5
    /// Wealth at step 0, in weeks of the citizen's wage.
    public var initialWealthWeeks = 4.0
    /// Black-market goods cost their price times (1 + premium).
    public var blackMarketPremium = 0.5

    // MARK: Friendship market (MODEL.md 7.17; off by default, needs money)

    /// Probability per step that an enrolled citizen who cares about its score (times s_i,
    /// capped at 1) shops for a tie.
    public var marketShopRate = 0.0
    /// Sellers: enrolled citizens with at least this score.
    public var marketSellerMinScore = 700.0
    /// Most bought ties a seller holds at once.
    public var marketSellerCapacity = 5
    /// Weeks a contract lasts; at its end the tie goes unless the buyer renews it.
    public var marketContractWeeks = 8
    /// Money a buyer values one point of expected score gain per week at (times s_i), and
    /// money a seller asks per point of expected loss per week, plus a flat fee.
    public var marketValuePerPoint = 0.2
    public var marketPricePerPoint = 0.2
    public var marketFee = 1.0

    // MARK: Stolen accounts (MODEL.md 7.18; off by default)

    /// Probability per step that an enrolled account is taken over.
    public var theftRate = 0.0
    /// Probability per step that a victim notices and recovers its account (a geometric delay).
    public var theftNoticeRate = 0.25
    /// Mean disapproved purchases the thief makes each step in the victim's name (Poisson).
    public var theftPurchases = 3.0

    // MARK: Sybil farms (MODEL.md 7.19; off by default, needs money)

    /// Reserved slots for vendors' fake accounts, ids N ..< N + capacity; 0: no sybils.
    public var sybilCapacity = 0
    /// The first step at which vendors create sybils.
    public var sybilStart = 0
    /// Mean new sybils per step (Poisson), into free slots.
    public var sybilCreateRate = 2.0
    /// What a buyer pays the vendor for a sybil's friendship (once; the money leaves the economy).
    public var sybilPrice = 2.0
    /// A sybil is for sale once its score reaches this.
    public var sybilSellMinScore = 700.0
    /// Most buyers a sybil is friends with at once.
    public var sybilMaxBuyers = 5
    /// Probability per step that an enrolled citizen shops for a sybil friend, times s_i (capped at 1).
    public var sybilShopRate = 0.05
    /// Probability per step that the platform catches a sybil and closes its account.
    public var sybilCatchRate = 0.01

    // MARK: Keys of other models

    /// Values of the keys that models registered outside this module declare
    /// (`ModelPlugin.parameterSpecs`), by key path; such a model reads and writes them
    /// through typed properties of its own (for example `voterPhi` in SCVoter). A key
    /// left out takes the model's default.
    public var modelKeys: [String: ParameterValue] = [:]

    // MARK: Output and randomness

    /// Write a row every this many steps (and at the last step).
    public var metricsEvery = 1
    /// Compute the network columns every this many observed steps; other rows leave them empty.
    public var networkMetricsEvery = 1
    /// How clustering and transitivity are computed: `exact` (a census), `sampled`
    /// (random wedges, with standard errors), or `auto` (exact up to `exactNetworkLimit`
    /// citizens, sampled above).
    public var networkMetricsMode = NetworkMetricsMode.auto
    /// Largest population for which `auto` uses the exact census.
    public var exactNetworkLimit = 200_000
    /// Wedges drawn for each sampled estimate.
    public var clusteringSamples = 20_000
    /// Optional metric groups switched on (`output.metrics`), in catalogue order
    /// (`MetricGroups`); empty: today's columns only.
    public var metricGroups: [String] = []
    /// Event categories logged to `run.sqlite` (`output.events`, `EventCategory`), in
    /// catalogue order; empty: no event log.
    public var eventCategories: [String] = []
    /// Write a panel row per chosen citizen every this many steps and at the last step
    /// (`output.panel.every`); 0: no panel.
    public var panelEvery = 0
    /// Panel citizens: a fixed random sample of this many (`output.panel.sample`); 0: all
    /// (unless `panelIDs` lists some).
    public var panelSample = 0
    /// Panel citizens by id (`output.panel.ids`), as canonical comma-separated text.
    public var panelIDs = ""
    /// GSL generator algorithm. taus2 (L'Ecuyer's maximally equidistributed combined
    /// Tausworthe generator, period 2^88) measured about twice as fast as mt19937 here,
    /// mostly because re-seeding a block's stream is cheap; see README "Performance".
    public var generator: GeneratorKind = .taus2
    /// Citizens per block; each block draws from its own stream. Changing it changes results.
    public var blockSize = 1024

    /// Policy events, in step order.
    public var timeline: [PolicyEvent] = []

    public init() {}
}

/// What the friend term uses for a citizen with no enrolled friends (MODEL.md 7.6).
public enum FriendlessRule: Equatable, Sendable, CustomStringConvertible {
    /// F_i = S_bar: the friend term is 0.
    case mean
    /// F_i = S_i.
    case own
    /// F_i = S_mid.
    case mid
    /// F_i = a fixed score (for example 350: having no friends is itself suspect).
    case fixed(Double)

    public var description: String {
        switch self {
        case .mean: return "mean"
        case .own: return "own"
        case .mid: return "mid"
        case .fixed(let value): return formatNumber(value)
        }
    }
}

/// A goods category (MODEL.md section 2).
public struct Good: Equatable, Sendable {
    public var name: String
    /// a_c in [-1, 1]: +1 approved, -1 disapproved.
    public var approval: Double
    /// Price; recorded for analysis, not used by the reference rules.
    public var price: Double

    public init(name: String, approval: Double, price: Double = 1) {
        self.name = name
        self.approval = approval
        self.price = price
    }

    /// MODEL.md's default catalogue (K = 6).
    public static let defaultCatalogue: [Good] = [
        Good(name: "farm_produce", approval: 1, price: 1),
        Good(name: "work_shoes", approval: 1, price: 1),
        Good(name: "nappies", approval: 0.6, price: 1),
        Good(name: "groceries", approval: 0, price: 1),
        Good(name: "video_games", approval: -1, price: 1),
        Good(name: "anime_imports", approval: -1, price: 1),
    ]
}

/// A policy event: parameters set at the start of a step (MODEL.md section 8).
public struct PolicyEvent: Equatable, Sendable {
    /// The step at whose phase 0 the assignments take effect.
    public var step: Int
    /// Key paths and values, applied in the order written.
    public var assignments: [ParameterAssignment]

    public init(step: Int, assignments: [ParameterAssignment]) {
        self.step = step
        self.assignments = assignments
    }
}

/// One `key.path: value` setting.
public struct ParameterAssignment: Equatable, Sendable {
    public var path: String
    public var value: ParameterValue

    public init(path: String, value: ParameterValue) {
        self.path = path
        self.value = value
    }
}

/// A scalar value as written in a scenario.
public enum ParameterValue: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case integer(Int)
    case boolean(Bool)
    case text(String)

    public var description: String {
        switch self {
        case .number(let x): return formatNumber(x)
        case .integer(let x): return String(x)
        case .boolean(let x): return String(x)
        case .text(let x): return x
        }
    }
}

/// Shortest round-trip text of a number, without a trailing ".0" on whole numbers.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return String(x)
}
