extension ModelParameters {
    /// Whether the authority's graph detector runs at some point of the run:
    /// `detection.every` above 0 at step 0, or set above 0 by a timeline event.
    public var detectionScheduled: Bool {
        detectionEvery > 0 || timeline.contains { event in
            event.assignments.contains { $0.path == "detection.every" && $0.value != .integer(0) }
        }
    }

    /// The optional column groups a run writes, in catalogue order: those `output.metrics`
    /// names, plus `detection` whenever the detector is scheduled (its columns are then in
    /// the CSV, empty on steps without a round).
    public var columnGroups: [String] {
        guard detectionScheduled, !metricGroups.contains(DetectionMetrics.group.name) else { return metricGroups }
        return MetricGroups.names.filter { metricGroups.contains($0) || $0 == DetectionMetrics.group.name }
    }
}
