import SCRandom

/// Every scalar scenario key, in the order the reference documents them.
///
/// `goods` (a list) and `timeline` (a list of events) are structured keys handled by the
/// scenario parser; everything else is here. Keys marked fixed (`changeableDuringRun ==
/// false`) shape the population or the network at step 0 and cannot be changed by a
/// timeline event.
public enum ParameterCatalog {
    /// All scalar keys: the shared ones, then each registered model's own
    /// (`ModelPlugin.parameterSpecs`).
    public static var all: [ParameterSpec] { shared + ModelRegistry.all.flatMap { $0.parameterSpecs } }

    /// The keys every model reads (run, population, network, policy, the reference
    /// model's rules, output).
    public static var shared: [ParameterSpec] { run + population + network + policy + model + detection + resistance + buying + output }

    /// The spec for a dotted key path, if there is one.
    public static func spec(for path: String) -> ParameterSpec? {
        if let found = sharedByPath[path] { return found }
        if path == "model" { return modelChoice }
        return ModelRegistry.all.lazy.flatMap { $0.parameterSpecs }.first { $0.path == path }
    }

    /// Keys that are lists rather than scalars.
    public static let structuredKeys = ["goods", "timeline"]

    /// Every valid key path, scalar and structured, for suggestions.
    public static var allPaths: [String] { all.map(\.path) + structuredKeys }

    private static let sharedByPath: [String: ParameterSpec] = Dictionary(uniqueKeysWithValues: (fixedRun + population + network + policy + model + detection + resistance + buying + output).map { ($0.path, $0) })

    // MARK: - Groups

    static var run: [ParameterSpec] { Array(fixedRun.prefix(3)) + [modelChoice] + Array(fixedRun.dropFirst(3)) }

    /// The run keys; `model`'s words depend on the registered models, so it is looked up
    /// through `modelChoice`.
    private static let fixedRun: [ParameterSpec] = [
        text("name", \.name, "Scenario name; the default output folder is runs/NAME-SEED.", fixed: true),
        integer("seed", \.seed, .closed(0, 4_294_967_295), "Run seed; every random stream is keyed by it.", fixed: true),
        integer("steps", \.steps, .closed(1, 100_000_000), "Steps to run (one step is one week).", fixed: true),
    ]

    /// `model`: one of the registered models.
    private static var modelChoice: ParameterSpec {
        let models = ModelRegistry.all
        return choice("model", \.model, models.map { $0.name },
                      "Which model's rules to run: " + models.map { "\($0.name) (\($0.summary))" }.joined(separator: ", ") + ".", fixed: true)
    }

    static let population: [ParameterSpec] = [
        integer("population.size", \.populationSize, .closed(2, 1_000_000_000), "N, number of citizens.", fixed: true),
        number("population.enrolledShare", \.enrolledShare, .probability, "Share enrolled at step 0 (Bernoulli).", fixed: true),
        number("population.dissent.alpha", \.dissentAlpha, .shapeParameter, "dissent o_i ~ Beta(alpha, beta) (section 2).", fixed: true),
        number("population.dissent.beta", \.dissentBeta, .shapeParameter, "dissent o_i ~ Beta(alpha, beta).", fixed: true),
        number("population.sensitivity.shape", \.sensitivityShape, .shapeParameter, "sensitivity s_i ~ Gamma(shape, scale).", fixed: true),
        number("population.sensitivity.scale", \.sensitivityScale, NumberRange(lower: 0, lowerInclusive: false, upper: 1e6), "sensitivity s_i ~ Gamma(shape, scale).", fixed: true),
        number("population.reliability.alpha", \.reliabilityAlpha, .shapeParameter, "reliability r_i ~ Beta(alpha, beta).", fixed: true),
        number("population.reliability.beta", \.reliabilityBeta, .shapeParameter, "reliability r_i ~ Beta(alpha, beta).", fixed: true),
        number("population.buyRate.mu", \.buyRateMu, .closed(-20, 20), "buyRate lambda_i ~ Lognormal(mu, sigma); default ln 3.", fixed: true),
        number("population.buyRate.sigma", \.buyRateSigma, .closed(0, 10), "buyRate lambda_i ~ Lognormal(mu, sigma).", fixed: true),
        number("population.tasteConcentration", \.tasteConcentration, .shapeParameter, "taste theta_i ~ Dirichlet(c, ..., c).", fixed: true),
        number("population.initialScore.mean", \.initialScoreMean, .points, "Step-0 score ~ Normal(mean, sd), clamped to [score.min, score.max].", fixed: true),
        number("population.initialScore.sd", \.initialScoreSD, .nonNegativePoints, "Step-0 score ~ Normal(mean, sd).", fixed: true),
        number("population.strategies.honest", \.shareHonest, .probability, "Share of honest citizens; the four shares sum to 1.", fixed: true),
        number("population.strategies.padder", \.sharePadder, .probability, "Share of padders (fake approved purchases and posts).", fixed: true),
        number("population.strategies.evader", \.shareEvader, .probability, "Share of evaders (black-market buying of disapproved goods).", fixed: true),
        number("population.strategies.colluder", \.shareColluder, .probability, "Share of colluders (padding plus a ring of mutual friends).", fixed: true),
        integer("population.ringSize", \.ringSize, .closed(2, 1_000), "Members per collusion ring (section 5).", fixed: true),
    ]

    static let network: [ParameterSpec] = [
        choice("network.generator", \.networkGenerator,
               "Friendship network at step 0 (section 5).", fixed: true),
        integer("network.k", \.networkK, .closed(2, 10_000), "watts_strogatz: lattice degree (even, < N).", fixed: true),
        number("network.p", \.networkRewire, .probability, "watts_strogatz: rewiring probability.", fixed: true),
        number("network.meanDegree", \.networkMeanDegree, NumberRange(lower: 0, lowerInclusive: false, upper: 1e9), "erdos_renyi: mean degree c (p = c / (N - 1)).", fixed: true),
        integer("network.m", \.networkM, .closed(1, 10_000), "barabasi_albert: ties per newcomer (< N).", fixed: true),
        integer("network.blocks", \.networkBlocks, .closed(1, 1_000_000), "stochastic_block: number of equal blocks.", fixed: true),
        number("network.pIn", \.networkPIn, .probability, "stochastic_block: tie probability within a block.", fixed: true),
        number("network.pOut", \.networkPOut, .probability, "stochastic_block: tie probability between blocks.", fixed: true),
        text("network.path", \.networkPath, "edge_list: file of whitespace-separated id pairs, relative to the scenario file.", fixed: true),
    ]

    static let policy: [ParameterSpec] = [
        boolean("mandatory", \.mandatory, "Scheme is mandatory: everyone not enrolled is enrolled at adoption.startScore (section 8)."),
        boolean("penalties", \.penalties, "The penalty tier applies (7.7)."),
    ]

    static let model: [ParameterSpec] = [
        number("adoption.baseRate", \.adoptionBaseRate, .probability, "7.1: enrolment probability per step, base term."),
        number("adoption.peerRate", \.adoptionPeerRate, .probability, "7.1: enrolment probability per step, times the share of enrolled friends."),
        number("adoption.referralBonus", \.referralBonus, .nonNegativePoints, "7.1 B_ref: points per friend who enrols voluntarily this step."),
        number("adoption.startScore", \.startScore, .points, "7.1: score of a citizen who enrols after step 0 (within score bounds)."),
        number("consumption.incentive", \.buyIncentive, .coefficient, "7.2 beta_buy: tilt of purchases toward approved goods, times s_i."),
        number("consumption.hideProbability", \.hideProbability, .probability, "7.2 h: an evader hides each disapproved purchase."),
        number("consumption.fakePurchaseRate", \.fakePurchaseRate, .closed(0, 1_000), "7.2: mean fake purchases per step of enrolled padders and colluders."),
        number("expression.postRate", \.postRate, .closed(0, 1_000), "7.3: mean genuine posts per step (times m_net)."),
        number("expression.incentive", \.shareIncentive, .coefficient, "7.3 beta_share: silencing of dissent, times s_i."),
        number("expression.peerPressure", \.peerPressure, .coefficient, "7.3 gamma_peer: pull of friends' dissent share."),
        number("expression.spamRate", \.spamRate, .closed(0, 1_000), "7.3: mean spam posts per step of enrolled padders and colluders."),
        number("opinion.selfWeight", \.opinionSelfWeight, .probability, "7.4 alpha_self: pull of what one says on what one thinks."),
        number("opinion.peerWeight", \.opinionPeerWeight, .probability, "7.4 alpha_peer: pull of what friends say."),
        number("opinion.coreWeight", \.opinionCoreWeight, .probability, "7.4 alpha_core: pull back to the core belief."),
        number("bills.memory", \.creditMemory, .probability, "7.5: c <- memory c + (1 - memory) b."),
        number("score.mid", \.scoreMid, .points, "7.6 S_mid: target of a citizen with average behaviour."),
        number("score.range", \.scoreRange, NumberRange(lower: 0, lowerInclusive: false, upper: 1e9), "7.6 R: points per unit of behaviour."),
        number("score.min", \.scoreMin, .points, "Lowest possible score (clamp)."),
        number("score.max", \.scoreMax, .points, "Highest possible score (clamp)."),
        number("score.eta", \.eta, .closed(0, 1_000), "7.6 eta: weight of friends' mean score against the average."),
        number("score.relaxation", \.scoreRelaxation, NumberRange(lower: 0, lowerInclusive: false, upper: 1), "7.6 rho: share of the gap to the target closed per step."),
        ParameterSpec(path: "score.friendless", domain: .friendless,
                      summary: "7.6: F_i with no enrolled friends: mean (S_bar), own (S_i), mid (S_mid), or a fixed number.",
                      changeableDuringRun: true,
                      read: { p in
                          switch p.friendless {
                          case .fixed(let x): return .number(x)
                          default: return .text(p.friendless.description)
                          }
                      },
                      write: { p, v in
                          switch v {
                          case .text("own"): p.friendless = .own
                          case .text("mid"): p.friendless = .mid
                          case .number(let x): p.friendless = .fixed(x)
                          default: p.friendless = .mean
                          }
                      }),
        number("score.weights.credit", \.weightCredit, .coefficient, "7.6 w_credit."),
        number("score.weights.buy", \.weightBuy, .coefficient, "7.6 w_buy."),
        number("score.weights.share", \.weightShare, .coefficient, "7.6 w_share."),
        number("score.norms.credit", \.normCredit, NumberRange(lower: 0, upper: 1, upperInclusive: false), "7.6 c_ref."),
        number("score.norms.buy", \.normBuy, .closed(-1, 1), "7.6 P_ref."),
        number("score.norms.share", \.normShare, .closed(-1, 1), "7.6 H_ref."),
        number("score.auditPenalty", \.auditPenalty, .nonNegativePoints, "7.6: points lost at the scoring after being caught."),
        number("tiers.benefitThreshold", \.benefitThreshold, .points, "7.7: benefit tier at S_i >= this."),
        number("tiers.penaltyThreshold", \.penaltyThreshold, .points, "7.7: penalty tier at S_i < this (when penalties are on)."),
        number("tiers.benefitIncome", \.benefitIncome, .closed(0, 1_000), "7.7 m_inc in the benefit tier."),
        number("tiers.benefitTieBoost", \.benefitTieBoost, .closed(0, 1_000), "7.7: factor on tie proposals in the benefit tier (capped at probability 1)."),
        number("tiers.penaltyIncome", \.penaltyIncome, .closed(0, 1_000), "7.7 m_inc in the penalty tier."),
        number("tiers.penaltyNetwork", \.penaltyNetwork, .closed(0, 1_000), "7.7 m_net in the penalty tier."),
        number("ties.driftRate", \.driftRate, .probability, "7.8: probability per step that a tie outside a ring ends."),
        number("ties.lookProbability", \.lookProbability, .probability, "7.8: probability of looking at an enrolled friend's score."),
        number("ties.unfriendStrength", \.unfriendStrength, .closed(0, 1_000), "7.8 kappa_u."),
        number("ties.colluderUnfriendFactor", \.colluderUnfriendFactor, .closed(0, 1_000), "7.8: colluders use this times kappa_u for non-members."),
        number("ties.proposeRate", \.proposeRate, .probability, "7.8: probability per step of proposing a tie."),
        number("ties.triadicShare", \.triadicShare, .probability, "7.8: share of proposals aimed at a friend of a friend."),
        number("ties.acceptStrength", \.acceptStrength, .closed(0, 1_000), "7.8 kappa_a."),
        number("audit.rate", \.auditRate, .probability, "7.9: probability an enrolled gamer is audited per step."),
        number("audit.detection", \.auditDetection, .probability, "7.9: probability an audited gamer who gamed is caught."),
        number("audit.reformProbability", \.reformProbability, .probability, "7.9: probability a caught gamer turns honest."),
        number("imitation.rate", \.imitationRate, .probability, "7.10: probability per step of comparing with an enrolled friend."),
        number("imitation.temperature", \.imitationTemperature, NumberRange(lower: 0, lowerInclusive: false, upper: 1e9), "7.10: copy with probability sigmoid((Pi_j - Pi_i) / temperature)."),
        number("imitation.gamingCost", \.gamingCost, .nonNegativePoints, "7.10: points each gaming action takes off Pi."),
    ]

    /// The authority's graph detectors (MODEL.md 7.12): off unless `detection.every` > 0,
    /// added after sweep identities were first recorded.
    static let detection: [ParameterSpec] = [
        integer("detection.every", \.detectionEvery, .closed(0, 100_000_000), "7.12: run the authority's graph detector at the end of every this many steps (0: never); when above 0 the detection columns are written."),
        choice("detection.method", \.detectionMethod, "7.12: peeling (dense blocks by greedy peeling) or sybilrank (trust from verified seeds; flags the lowest ranked).", fixed: false),
        number("detection.penalty", \.detectionPenalty, .nonNegativePoints, "7.12: points taken off each flagged enrolled citizen's score (down to score.min)."),
        boolean("detection.cutTies", \.detectionCutTies, "7.12: flagged citizens also lose their ties to one another (the flagged block's internal ties)."),
        integer("detection.blocks", \.detectionBlocks, .closed(1, 1_000), "7.12 peeling: blocks sought per round, each peel on the graph without the earlier blocks."),
        number("detection.densityThreshold", \.detectionDensityThreshold, .closed(0, 1e9), "7.12 peeling: flag a block whose density (ties / members, unweighted) exceeds this."),
        choice("detection.weighting", \.detectionWeighting, "7.12 peeling: none (Charikar) or logdegree (FRAUDAR's weights 1 / log(degree + c), against camouflage).", fixed: false),
        number("detection.weightConstant", \.detectionWeightConstant, NumberRange(lower: 1, lowerInclusive: false, upper: 1e9), "7.12 peeling: FRAUDAR's c in 1 / log(degree + c)."),
        integer("detection.seeds", \.detectionSeeds, .closed(1, 100_000_000), "7.12 sybilrank: verified honest seeds (non-colluders drawn at random each round)."),
        number("detection.flagShare", \.detectionFlagShare, .probability, "7.12 sybilrank: share of all citizens flagged, the lowest in degree-normalised trust."),
        integer("detection.iterations", \.detectionIterations, .closed(0, 10_000), "7.12 sybilrank: power iterations (0: ceil(log2 N), SybilRank's early termination)."),
    ].map { $0.addedLater() }

    /// Informants, collective refusal and score visibility (MODEL.md 7.13-7.15): each off
    /// at its default, added after sweep identities were first recorded.
    static let resistance: [ParameterSpec] = [
        number("informants.reportRate", \.informantReportRate, .probability, "7.13: probability an enrolled citizen reports a friend's dissent post it sees, times its sensitivity (capped at 1); 0 (with informants.falseReportRate 0): no informants. Above 0 the informants columns are written."),
        number("informants.falseReportRate", \.informantFalseReportRate, .probability, "7.13: probability per step an enrolled citizen files a false report on a friend who posted no dissent, times its sensitivity (capped at 1)."),
        number("informants.reward", \.informantReward, .closed(0, 1e6), "7.13: points an informant gains per report (up to score.max)."),
        number("informants.penalty", \.informantPenalty, .closed(0, 1e6), "7.13: points a reported enrolled citizen loses per report (down to score.min)."),
        number("informants.deterrence", \.informantDeterrence, .closed(0, 1e3), "7.13: weight of caution in the dissent logit: -deterrence x s_i x caution_i."),
        number("informants.learningRate", \.informantLearningRate, .probability, "7.13: caution_i <- (1 - rate) caution_i + rate x [reported this step]."),
        boolean("refusal.enabled", \.refusalEnabled, "7.14: collective refusal: resisters (seeds, then anyone whose share of resisting friends reaches its threshold) post dissent openly, refuse approved purchases and unfriend nobody; the refusal columns are written.", fixed: true),
        integer("refusal.start", \.refusalStart, .closed(0, 100_000_000), "7.14: the step at which the seed resisters start and the threshold rule begins.", fixed: true),
        integer("refusal.seeds", \.refusalSeeds, .closed(0, 1_000_000_000), "7.14: citizens drawn at random who resist from refusal.start (at most population.size).", fixed: true),
        number("refusal.threshold.mean", \.refusalThresholdMean, .probability, "7.14: thresholds theta_i = clamp(N(mean, sd), 0, 1): resist when resisting friends / friends >= theta_i.", fixed: true),
        number("refusal.threshold.sd", \.refusalThresholdSD, .closed(0, 10), "7.14: standard deviation of the thresholds (0: every threshold is the mean, as in Watts 2002).", fixed: true),
        choice("score.visibility", \.scoreVisibility, "7.15: who sees scores when ties are dropped or accepted: public (everyone), friends (a stranger proposing a tie is judged), private (everyone is judged from posts and tier, with noise).", fixed: false),
        number("score.judgementNoise", \.judgementNoise, .closed(0, 1e6), "7.15: standard deviation, in points, of the noise in a judged score."),
    ].map { $0.addedLater() }

    /// Money, the friendship market and stolen accounts (MODEL.md 7.16-7.18): each off at
    /// its default, added after sweep identities were first recorded.
    static let buying: [ParameterSpec] = [
        boolean("money.enabled", \.moneyEnabled, "7.16: citizens earn a weekly wage, hold wealth and pay for goods (their catalogue price; black-market goods dearer); nobody spends what it does not have; the money columns are written.", fixed: true),
        number("money.wage.mu", \.wageMu, .closed(-20, 20), "7.16: weekly wage w_i ~ Lognormal(mu, sigma), drawn once, times the tier's income factor.", fixed: true),
        number("money.wage.sigma", \.wageSigma, .closed(0, 5), "7.16: weekly wage w_i ~ Lognormal(mu, sigma).", fixed: true),
        number("money.initialWealthWeeks", \.initialWealthWeeks, .closed(0, 1e6), "7.16: wealth at step 0, in weeks of the citizen's wage.", fixed: true),
        number("money.blackMarketPremium", \.blackMarketPremium, .closed(0, 1e3), "7.16: a hidden (black-market) purchase costs its price x (1 + premium)."),
        number("market.shopRate", \.marketShopRate, .probability, "7.17: probability per step an enrolled citizen whose friends score below it shops for a tie, times s_i (capped at 1); 0: no market. Needs money.enabled. Above 0 the market columns are written."),
        number("market.sellerMinScore", \.marketSellerMinScore, .closed(-1e9, 1e9), "7.17: sellers are enrolled citizens with at least this score."),
        integer("market.sellerCapacity", \.marketSellerCapacity, .closed(1, 1_000), "7.17: most bought ties a seller holds at once."),
        integer("market.contractWeeks", \.marketContractWeeks, .closed(1, 10_000), "7.17: weeks a bought tie lasts; then it ends unless the buyer renews it (same rule, same price)."),
        number("market.valuePerPoint", \.marketValuePerPoint, .closed(0, 1e6), "7.17: money a buyer pays at most per point of expected score gain per week, times s_i."),
        number("market.pricePerPoint", \.marketPricePerPoint, .closed(0, 1e6), "7.17: money a seller asks per point of expected score loss per week."),
        number("market.fee", \.marketFee, .closed(0, 1e6), "7.17: the seller's flat fee per contract."),
        number("theft.rate", \.theftRate, .probability, "7.18: probability per step an enrolled account is taken over; 0: no theft. Above 0 the theft columns are written."),
        number("theft.noticeRate", \.theftNoticeRate, NumberRange(lower: 0, lowerInclusive: false, upper: 1), "7.18: probability per step a victim notices and recovers its account."),
        number("theft.purchases", \.theftPurchases, .closed(0, 100), "7.18: mean disapproved purchases (Poisson) the thief makes each step in the victim's name."),
        integer("sybils.capacity", \.sybilCapacity, .closed(0, 1_000_000), "7.19: reserved slots for vendors' fake accounts (ids population.size and up); 0: no sybil farms. Above 0 the sybils columns are written; needs money.enabled.", fixed: true),
        integer("sybils.start", \.sybilStart, .closed(0, 100_000_000), "7.19: the first step at which vendors create sybils.", fixed: true),
        number("sybils.createRate", \.sybilCreateRate, .closed(0, 1e6), "7.19: mean new sybils per step (Poisson), into free slots while there are any."),
        number("sybils.price", \.sybilPrice, .closed(0, 1e6), "7.19: money a buyer pays the vendor, once, for a sybil's friendship (it leaves the economy)."),
        number("sybils.sellMinScore", \.sybilSellMinScore, .closed(-1e9, 1e9), "7.19: a sybil is sold as a friend once its score reaches this."),
        integer("sybils.maxBuyers", \.sybilMaxBuyers, .closed(1, 1_000), "7.19: most buyers a sybil is friends with at once."),
        number("sybils.shopRate", \.sybilShopRate, .probability, "7.19: probability per step an enrolled citizen shops for a sybil friend, times s_i (capped at 1)."),
        number("sybils.catchRate", \.sybilCatchRate, .probability, "7.19: probability per step the platform catches a sybil and closes it (its ties go)."),
    ].map { $0.addedLater() }

    static let output: [ParameterSpec] = [
        integer("output.metricsEvery", \.metricsEvery, .closed(1, 100_000_000), "Write a time-series row every this many steps (and at the last step).", fixed: true),
        integer("output.networkMetricsEvery", \.networkMetricsEvery, .closed(1, 100_000_000),
                "Compute the network columns on steps that are multiples of this (and the last step); other rows leave them empty.", fixed: true),
        choice("output.networkMetrics", \.networkMetricsMode,
               "Clustering and transitivity: exact census, sampled wedges (with standard errors in *_se columns), or auto (exact up to output.exactNetworkLimit citizens).",
               fixed: true),
        integer("output.exactNetworkLimit", \.exactNetworkLimit, .closed(0, 1_000_000_000), "Largest population for which output.networkMetrics: auto uses the exact census.", fixed: true),
        integer("output.clusteringSamples", \.clusteringSamples, .closed(100, 1_000_000), "Wedges drawn for each sampled clustering estimate (at most 10^6: each draw costs a neighbour scan on every network row, and the standard error is at most 5e-4 already).", fixed: true),
        ParameterSpec(path: "output.metrics", domain: .groups(MetricGroups.names),
                      summary: "Optional time-series column groups appended after the standard columns: a list of group names, or all; empty (the default) keeps the standard columns only. Groups: "
                        + MetricGroups.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ") + ". docs/COLUMNS.md lists their columns.",
                      changeableDuringRun: false,
                      read: { .text($0.metricGroups.joined(separator: ",")) },
                      write: { p, v in if case .text(let x) = v { p.metricGroups = MetricGroups.parse(x) ?? [] } }).addedLater(),
        ParameterSpec(path: "output.events", domain: .groups(EventCategory.names),
                      summary: "Event log written to run.sqlite (table events, one row per event): a list of categories, or all; empty (the default): no log. Categories: "
                        + EventCategory.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ") + ". In a sweep (set: or a parameter), stored per run in the sweep database's events table.",
                      changeableDuringRun: false,
                      read: { .text($0.eventCategories.joined(separator: ",")) },
                      write: { p, v in if case .text(let x) = v { p.eventCategories = MetricGroups.parse(x, among: EventCategory.names) ?? [] } }).addedLater(),
        integer("output.panel.every", \.panelEvery, .closed(0, 100_000_000),
                "Citizen panel in run.sqlite (table panel): the chosen citizens' state every this many steps and at the last step; 0 (the default): no panel. In a sweep, stored per run in the sweep database's panel table.",
                fixed: true).addedLater(),
        integer("output.panel.sample", \.panelSample, .closed(0, 1_000_000_000),
                "Panel citizens: a fixed random sample of this many (drawn once, on its own stream); 0: every citizen. Ignored when output.panel.ids lists citizens.",
                fixed: true).addedLater(),
        ParameterSpec(path: "output.panel.ids", domain: .text,
                      summary: "Panel citizens by id: a list of ids in 0 ... N-1 (or text separated by commas); empty: output.panel.sample decides.",
                      changeableDuringRun: false,
                      read: { .text($0.panelIDs) },
                      write: { p, v in if case .text(let x) = v { p.panelIDs = MetricGroups.words(x).joined(separator: ",") } }).addedLater().takingList(),
        ParameterSpec(path: "random.generator", domain: .choice(GeneratorKind.allCases.map(\.rawValue)),
                      summary: "GSL generator algorithm.", changeableDuringRun: false,
                      read: { .text($0.generator.rawValue) },
                      write: { p, v in if case .text(let w) = v, let k = GeneratorKind(rawValue: w) { p.generator = k } }),
        integer("random.blockSize", \.blockSize, .closed(1, 16_777_216), "Citizens per random-stream block; results depend on it, thread count does not.", fixed: true),
    ]

    // MARK: - Builders

    public static func number(_ path: String, _ field: WritableKeyPath<ModelParameters, Double> & Sendable, _ range: NumberRange,
                               _ summary: String, fixed: Bool = false) -> ParameterSpec {
        ParameterSpec(path: path, domain: .number(range), summary: summary, changeableDuringRun: !fixed,
                      read: { .number($0[keyPath: field]) },
                      write: { p, v in if case .number(let x) = v { p[keyPath: field] = x } })
    }

    public static func integer(_ path: String, _ field: WritableKeyPath<ModelParameters, Int> & Sendable, _ range: NumberRange,
                                _ summary: String, fixed: Bool = false) -> ParameterSpec {
        ParameterSpec(path: path, domain: .integer(range), summary: summary, changeableDuringRun: !fixed,
                      read: { .integer($0[keyPath: field]) },
                      write: { p, v in if case .integer(let x) = v { p[keyPath: field] = x } })
    }

    public static func boolean(_ path: String, _ field: WritableKeyPath<ModelParameters, Bool> & Sendable, _ summary: String,
                               fixed: Bool = false) -> ParameterSpec {
        ParameterSpec(path: path, domain: .boolean, summary: summary, changeableDuringRun: !fixed,
                      read: { .boolean($0[keyPath: field]) },
                      write: { p, v in if case .boolean(let x) = v { p[keyPath: field] = x } })
    }

    public static func choice(_ path: String, _ field: WritableKeyPath<ModelParameters, String> & Sendable, _ words: [String],
                               _ summary: String, fixed: Bool) -> ParameterSpec {
        ParameterSpec(path: path, domain: .choice(words), summary: summary, changeableDuringRun: !fixed,
                      read: { .text($0[keyPath: field]) },
                      write: { p, v in if case .text(let x) = v { p[keyPath: field] = x } })
    }

    /// A key whose words are an enumeration's raw values, in its declaration order.
    public static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ path: String, _ field: WritableKeyPath<ModelParameters, E> & Sendable, _ summary: String, fixed: Bool
    ) -> ParameterSpec where E.RawValue == String {
        ParameterSpec(path: path, domain: .choice(E.allCases.map(\.rawValue)), summary: summary, changeableDuringRun: !fixed,
                      read: { .text($0[keyPath: field].rawValue) },
                      write: { p, v in if case .text(let x) = v, let value = E(rawValue: x) { p[keyPath: field] = value } })
    }

    public static func text(_ path: String, _ field: WritableKeyPath<ModelParameters, String> & Sendable, _ summary: String,
                             fixed: Bool) -> ParameterSpec {
        ParameterSpec(path: path, domain: .text, summary: summary, changeableDuringRun: !fixed,
                      read: { .text($0[keyPath: field]) },
                      write: { p, v in if case .text(let x) = v { p[keyPath: field] = x } })
    }
}
