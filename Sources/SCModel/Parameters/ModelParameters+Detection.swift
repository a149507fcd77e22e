extension ModelParameters {
    /// Whether the authority's graph detector runs at some point of the run:
    /// `detection.every` above 0 at step 0, or set above 0 by a timeline event.
    public var detectionScheduled: Bool {
        detectionEvery > 0 || timeline.contains { event in
            event.assignments.contains { $0.path == "detection.every" && $0.value != .integer(0) }
        }
    }

    /// Whether informants report at some point of the run: a report rate above 0 at step
    /// 0, or set above 0 by a timeline event (then caution is kept from step 0).
    public var informantsScheduled: Bool {
        informantReportRate > 0 || informantFalseReportRate > 0 || timeline.contains { event in
            event.assignments.contains {
                ($0.path == "informants.reportRate" || $0.path == "informants.falseReportRate") && $0.value != .number(0)
            }
        }
    }

    /// Whether the friendship market trades at some point of the run.
    public var marketScheduled: Bool {
        marketShopRate > 0 || timeline.contains { event in
            event.assignments.contains { $0.path == "market.shopRate" && $0.value != .number(0) }
        }
    }

    /// Whether accounts are stolen at some point of the run.
    public var theftScheduled: Bool {
        theftRate > 0 || timeline.contains { event in
            event.assignments.contains { $0.path == "theft.rate" && $0.value != .number(0) }
        }
    }

    /// Whether vendors run sybil farms (MODEL.md 7.19): reserved slots at step 0.
    public var sybilsScheduled: Bool { sybilCapacity > 0 }

    /// Citizens plus the sybils' reserved slots: the population's columns and the graph's
    /// vertices (N when there are no sybils).
    public var slotCount: Int { populationSize + sybilCapacity }

    /// The optional column groups a run writes, in catalogue order: those `output.metrics`
    /// names, plus the groups of the mechanics that are on: `detection` whenever the
    /// detector is scheduled (its columns are then in the CSV, empty on steps without a
    /// round), `informants` whenever informants are scheduled, `refusal` with
    /// `refusal.enabled`.
    public var columnGroups: [String] {
        var automatic: [String] = []
        if detectionScheduled { automatic.append(DetectionMetrics.group.name) }
        if informantsScheduled { automatic.append(InformantMetrics.group.name) }
        if refusalEnabled { automatic.append(RefusalMetrics.group.name) }
        if refusalEnabled || moneyEnabled { automatic.append(CreditMetrics.group.name) }
        if moneyEnabled { automatic.append(MoneyMetrics.group.name) }
        if marketScheduled { automatic.append(MarketMetrics.group.name) }
        if theftScheduled { automatic.append(TheftMetrics.group.name) }
        if sybilsScheduled { automatic.append(SybilMetrics.group.name) }
        guard !automatic.isEmpty else { return metricGroups }
        return MetricGroups.names.filter { metricGroups.contains($0) || automatic.contains($0) }
    }
}
