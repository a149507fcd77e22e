/// One line of the validation table: a published number, what the engine measured, and
/// whether they agree within the stated tolerance.
public struct ValidationCheck: Equatable, Sendable {
    /// Short stable identifier, e.g. `er.clustering`.
    public var id: String
    /// What is compared, in words.
    public var title: String
    /// The published or theoretical value as text (it may be a statement such as "> 0.5").
    public var published: String
    /// Where the value comes from.
    public var source: String
    /// The measurement.
    public var measured: Estimate
    /// The largest distance from the reference that passes: `sigmas` standard errors
    /// (measurement and, where given, the published uncertainty, combined) plus `allowance`.
    public var tolerance: Double
    /// The part of the tolerance that is not statistical, with its reason in `note`.
    public var allowance: Double
    /// Distance between measured and reference.
    public var deviation: Double
    public var passed: Bool
    /// How the tolerance was derived, and anything a reader should know.
    public var note: String

    public init(id: String, title: String, published: String, source: String, measured: Estimate,
                tolerance: Double, allowance: Double, deviation: Double, passed: Bool, note: String) {
        self.id = id
        self.title = title
        self.published = published
        self.source = source
        self.measured = measured
        self.tolerance = tolerance
        self.allowance = allowance
        self.deviation = deviation
        self.passed = passed
        self.note = note
    }

    /// A check that `measured` equals `reference` within `sigmas` combined standard errors
    /// plus `allowance`. `referenceError` is the published uncertainty (0 for theory).
    public static func agreement(id: String, title: String, reference: Double, referenceError: Double = 0,
                                 published: String? = nil, source: String, measured: Estimate, sigmas: Double = 3.5,
                                 allowance: Double = 0, note: String) -> ValidationCheck {
        let combined = (measured.standardError * measured.standardError + referenceError * referenceError).squareRoot()
        let tolerance = sigmas * combined + allowance
        let deviation = abs(measured.mean - reference)
        return ValidationCheck(id: id, title: title, published: published ?? Format.number(reference), source: source,
                               measured: measured, tolerance: tolerance, allowance: allowance, deviation: deviation,
                               passed: deviation <= tolerance, note: note)
    }

    /// A check that `measured` is above `bound` by at least `sigmas` standard errors.
    public static func above(id: String, title: String, bound: Double, published: String, source: String,
                             measured: Estimate, sigmas: Double = 3.5, note: String) -> ValidationCheck {
        let tolerance = sigmas * measured.standardError
        return ValidationCheck(id: id, title: title, published: published, source: source, measured: measured,
                               tolerance: tolerance, allowance: 0, deviation: measured.mean - bound,
                               passed: measured.mean - tolerance > bound, note: note)
    }

    /// A check that `measured` is below `bound` by at least `sigmas` standard errors.
    public static func below(id: String, title: String, bound: Double, published: String, source: String,
                             measured: Estimate, sigmas: Double = 3.5, note: String) -> ValidationCheck {
        let tolerance = sigmas * measured.standardError
        return ValidationCheck(id: id, title: title, published: published, source: source, measured: measured,
                               tolerance: tolerance, allowance: 0, deviation: bound - measured.mean,
                               passed: measured.mean + tolerance < bound, note: note)
    }
}
