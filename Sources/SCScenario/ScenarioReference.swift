import Foundation
import SCModel

/// The reference of every scenario key, generated from `ParameterCatalog`.
///
/// Generated rather than written so that it cannot drift from what the loader accepts:
/// docs/SCENARIO_KEYS.md is this function's output, and a test fails when the committed
/// file differs (`swift run scsim keys > docs/SCENARIO_KEYS.md` regenerates it).
public enum ScenarioReference {
    /// The whole reference as Markdown: an introduction, one table per top-level group,
    /// then the structured keys `goods` and `timeline`.
    public static func markdown() -> String {
        let defaults = ModelParameters()
        var out: [String] = [
            "# Scenario keys",
            "",
            "<!-- Generated from ParameterCatalog by `swift run scsim keys > docs/SCENARIO_KEYS.md`; do not edit by hand. -->",
            "",
            "A scenario is a YAML mapping of the keys below. Write only the keys that differ from the",
            "defaults. Nested mappings and dotted keys mean the same thing, at any level:",
            "`score: {eta: 0.6}` and `score.eta: 0.6` both set `score.eta`. Values are typed by YAML:",
            "`0.6` is a number, `true` a boolean, and a quoted `\"0.6\"` is text (and so refused where a",
            "number is expected). Unknown keys, wrong types and out-of-range values are errors, each",
            "reported with its file and line.",
            "",
            "Every number has finite ends, and the engine runs anywhere inside them (each key at",
            "each end is tested): scores and points within [-1e9, 1e9], so that sums over any",
            "population stay finite; coefficients of exponents within [-1000, 1000]; Beta, Gamma and",
            "Dirichlet shapes within [0.001, 1e6], outside which GSL's samplers return NaN or",
            "overflow; rates and multipliers of Poisson means up to 1000. A citizen's mean purchases",
            "per step (lambda_i times m_inc, lognormal and so unbounded) are capped at 10^6. `.nan`,",
            "`.inf` and numbers beyond the largest double are refused for every key. A timeline",
            "event must leave the scenario within the same cross-key rules as step 0 (score.min",
            "below score.max, adoption rates summing to at most 1, ...). `name` must be a plain file",
            "name (letters, digits, '-', '_', '.', '+'), since it names the output folder.",
            "",
            "Any scalar key can be overridden from the command line, after the file is read:",
            "`scsim run scenarios/baseline.yaml --set score.eta=0.6 --set mandatory=true`.",
            "",
            "The column *timeline* says whether a `timeline` event may change the key during a run;",
            "keys marked *no* shape the population or the network at step 0.",
            "",
        ]
        for group in groups() {
            out.append("## \(group.title)")
            out.append("")
            if let intro = introductions[group.name] {
                out.append(intro)
                out.append("")
            }
            out.append("| key | default | allowed values | timeline | meaning |")
            out.append("|---|---|---|---|---|")
            for spec in group.specs {
                let cells = [
                    "`\(spec.path)`",
                    defaultText(spec.value(in: defaults)),
                    cell(spec.domain.description),
                    spec.changeableDuringRun ? "yes" : "no",
                    cell(spec.summary),
                ]
                out.append("| " + cells.joined(separator: " | ") + " |")
            }
            out.append("")
        }
        out += goodsSection(defaults.goods)
        out += timelineSection()
        return out.joined(separator: "\n")
    }

    // MARK: - Groups

    private struct Group {
        let name: String
        var specs: [ParameterSpec]
        var title: String { name.isEmpty ? "Top-level keys" : "`\(name)`" }
    }

    /// Keys grouped by their first path component, in catalogue order; keys without a dot
    /// form the first group.
    private static func groups() -> [Group] {
        var groups: [Group] = [Group(name: "", specs: [])]
        for spec in ParameterCatalog.all {
            let name = spec.path.contains(".") ? String(spec.path.prefix { $0 != "." }) : ""
            if let index = groups.firstIndex(where: { $0.name == name }) {
                groups[index].specs.append(spec)
            } else {
                groups.append(Group(name: name, specs: [spec]))
            }
        }
        return groups.filter { !$0.specs.isEmpty }
    }

    /// One sentence per group on what it controls; a group without one still gets its table.
    private static let introductions: [String: String] = [
        "": "The run itself and the two policy switches (MODEL.md section 8).",
        "population": "Who the citizens are at step 0 (MODEL.md section 2).",
        "network": "The friendship network at step 0 (MODEL.md section 5); only the keys of the chosen generator are used.",
        "adoption": "Voluntary enrolment (MODEL.md 7.1).",
        "consumption": "Purchases and how the score bends them (MODEL.md 7.2).",
        "expression": "Posts and how the score and friends silence dissent (MODEL.md 7.3).",
        "opinion": "How private opinion follows what is said (MODEL.md 7.4).",
        "bills": "The credit record (MODEL.md 7.5).",
        "score": "The public score and the friend term (MODEL.md 7.6).",
        "tiers": "Benefits and penalties by score (MODEL.md 7.7).",
        "ties": "Drifting apart, unfriending and befriending (MODEL.md 7.8).",
        "audit": "Audits of gamers (MODEL.md 7.9).",
        "imitation": "Copying better-off friends' strategies (MODEL.md 7.10).",
        "output": "What is written, and how often (MODEL.md 7.11).",
        "random": "The random streams (MODEL.md section 3).",
    ]

    // MARK: - Structured keys

    private static func goodsSection(_ catalogue: [Good]) -> [String] {
        var out = [
            "## `goods`",
            "",
            "The goods catalogue (MODEL.md section 2): a list of categories, each a mapping. Writing",
            "`goods` replaces the whole default catalogue. It is fixed at step 0.",
            "",
            "| field | required | allowed values | meaning |",
            "|---|---|---|---|",
            "| `name` | yes | text, unique | The category's name. |",
            "| `approval` | yes | a number in [-1, 1] | a_c: +1 approved, -1 disapproved. |",
            "| `price` | no (default 1) | a number >= 0 | Recorded for analysis; the reference rules do not use it. |",
            "",
            "The default catalogue:",
            "",
            "```yaml",
            "goods:",
        ]
        for good in catalogue {
            out.append("  - {name: \(good.name), approval: \(formatNumber(good.approval)), price: \(formatNumber(good.price))}")
        }
        out += ["```", ""]
        return out
    }

    private static func timelineSection() -> [String] {
        [
            "## `timeline`",
            "",
            "Policy events (MODEL.md section 8): a list of mappings, each with",
            "",
            "- `at`: the step (a whole number in [0, steps - 1]) at whose start the event applies;",
            "- `set`: a mapping of keys to new values, nested or dotted as at the top level. Only keys",
            "  whose *timeline* column says *yes* may appear.",
            "",
            "Events are applied in step order; two events at the same step apply in the order written.",
            "",
            "```yaml",
            "timeline:",
            "  - at: 260",
            "    set:",
            "      mandatory: true",
            "      penalties: true",
            "  - at: 300",
            "    set: {score.eta: 0.6}",
            "```",
            "",
        ]
    }

    // MARK: - Cells

    private static func defaultText(_ value: ParameterValue) -> String {
        switch value {
        case .text(let text) where text.isEmpty: return "(empty)"
        default: return "`\(value)`"
        }
    }

    /// Escapes the characters that would end a Markdown table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
