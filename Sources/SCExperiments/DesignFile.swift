import Foundation
import SCNetwork
import SCModel

/// The design file of a Morris or Saltelli sweep: SALib's own sample, written by
/// `scsim-sa design SWEEP.yaml` (analysis/src/scsim_analysis/sa.py), read here row for row.
///
/// Why a file: SALib 1.6 draws its Morris trajectories and scrambles its Sobol sequence with
/// numpy's `Generator` (PCG64 seeded through `SeedSequence`, Lemire's bounded integers,
/// scipy's LMS scrambling). Re-implementing those in Swift would be a second copy to keep
/// in step with every numpy, scipy and SALib release; reading the matrix SALib made is
/// exact by construction, and the analysis (`SALib.analyze.morris` / `.sobol`) reads the
/// runs back in the same order.
///
/// Layout (UTF-8 text):
///
///     # scsim-sa design: {"method": "morris", "levels": 4, "trajectories": 10, "optimal": null,
///     #                   "seed": 7, "parameters": ["audit.rate", ...],
///     #                   "bounds": {"audit.rate": [0, 0.2], ...}, "salib": "1.6.0"}   (one line)
///     audit.rate,score.eta
///     0.0666666666666667,0.2
///     ...
///
/// The first line records what made the file (a Saltelli design has `samples`,
/// `second_order`, `skip`, `seed`); the second names the parameters, in the sweep's order;
/// then one row per design point, in SALib's order, each value as Python's `repr` wrote it
/// (so it reads back to the same double). A file made for other settings, parameters or
/// bounds is refused: the sweep file changed since the design was made.
enum DesignFile {
    static let marker = "# scsim-sa design: "

    struct Problem: Error {
        var message: String
    }

    /// `STEM.design.csv` beside the sweep file `STEM.yaml`.
    static func defaultName(forSweep source: String) -> String {
        URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent + ".design.csv"
    }

    static func read(path: String, design: SweepDesign, parameters: [SweepParameter]) throws -> [[Double]] {
        let text: String
        do {
            text = try RegularFile.text(path)
        } catch {
            throw Problem(message: FileManager.default.fileExists(atPath: path) ? "cannot read the design file (\(error))" : "no such design file")
        }
        return try parse(text: text, design: design, parameters: parameters)
    }

    static func parse(text: String, design: SweepDesign, parameters: [SweepParameter]) throws -> [[Double]] {
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first, first.hasPrefix(marker),
              let object = try? JSONSerialization.jsonObject(with: Data(first.dropFirst(marker.count).utf8)) as? [String: Any] else {
            throw Problem(message: "not a design file (its first line should start with '\(marker)')")
        }
        lines.removeFirst()
        // The settings it was made with.
        guard let expected = design.settingsObject(parameters) else {
            throw Problem(message: "a \(design.method) design has no design file")
        }
        var differences: [String] = []
        for key in expected.keys.sorted() where key != "bounds" {
            if !same(expected[key], object[key]) {
                differences.append("\(key) \(show(object[key])), not \(show(expected[key]))")
            }
        }
        let paths = parameters.map(\.path)
        if (object["parameters"] as? [String]) != paths {
            differences.append("parameters \(show(object["parameters"])), not \(show(paths))")
        }
        let bounds = object["bounds"] as? [String: Any] ?? [:]
        for parameter in parameters {
            guard case .interval(let from, let to) = parameter.values else { continue }
            let found = (bounds[parameter.path] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? []
            if found.count != 2 || !close(found[0], from) || !close(found[1], to) {
                differences.append("\(parameter.path) bounds \(show(bounds[parameter.path])), not [\(formatNumber(from)), \(formatNumber(to))]")
            }
        }
        if !differences.isEmpty {
            throw Problem(message: "made for other settings (" + differences.joined(separator: "; ") + ")")
        }
        // The header and the rows.
        guard let header = lines.first else { throw Problem(message: "no header row of parameter names") }
        lines.removeFirst()
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard names == paths else {
            let found = names.joined(separator: ",")
            throw Problem(message: "its columns are \(found.count > 200 ? found.prefix(200) + "..." : found), not \(paths.joined(separator: ","))")
        }
        var rows: [[Double]] = []
        rows.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            let values = cells.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard cells.count == paths.count, values.count == paths.count, values.allSatisfy(\.isFinite) else {
                // At most 80 characters of the row: a damaged file may have one enormous line.
                let shown = line.count > 80 ? line.prefix(80) + "... (\(line.utf8.count) bytes)" : Substring(line)
                throw Problem(message: "row \(index + 1) is not \(paths.count) finite numbers: '\(shown)'")
            }
            for (value, parameter) in zip(values, parameters) {
                if case .interval(let from, let to) = parameter.values,
                   value < from - 1e-9 * max(1, abs(from)) || value > to + 1e-9 * max(1, abs(to)) {
                    throw Problem(message: "row \(index + 1): \(parameter.path) = \(value) lies outside [\(formatNumber(from)), \(formatNumber(to))]")
                }
            }
            rows.append(values)
        }
        let needed: Int
        switch design {
        case .morris(let m): needed = m.rowCount(dimensions: parameters.count)
        case .saltelli(let s): needed = s.rowCount(dimensions: parameters.count)
        default: needed = rows.count
        }
        guard rows.count == needed else {
            throw Problem(message: "has \(rows.count) rows; the design has \(needed)")
        }
        return rows
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(a), abs(b)) }

    /// Settings compare as JSON does: numbers by value, null with null.
    static func same(_ a: Any?, _ b: Any?) -> Bool {
        if isNull(a) || isNull(b) { return isNull(a) && isNull(b) }
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? Bool, let y = b as? Bool, !(a is Int), !(b is Int) { return x == y }
        if let x = number(a), let y = number(b) { return x == y }
        return false
    }

    static func isNull(_ value: Any?) -> Bool { value == nil || value is NSNull }

    static func number(_ value: Any?) -> Double? {
        switch value {
        case let x as Int: return Double(x)
        case let x as Double: return x
        case let x as NSNumber: return x.doubleValue
        default: return nil
        }
    }

    static func show(_ value: Any?) -> String {
        if isNull(value) { return "none" }
        if let list = value as? [Any] { return "[" + list.map { show($0) }.joined(separator: ", ") + "]" }
        if let text = value as? String { return text }
        if let x = number(value) { return formatNumber(x) }
        return "\(value!)"
    }
}
