import Foundation
import SCModel
import Yams

extension ScenarioReader {
    /// Applies one `--set key.path=value` after the file has been read.
    ///
    /// The value is read as a YAML scalar, so `--set mandatory=true` is a boolean and
    /// `--set score.eta=0.6` a number, exactly as in a file. Only scalar keys can be set:
    /// `goods` and `timeline` are lists, which a command line cannot express clearly. A
    /// relative `network.path` given here is resolved against the current directory,
    /// where the person typing it is.
    mutating func applyOverride(_ argument: String) {
        let source = "--set \(argument)"
        func fail(_ keyPath: String, _ message: String) {
            problems.append(ScenarioProblem(source: source, line: nil, keyPath: keyPath, message: message))
        }
        guard let equals = argument.firstIndex(of: "=") else {
            fail("", "must be written key.path=value, for example --set score.eta=0.6")
            return
        }
        let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
        let text = String(argument[argument.index(after: equals)...])
        guard !key.isEmpty else {
            fail("", "the key before '=' is empty; write key.path=value, for example --set score.eta=0.6")
            return
        }
        if let list = ParameterCatalog.structuredKeys.first(where: { key == $0 || key.hasPrefix($0 + ".") || key.hasPrefix($0 + "[") }) {
            fail(key, (key == list ? "" : "\(list) ") + "is a list and cannot be set with --set; edit it in the scenario file")
            return
        }
        guard let spec = ParameterCatalog.spec(for: key) else {
            if Self.isGroup(key) {
                fail(key, "is a group of keys, not a value; set one of its keys, for example --set \(Self.firstKey(under: key))=...")
            } else {
                fail(key, Self.unknownKeyMessage(key, among: ParameterCatalog.allPaths))
            }
            return
        }
        switch Self.overrideValue(text, for: spec) {
        case .failure(let problem):
            fail(key, "must be \(spec.domain), \(problem.tail)")
        case .success(let value):
            if let message = spec.assign(value, to: &parameters) {
                fail(key, message)
                return
            }
            if spec.path == "network.path" {
                parameters.networkPath = Self.resolve(parameters.networkPath, against: FileManager.default.currentDirectoryPath)
            }
            appliedOverrides.append((key, source))
        }
    }

    /// The text after `=` read as a single YAML value. Free-text keys take it as typed.
    static func overrideValue(_ text: String, for spec: ParameterSpec) -> Result<ParameterValue, ValueProblem> {
        if case .text = spec.domain, !text.isEmpty { return .success(.text(text)) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            return .failure(ValueProblem("got '\(text)', which is not a single YAML value"))
        }
        guard let node else { return .failure(ValueProblem("got nothing")) }
        return node.parameterValue()
    }

    static func firstKey(under group: String) -> String {
        ParameterCatalog.all.first { $0.path.hasPrefix(group + ".") }?.path ?? group
    }
}
