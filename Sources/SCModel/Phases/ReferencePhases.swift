/// The reference model's step: its phases in MODEL.md section 3's order.
///
/// A new mechanic is a new file with a `StepPhase` and one line here (or, from code that
/// embeds the engine, one `Simulation.insertPhase` call). The opinion update (phase 4) runs
/// inside the scoring pass, and observation (phase 11) is the run loop's, so neither has an
/// entry; their stream ids stay reserved in `Phase`.
public enum ReferencePhases {
    public static var standard: [any StepPhase<Simulation>] {
        [
            PolicyPhase(),
            TheftPhase(),
            AdoptionPhase(),
            ConsumptionPhase(),
            ExpressionPhase(),
            SybilPhase(),
            BillsPhase(),
            ScoringPhase(),
            InformantsPhase(),
            TiersPhase(),
            TiesPhase(),
            MarketPhase(),
            AuditPhase(),
            DetectionPhase(),
            ImitationPhase(),
            RefusalPhase(),
        ]
    }
}
