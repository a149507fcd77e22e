"""A Mesa 3 port of scsim's reference model, baseline scenario (docs/MODEL.md sections 1-7).

Written the way a Mesa 3 user would write it: one `Citizen(mesa.Agent)` per citizen, the
friendship network an `nx.Graph` (nx.watts_strogatz_graph), the model's numpy Generator
(`model.rng`, seeded from the seed) for every draw, phases run over the AgentSet in
MODEL.md's order, and a `DataCollector` whose model reporters are scsim's default
time-series columns (docs/COLUMNS.md, `scsim columns`), network columns included and
computed every step with networkx, as the baseline does (`output.networkMetricsEvery: 1`).

Only the phases the baseline uses with its defaults are ported: adoption, consumption,
expression, opinion, bills, scoring, tiers, ties, audit, imitation, observation. Policy
events (no timeline, `mandatory` and `penalties` off), detection, informants, refusal,
money, the friendship market, theft and sybils are all off in the baseline and left out.
The penalty tier is kept in the rules (it is never reached while penalties are off).

It does not reproduce scsim's random streams (GSL, one stream per block and phase); it
follows the same rules, so its outputs agree with scsim's in distribution, not draw by
draw. Where the rules say "as the state stood when the phase began", the port reads a
snapshot taken at the start of the phase (enrolment in adoption, the score in scoring, the
network in ties, strategy in imitation), so the random order of `shuffle_do` does not
matter, as in scsim.

Run:  python3 scsim_mesa.py --size 1000 --steps 52 --seed 1 --out mesa.csv
"""

from __future__ import annotations

import argparse
import math
import time

import mesa
import networkx as nx
import numpy as np

# The baseline's resolved parameters (`scsim check scenarios/baseline.yaml --resolved`).
BASELINE = dict(
    size=10_000, steps=520, seed=42,
    enrolled_share=0.3, dissent_alpha=2.0, dissent_beta=5.0,
    sensitivity_shape=2.0, sensitivity_scale=0.5, reliability_alpha=8.0, reliability_beta=2.0,
    buy_rate_mu=math.log(3.0), buy_rate_sigma=0.5, taste_concentration=1.0,
    initial_score_mean=600.0, initial_score_sd=50.0,
    strategies=(("honest", 0.9), ("padder", 0.04), ("evader", 0.04), ("colluder", 0.02)),
    ring_size=5, ws_k=10, ws_p=0.1,
    penalties=False,
    adoption_base=0.002, adoption_peer=0.002, referral_bonus=5.0, start_score=600.0,
    buy_incentive=1.5, hide_probability=0.8, fake_purchase_rate=2.0,
    post_rate=2.0, share_incentive=2.0, peer_pressure=2.0, spam_rate=2.0,
    opinion_self=0.01, opinion_peer=0.01, opinion_core=0.02,
    bills_memory=0.9,
    score_mid=600.0, score_range=250.0, score_min=350.0, score_max=950.0, eta=0.3, relaxation=0.1,
    w_credit=0.4, w_buy=0.3, w_share=0.3, norm_credit=0.8, norm_buy=0.1, norm_share=0.4,
    audit_penalty=100.0,
    benefit_threshold=700.0, penalty_threshold=600.0, benefit_income=1.2, benefit_tie_boost=1.5,
    penalty_income=0.8, penalty_network=0.5,
    drift_rate=0.01, look_probability=0.1, unfriend_strength=2.0, colluder_unfriend_factor=2.0,
    propose_rate=0.05, triadic_share=0.7, accept_strength=2.0,
    audit_rate=0.02, audit_detection=0.5, reform_probability=0.5,
    imitation_rate=0.01, imitation_temperature=20.0, gaming_cost=2.0,
)

# Goods: name, approval a_c (prices are unused by the rules).
GOODS = (("farm_produce", 1.0), ("work_shoes", 1.0), ("nappies", 0.6), ("groceries", 0.0),
         ("video_games", -1.0), ("anime_imports", -1.0))
APPROVAL = np.array([a for _, a in GOODS])
MOST_APPROVED = int(np.argmax(APPROVAL))          # first in catalogue order on ties
DISAPPROVED = APPROVAL < 0
GAMERS = ("padder", "evader", "colluder")

# scsim's default time-series columns, in order (docs/COLUMNS.md, `model: reference`).
COLUMNS = [
    "enrolled_frac", "score_mean", "score_sd", "score_p10", "score_p50", "score_p90", "score_gini",
    "benefit_frac", "penalty_frac", "approved_purchase_frac", "disapproved_purchase_frac",
    "hidden_purchases", "fake_purchases", "fake_posts", "dissent_post_frac", "opinion_mean",
    "falsification_gap", "edges", "mean_degree", "clustering_avg", "transitivity",
    "score_assortativity", "components", "giant_frac", "isolated_frac", "low_isolated_frac",
    "low_degree_ratio", "ties_added", "ties_removed", "padder_frac", "evader_frac", "colluder_frac",
    "audits", "caught", "gamer_score_premium", "network_metrics", "adopted", "visible_purchases",
    "genuine_posts", "clustering_avg_se", "transitivity_se",
]


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def logit(p: float) -> float:
    p = min(1 - 1e-6, max(1e-6, p))
    return math.log(p / (1 - p))


class Citizen(mesa.Agent):
    """One citizen: traits (section 2), its public score, and this step's behaviour."""

    def __init__(self, model: "SocialCreditModel", idx: int):
        super().__init__(model)
        p, rng = model.p, model.rng
        self.idx = idx                                   # node in model.G
        # Section 5.1, in MODEL.md's order.
        self.dissent = rng.beta(p["dissent_alpha"], p["dissent_beta"])
        self.core = self.dissent
        self.sensitivity = rng.gamma(p["sensitivity_shape"], p["sensitivity_scale"])
        self.reliability = rng.beta(p["reliability_alpha"], p["reliability_beta"])
        self.credit = self.reliability
        self.buy_rate = rng.lognormal(p["buy_rate_mu"], p["buy_rate_sigma"])
        self.taste = rng.dirichlet(np.full(len(GOODS), p["taste_concentration"]))
        u, acc = rng.random(), 0.0
        self.strategy = model.strategy_names[-1]
        for name, share in p["strategies"]:
            acc += share
            if u < acc:
                self.strategy = name
                break
        self.enrolled = bool(rng.random() < p["enrolled_share"])
        self.score = min(p["score_max"], max(p["score_min"], rng.normal(p["initial_score_mean"], p["initial_score_sd"])))
        self.ring = -1
        self.tier = "none"
        # Per-step state.
        self.joined = False             # enrolled voluntarily this step (referral bonus)
        self.caught = False             # caught by the last audit: penalty at the next scoring
        self.purchase_signal = 0.0
        self.post_signal = 0.0
        self.genuine_posts = 0
        self.dissent_posts = 0
        self.visible_posts = 0          # genuine + spam, this step
        self.prev_dissent_posts = 0     # previous step's, read by expression (X'_i)
        self.prev_visible_posts = 0
        self.gaming_actions = 0
        self.next_score = self.score

    # -- helpers -------------------------------------------------------------------------
    def friends(self):
        return self.model.G.adj[self.idx]

    def income_multiplier(self) -> float:
        if self.tier == "benefit":
            return self.model.p["benefit_income"]
        if self.tier == "penalty":
            return self.model.p["penalty_income"]
        return 1.0

    # -- 7.1 adoption --------------------------------------------------------------------
    def adopt(self):
        m, p = self.model, self.model.p
        self.joined = False
        if m.enrolled_before[self.idx]:
            return
        friends = self.friends()
        prob = p["adoption_base"]
        if len(friends) > 0:
            prob += p["adoption_peer"] * sum(m.enrolled_before[j] for j in friends) / len(friends)
        if m.rng.random() < prob:
            self.enrolled = True
            self.joined = True
            self.score = p["start_score"]
            m.tally["adopted"] += 1

    # -- 7.2 consumption -----------------------------------------------------------------
    def consume(self):
        m, p, rng = self.model, self.model.p, self.model.rng
        n = rng.poisson(self.buy_rate * self.income_multiplier())
        evading = self.enrolled and self.strategy == "evader"
        pads = self.enrolled and self.strategy in ("padder", "colluder")
        counts = np.zeros(len(GOODS), dtype=np.int64)
        if n > 0:
            v = p["buy_incentive"] * self.sensitivity * (1.0 if self.enrolled else 0.0)
            tilt = v * APPROVAL
            if evading:
                tilt = np.where(DISAPPROVED, 0.0, tilt)
            w = self.taste * np.exp(tilt)
            counts = rng.multinomial(n, w / w.sum())
        hidden = 0
        if evading:
            for c in np.flatnonzero(DISAPPROVED & (counts > 0)):
                h = rng.binomial(counts[c], p["hide_probability"])
                counts[c] -= h
                hidden += int(h)
        fakes = 0
        if pads:
            fakes = int(rng.poisson(p["fake_purchase_rate"]))
            counts[MOST_APPROVED] += fakes
        visible = int(counts.sum())
        self.purchase_signal = float(APPROVAL @ counts) / visible if visible > 0 else 0.0
        self.gaming_actions = hidden + fakes
        t = m.tally
        t["visible_purchases"] += visible
        t["approved_purchases"] += int(counts[APPROVAL > 0].sum())
        t["disapproved_purchases"] += int(counts[DISAPPROVED].sum())
        t["hidden_purchases"] += hidden
        t["fake_purchases"] += fakes

    # -- 7.3 expression ------------------------------------------------------------------
    def roll_posts(self):
        self.prev_dissent_posts, self.prev_visible_posts = self.dissent_posts, self.visible_posts

    def express(self):
        m, p, rng = self.model, self.model.p, self.model.rng
        net = p["penalty_network"] if self.tier == "penalty" else 1.0
        posts = int(rng.poisson(p["post_rate"] * net))
        dissent = 0
        if posts > 0:
            o = self.dissent
            cits = m.citizens
            fd = fv = 0
            for j in self.friends():
                fd += cits[j].prev_dissent_posts
                fv += cits[j].prev_visible_posts
            peer = fd / fv if fv > 0 else o
            z = logit(o) - p["share_incentive"] * self.sensitivity * (1.0 if self.enrolled else 0.0) + p["peer_pressure"] * (peer - o)
            dissent = int(rng.binomial(posts, sigmoid(z)))
        spam = int(rng.poisson(p["spam_rate"])) if self.enrolled and self.strategy in ("padder", "colluder") else 0
        self.genuine_posts, self.dissent_posts, self.visible_posts = posts, dissent, posts + spam
        allp = posts + spam
        self.post_signal = (posts - dissent + spam - dissent) / allp if allp > 0 else 0.0
        self.gaming_actions += spam
        t = m.tally
        t["genuine_posts"] += posts
        t["dissent_posts"] += dissent
        t["fake_posts"] += spam

    # -- 7.4 opinion ---------------------------------------------------------------------
    def update_opinion(self):
        p, cits = self.model.p, self.model.citizens
        o = self.dissent
        x = self.dissent_posts / self.genuine_posts if self.genuine_posts > 0 else o
        fd = fv = 0
        for j in self.friends():
            fd += cits[j].dissent_posts
            fv += cits[j].visible_posts
        X = fd / fv if fv > 0 else o
        o = o + p["opinion_self"] * (x - o) + p["opinion_peer"] * (X - o) + p["opinion_core"] * (self.core - o)
        self.dissent = min(1.0, max(0.0, o))

    # -- 7.5 bills -----------------------------------------------------------------------
    def pay_bills(self):
        mem = self.model.p["bills_memory"]
        paid = 1.0 if self.model.rng.random() < self.reliability else 0.0
        self.credit = mem * self.credit + (1 - mem) * paid

    # -- 7.6 scoring (two buffers: next_score, then commit) ------------------------------
    def compute_score(self):
        m, p = self.model, self.model.p
        if not self.enrolled or m.score_bar is None:
            self.next_score = self.score
            return
        cits = m.citizens
        fsum, fn, joined = 0.0, 0, 0
        for j in self.friends():
            f = cits[j]
            if f.enrolled:
                fsum += f.score
                fn += 1
            if f.joined:
                joined += 1
        F = fsum / fn if fn > 0 else m.score_bar        # score.friendless: mean
        credit_term = min(1.0, max(-1.0, (self.credit - p["norm_credit"]) / (1 - p["norm_credit"])))
        b = (p["w_credit"] * credit_term + p["w_buy"] * (self.purchase_signal - p["norm_buy"])
             + p["w_share"] * (self.post_signal - p["norm_share"]))
        T = p["score_mid"] + p["score_range"] * b + p["eta"] * (F - m.score_bar)
        raw = ((1 - p["relaxation"]) * self.score + p["relaxation"] * T + p["referral_bonus"] * joined
               - (p["audit_penalty"] if self.caught else 0.0))
        self.next_score = min(p["score_max"], max(p["score_min"], raw))

    def commit_score(self):
        self.score = self.next_score

    # -- 7.7 tiers -----------------------------------------------------------------------
    def assign_tier(self):
        p = self.model.p
        if not self.enrolled:
            self.tier = "none"
        elif self.score >= p["benefit_threshold"]:
            self.tier = "benefit"
        elif p["penalties"] and self.score < p["penalty_threshold"]:
            self.tier = "penalty"
        else:
            self.tier = "none"

    # -- 7.8 ties (changes collected, applied by the model after every citizen) ------------
    def consider_ties(self):
        m, p, rng = self.model, self.model.p, self.model.rng
        G, cits, i = m.G, m.citizens, self.idx
        friends = list(G.adj[i])
        colluder = self.strategy == "colluder"
        if friends:
            drift_u = rng.random(len(friends))
            look_u = rng.random(len(friends)) if self.enrolled else None
            kappa = p["unfriend_strength"] * (p["colluder_unfriend_factor"] if colluder else 1.0)
            for k, j in enumerate(friends):
                f = cits[j]
                ring_mates = self.ring >= 0 and self.ring == f.ring
                edge = (i, j) if i < j else (j, i)
                if j > i and not ring_mates and drift_u[k] < p["drift_rate"]:
                    m.tie_drops.append(edge)
                if look_u is not None and look_u[k] < p["look_probability"] and f.enrolled:
                    if colluder and ring_mates:
                        continue
                    drop = min(1.0, kappa * p["eta"] * self.sensitivity * max(0.0, self.score - f.score) / p["score_range"])
                    if rng.random() < drop:
                        m.tie_drops.append(edge)
        rate = p["propose_rate"] * (p["benefit_tie_boost"] if self.tier == "benefit" else 1.0)
        if rng.random() >= min(1.0, rate):
            return
        target = -1
        if rng.random() < p["triadic_share"] and friends:
            friend = friends[rng.integers(len(friends))]
            fof = list(G.adj[friend])
            cand = fof[rng.integers(len(fof))]
            if cand != i and cand not in G.adj[i]:
                target = cand
        if target < 0:
            other = int(rng.integers(m.n - 1))
            if other >= i:
                other += 1
            if other in G.adj[i]:
                return
            target = other
        t = cits[target]
        if self.enrolled and t.enrolled:
            accept = math.exp(-p["accept_strength"] * p["eta"] * t.sensitivity * max(0.0, t.score - self.score) / p["score_range"])
            if rng.random() >= accept:
                return
        m.tie_adds.append((i, target) if i < target else (target, i))

    # -- 7.9 audit -----------------------------------------------------------------------
    def audit(self):
        m, p, rng = self.model, self.model.p, self.model.rng
        self.caught = False
        if not self.enrolled or self.strategy not in GAMERS:
            return
        if rng.random() >= p["audit_rate"]:
            return
        m.tally["audits"] += 1
        gamed = self.gaming_actions > 0 or self.ring >= 0
        if not gamed or rng.random() >= p["audit_detection"]:
            return
        self.caught = True
        m.tally["caught"] += 1
        if rng.random() < p["reform_probability"]:
            self.strategy = "honest"
            if self.ring >= 0:
                m.ring_leavers.append(self.idx)

    # -- 7.10 imitation ------------------------------------------------------------------
    def imitate(self):
        m, p, rng = self.model, self.model.p, self.model.rng
        if not self.enrolled or rng.random() >= p["imitation_rate"]:
            return
        cits = m.citizens
        enrolled_friends = [j for j in self.friends() if cits[j].enrolled]
        if not enrolled_friends:
            return
        j = enrolled_friends[rng.integers(len(enrolled_friends))]
        mine, theirs = m.strategy_before[self.idx], m.strategy_before[j]
        if mine == theirs:
            return
        own = self.score - p["gaming_cost"] * self.gaming_actions
        other = cits[j].score - p["gaming_cost"] * cits[j].gaming_actions
        if rng.random() >= sigmoid((other - own) / p["imitation_temperature"]):
            return
        self.strategy = theirs
        if mine == "colluder" or theirs == "colluder":
            m.ring_moves.append((self.idx, mine == "colluder", theirs == "colluder", cits[j].ring))


class SocialCreditModel(mesa.Model):
    """scsim's reference model, baseline scenario, in Mesa 3."""

    def __init__(self, size: int = 10_000, seed: int = 42, collect_network: bool = True, **overrides):
        super().__init__(seed=seed)
        self.p = dict(BASELINE, **overrides)
        self.n = size
        self.collect_network = collect_network
        self.strategy_names = [name for name, _ in self.p["strategies"]]
        self.citizens = [Citizen(self, i) for i in range(size)]
        # 5.2: the network, from the model's own Generator.
        self.G = nx.watts_strogatz_graph(size, self.p["ws_k"], self.p["ws_p"], seed=int(self.rng.integers(2**31 - 1)))
        # 5.3: colluders, in random order, in rings of ring_size, every pair of members friends.
        colluders = [c.idx for c in self.citizens if c.strategy == "colluder"]
        self.rng.shuffle(colluders)
        self.rings: dict[int, set[int]] = {}
        rs = self.p["ring_size"]
        for r, start in enumerate(range(0, len(colluders), rs)):
            members = colluders[start:start + rs]
            self.rings[r] = set(members)
            for a, u in enumerate(members):
                self.citizens[u].ring = r
                for v in members[a + 1:]:
                    self.G.add_edge(u, v)
        # 5.4: tiers from the initial scores.
        self.agents.do("assign_tier")
        self.score_bar = None
        self.obs: dict = {}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: (lambda m, name=name: m.obs.get(name)) for name in COLUMNS})

    def _reset_tallies(self):
        self.tally = dict(adopted=0, visible_purchases=0, approved_purchases=0, disapproved_purchases=0,
                          hidden_purchases=0, fake_purchases=0, genuine_posts=0, dissent_posts=0, fake_posts=0,
                          ties_added=0, ties_removed=0, audits=0, caught=0)

    def step(self):
        self._reset_tallies()
        agents = self.agents
        # 1 adoption: enrolment as it stood when the phase began.
        self.enrolled_before = [c.enrolled for c in self.citizens]
        agents.shuffle_do("adopt")
        # 2 consumption, 3 expression (X'_i reads friends' posts of the previous step).
        agents.shuffle_do("consume")
        agents.do("roll_posts")
        agents.shuffle_do("express")
        # 4 opinion, 5 bills.
        agents.shuffle_do("update_opinion")
        agents.shuffle_do("pay_bills")
        # 6 scoring: S_bar and friends' scores as they stood when the phase began.
        enrolled = [c.score for c in self.citizens if c.enrolled]
        self.score_bar = sum(enrolled) / len(enrolled) if enrolled else None
        agents.shuffle_do("compute_score")
        agents.do("commit_score")
        # 7 tiers.
        agents.do("assign_tier")
        # 8 ties: decisions read the network as it stood; drops then additions, in (i, j) order.
        self.tie_drops, self.tie_adds = [], []
        agents.shuffle_do("consider_ties")
        self._apply_tie_changes()
        # 9 audit; reformed colluders leave their rings afterwards (their ties stay).
        self.ring_leavers = []
        agents.shuffle_do("audit")
        for i in sorted(self.ring_leavers):
            self._leave_ring(i)
        # 10 imitation: strategies as they stood when the phase began.
        self.strategy_before = [c.strategy for c in self.citizens]
        self.ring_moves = []
        agents.shuffle_do("imitate")
        for i, was, becomes, target_ring in sorted(self.ring_moves):
            if was and self.citizens[i].ring >= 0:
                self._leave_ring(i)
            if becomes and target_ring >= 0:
                for member in self.rings[target_ring]:
                    if member != i and not self.G.has_edge(i, member):
                        self.G.add_edge(i, member)
                        self.tally["ties_added"] += 1
                self.rings[target_ring].add(i)
                self.citizens[i].ring = target_ring
        # 11 observation.
        self.obs = self.observe()
        self.datacollector.collect(self)

    def _leave_ring(self, i: int):
        c = self.citizens[i]
        self.rings[c.ring].discard(i)
        c.ring = -1

    def _apply_tie_changes(self):
        G = self.G
        for u, v in sorted(set(self.tie_drops)):
            if G.has_edge(u, v):
                G.remove_edge(u, v)
                self.tally["ties_removed"] += 1
        for u, v in sorted(set(self.tie_adds)):
            if u != v and not G.has_edge(u, v):
                G.add_edge(u, v)
                self.tally["ties_added"] += 1

    # -- 7.11 observation ----------------------------------------------------------------
    def observe(self) -> dict:
        p, t, n, G, cits = self.p, self.tally, self.n, self.G, self.citizens
        row: dict = {}
        enrolled = [c for c in cits if c.enrolled]
        ne = len(enrolled)
        row["enrolled_frac"] = ne / n
        if ne:
            s = np.sort(np.array([c.score for c in enrolled]))
            row["score_mean"] = float(s.mean())
            row["score_sd"] = float(s.std())
            row["score_p10"], row["score_p50"], row["score_p90"] = (float(x) for x in np.percentile(s, [10, 50, 90]))
            k = np.arange(1, ne + 1)
            row["score_gini"] = float(((2 * k - ne - 1) * s).sum() / (ne * s.sum())) if s.sum() > 0 else 0.0
            row["benefit_frac"] = sum(c.tier == "benefit" for c in enrolled) / ne
            row["penalty_frac"] = sum(c.tier == "penalty" for c in enrolled) / ne
        vis = t["visible_purchases"]
        row["approved_purchase_frac"] = t["approved_purchases"] / vis if vis else None
        row["disapproved_purchase_frac"] = t["disapproved_purchases"] / vis if vis else None
        row["hidden_purchases"] = t["hidden_purchases"]
        row["fake_purchases"] = t["fake_purchases"]
        row["fake_posts"] = t["fake_posts"]
        gp = t["genuine_posts"]
        row["dissent_post_frac"] = t["dissent_posts"] / gp if gp else None
        row["opinion_mean"] = sum(c.dissent for c in cits) / n
        if row["dissent_post_frac"] is not None:
            row["falsification_gap"] = row["opinion_mean"] - row["dissent_post_frac"]
        row["edges"] = G.number_of_edges()
        row["mean_degree"] = 2 * row["edges"] / n
        deg = np.array([G.degree(i) for i in range(n)])
        # Network columns, exact, every step (the baseline's output.networkMetricsEvery: 1).
        if self.collect_network:
            # nx.average_clustering(G) (zeros for degree < 2, as scsim) and nx.transitivity(G)
            # from one nx.triangles(G) census: the same values (the test checks them against
            # both functions), 4.5 times faster at 10,000 citizens than calling the two,
            # which each count every triangle again.
            tri = nx.triangles(G)
            d = deg.astype(float)
            T = np.array([tri[v] for v in range(n)], dtype=float)
            pairs = d * (d - 1) / 2
            row["clustering_avg"] = float(np.divide(T, pairs, out=np.zeros(n), where=pairs > 0).mean())
            row["transitivity"] = float(T.sum() / pairs.sum()) if T.sum() > 0 else 0.0
            comps = [len(cc) for cc in nx.connected_components(G)]
            row["components"] = len(comps)
            row["giant_frac"] = max(comps) / n
            row["network_metrics"] = "exact"
            row["clustering_avg_se"] = 0.0
            row["transitivity_se"] = 0.0
        else:
            row["network_metrics"] = "skipped"
        # Score assortativity as scsim defines it (MODEL.md section 8, choice 15): Pearson
        # correlation over both directions of every tie whose ends are both enrolled. This is
        # what nx.numeric_assortativity_coefficient(G.subgraph(enrolled), "score") computes,
        # but that function builds a dense mixing matrix over distinct values (quadratic
        # memory in the number of distinct scores, 800 MB for 10,000), so it is
        # computed directly over the edge list with numpy.
        scores = np.array([c.score for c in cits])
        enr = np.array([c.enrolled for c in cits])
        if G.number_of_edges():
            e = np.array(G.edges(), dtype=np.int64)
            keep = enr[e[:, 0]] & enr[e[:, 1]]
            x = np.concatenate([scores[e[keep, 0]], scores[e[keep, 1]]])
            y = np.concatenate([scores[e[keep, 1]], scores[e[keep, 0]]])
            if len(x) and x.std() > 0:
                row["score_assortativity"] = float(np.corrcoef(x, y)[0, 1])
        row["isolated_frac"] = float((deg == 0).sum()) / n
        if ne:
            idx = np.flatnonzero(enr)
            order = idx[np.argsort(scores[idx], kind="stable")]      # ties by citizen id
            low = order[: max(1, ne // 10)]
            row["low_isolated_frac"] = float((deg[low] == 0).mean())
            mean_enrolled = deg[idx].mean()
            row["low_degree_ratio"] = float(deg[low].mean() / mean_enrolled) if mean_enrolled > 0 else None
        row["ties_added"] = t["ties_added"]
        row["ties_removed"] = t["ties_removed"]
        for s in GAMERS:
            row[f"{s}_frac"] = sum(c.strategy == s for c in cits) / n
        row["audits"] = t["audits"]
        row["caught"] = t["caught"]
        gam = [c.score for c in enrolled if c.strategy in GAMERS]
        hon = [c.score for c in enrolled if c.strategy == "honest"]
        row["gamer_score_premium"] = (sum(gam) / len(gam) - sum(hon) / len(hon)) if gam and hon else None
        row["adopted"] = t["adopted"]
        row["visible_purchases"] = vis
        row["genuine_posts"] = gp
        return row


def run(size: int, steps: int, seed: int, **kwargs):
    """Builds the model, runs `steps` steps and returns the DataCollector's model table
    (one row per step, scsim's default columns; a `step` column from 0)."""
    model = SocialCreditModel(size=size, seed=seed, **kwargs)
    for _ in range(steps):
        model.step()
    df = model.datacollector.get_model_vars_dataframe()
    df.insert(0, "step", range(len(df)))
    return df


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=BASELINE["size"])
    ap.add_argument("--steps", type=int, default=BASELINE["steps"])
    ap.add_argument("--seed", type=int, default=BASELINE["seed"])
    ap.add_argument("--out", help="CSV to write (default: print the last row)")
    ap.add_argument("--time-json", action="store_true",
                    help="print only {\"wall\": seconds} (construction + steps + data collection)")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    df = run(a.size, a.steps, a.seed)
    wall = time.perf_counter() - t0
    if a.time_json:
        import json
        print(json.dumps({"wall": wall, "rows": len(df)}))
        return
    if a.out:
        df.to_csv(a.out, index=False)
    else:
        print(df.iloc[-1].to_string())
    print(f"{a.size} citizens x {a.steps} steps: {wall:.2f} s wall")


if __name__ == "__main__":
    main()
