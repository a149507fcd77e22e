/// One scenario key: its path, what it accepts, what it means, and how to read or write it.
///
/// The catalogue of these (`ParameterCatalog`) is the single source for parsing scenario
/// files, `--set`, timeline events, validation messages, the resolved scenario in the
/// manifest, and the key reference in docs/SCENARIO_KEYS.md.
public struct ParameterSpec: Sendable {
    /// Dotted key path, e.g. `score.eta`.
    public let path: String
    /// What values are allowed.
    public let domain: ParameterDomain
    /// One line for the reference: meaning, with MODEL.md's symbol and section.
    public let summary: String
    /// Whether a timeline event may change it after step 0.
    public let changeableDuringRun: Bool
    let read: @Sendable (ModelParameters) -> ParameterValue
    let write: @Sendable (inout ModelParameters, ParameterValue) -> Void
    /// True for keys added after sweep identities were first recorded (every key of a new
    /// mechanic): at their default they are left out of a sweep's identity, so adding a key
    /// that is off by default does not make existing sweep databases refuse to resume.
    public private(set) var addedAfterFirstIdentity = false
    /// Whether a scenario may write the value as a YAML list (read as its items joined by
    /// commas), as for `.groups` keys.
    public var acceptsList: Bool {
        if case .groups = domain { return true }
        return listAllowed
    }
    var listAllowed = false

    /// This spec, taking a YAML list as its items joined by commas.
    public func takingList() -> ParameterSpec {
        var spec = self
        spec.listAllowed = true
        return spec
    }

    /// This spec, marked as added after sweep identities were first recorded.
    public func addedLater() -> ParameterSpec {
        var spec = self
        spec.addedAfterFirstIdentity = true
        return spec
    }

    /// Whether `parameters` holds this key's default value.
    public func isDefault(in parameters: ModelParameters) -> Bool {
        value(in: parameters) == value(in: ModelParameters())
    }

    /// The current value in `parameters`.
    public func value(in parameters: ModelParameters) -> ParameterValue { read(parameters) }

    /// Checks `value` against the domain and, when allowed, writes it (converted to the
    /// field's type). Returns a message saying what is allowed when it is not.
    public func assign(_ value: ParameterValue, to parameters: inout ModelParameters) -> String? {
        switch domain.admit(value) {
        case .success(let admitted):
            write(&parameters, admitted)
            return nil
        case .failure(let problem):
            return problem.message
        }
    }
}


/// The values a key accepts.
public enum ParameterDomain: Sendable, CustomStringConvertible {
    /// A real number within `range`.
    case number(NumberRange)
    /// A whole number within `range`.
    case integer(NumberRange)
    /// true or false.
    case boolean
    /// One of the listed words.
    case choice([String])
    /// Any text.
    case text
    /// `mean`, `own`, `mid`, or a number.
    case friendless
    /// A list of the named groups (written as a YAML list, or as text separated by commas),
    /// or `all`; empty for none. Admitted as text holding the canonical comma-separated list.
    case groups([String])

    /// Converts and checks a written value.
    public func admit(_ value: ParameterValue) -> Result<ParameterValue, DomainProblem> {
        switch (self, value) {
        case (.number(let range), .number(let x)):
            return range.contains(x) ? .success(.number(x)) : .failure(DomainProblem("must be a number \(range), got \(formatNumber(x))"))
        case (.number(let range), .integer(let x)):
            return range.contains(Double(x)) ? .success(.number(Double(x))) : .failure(DomainProblem("must be a number \(range), got \(x)"))
        case (.integer(let range), .integer(let x)):
            return range.contains(Double(x)) ? .success(.integer(x)) : .failure(DomainProblem("must be a whole number \(range), got \(x)"))
        case (.integer(let range), .number(let x)) where x == x.rounded() && abs(x) < 9e15:
            return range.contains(x) ? .success(.integer(Int(x))) : .failure(DomainProblem("must be a whole number \(range), got \(formatNumber(x))"))
        case (.boolean, .boolean(let b)):
            return .success(.boolean(b))
        case (.choice(let words), .text(let word)):
            return words.contains(word) ? .success(.text(word))
                : .failure(DomainProblem("must be one of \(words.joined(separator: ", ")), got '\(word)'"))
        case (.text, .text(let word)):
            return .success(.text(word))
        case (.text, let other):
            return .success(.text(other.description))
        case (.friendless, .text(let word)) where ["mean", "own", "mid"].contains(word):
            return .success(.text(word))
        case (.friendless, .number(let x)) where NumberRange.points.contains(x):
            return .success(.number(x))
        case (.friendless, .integer(let x)) where NumberRange.points.contains(Double(x)):
            return .success(.number(Double(x)))
        case (.groups(let names), .text(let text)):
            guard let groups = MetricGroups.parse(text, among: names) else {
                let unknown = MetricGroups.words(text).filter { $0 != "all" && !names.contains($0) }
                return .failure(DomainProblem("must be \(self), got '\(unknown.joined(separator: ", "))'"))
            }
            return .success(.text(groups.joined(separator: ",")))
        default:
            return .failure(DomainProblem("must be \(self), got \(value.kindName) '\(value)'"))
        }
    }

    public var description: String {
        switch self {
        case .number(let range): return "a number \(range)"
        case .integer(let range): return "a whole number \(range)"
        case .boolean: return "true or false"
        case .choice(let words): return "one of \(words.joined(separator: ", "))"
        case .text: return "text"
        case .friendless: return "mean, own, mid, or a number \(NumberRange.points)"
        case .groups(let names): return "a list of \(names.joined(separator: ", ")), or all (empty: none)"
        }
    }
}

/// Why a value does not fit a domain.
public struct DomainProblem: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// An interval with open or closed ends; either end may be absent.
public struct NumberRange: Sendable, CustomStringConvertible {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// [0, 1].
    public static let probability = NumberRange(lower: 0, upper: 1)
    /// >= 0.
    public static let nonNegative = NumberRange(lower: 0)
    /// > 0.
    public static let positive = NumberRange(lower: 0, lowerInclusive: false)
    /// Any finite number.
    public static let any = NumberRange()

    // Every scenario key has finite ends (issue 13): the engine must run anywhere inside a
    // documented range, and products and sums of unbounded values overflow to infinity or
    // NaN, which hangs GSL's samplers and traps integer conversions. The ends are far past
    // any value that means something.

    /// Scores and points, [-1e9, 1e9]: a sum over 10^9 citizens stays finite.
    public static let points = NumberRange(lower: -1e9, upper: 1e9)
    /// Points that are taken off or added, [0, 1e9].
    public static let nonNegativePoints = NumberRange(lower: 0, upper: 1e9)
    /// Coefficients of an exponent or a weighted sum, [-1000, 1000].
    public static let coefficient = NumberRange(lower: -1_000, upper: 1_000)
    /// Shape parameters of Beta, Gamma and Dirichlet draws, [0.001, 1e6]: below 0.001 GSL's
    /// samplers return NaN (0/0 in log space), above 1e6 the draws overflow.
    public static let shapeParameter = NumberRange(lower: 0.001, upper: 1e6)

    public static func closed(_ a: Double, _ b: Double) -> NumberRange { NumberRange(lower: a, upper: b) }
    public static func atLeast(_ a: Double) -> NumberRange { NumberRange(lower: a) }

    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if let lower { if lowerInclusive ? x < lower : x <= lower { return false } }
        if let upper { if upperInclusive ? x > upper : x >= upper { return false } }
        return true
    }

    public var description: String {
        switch (lower, upper) {
        case (nil, nil): return "(any finite value)"
        case (let a?, nil): return lowerInclusive ? ">= \(formatNumber(a))" : "> \(formatNumber(a))"
        case (nil, let b?): return upperInclusive ? "<= \(formatNumber(b))" : "< \(formatNumber(b))"
        case (let a?, let b?):
            return "in \(lowerInclusive ? "[" : "(")\(formatNumber(a)), \(formatNumber(b))\(upperInclusive ? "]" : ")")"
        }
    }
}

extension ParameterValue {
    /// "number", "whole number", "boolean" or "text", for messages.
    public var kindName: String {
        switch self {
        case .number: return "number"
        case .integer: return "whole number"
        case .boolean: return "boolean"
        case .text: return "text"
        }
    }
}
