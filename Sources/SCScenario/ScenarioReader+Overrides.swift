import Foundation
import SCModel
import Yams

/// One scenario key set from outside the scenario file: a `--set key=value` argument, or a
/// key of a sweep file's `set:` block or `parameters`.
///
/// It is applied after the file through the same catalogue spec, and its value is typed by
/// the same rules (`YAMLDocument`), so a sweep accepts exactly what a scenario file and
/// `--set` accept.
public struct ScenarioSetting {
    /// What the key is set to.
    public enum Value {
        /// A node of a YAML file (a sweep's `set:` entry), typed by its resolved tag.
        case yaml(Node)
        /// Text from a command line, read as a single YAML value.
        case argument(String)
        /// A value already typed (a sweep point's parameter value).
        case typed(ParameterValue)
    }

    /// The key path, `score.eta`.
    public var path: String
    public var value: Value
    /// How to name the setting in a problem (`--set score.eta=0.6`); the problem's line is
    /// left empty, for the caller to locate.
    public var source: String
    /// What a relative `network.path` is resolved against: the directory of the file that
    /// wrote it, or the current directory for a command line.
    public var baseDirectory: String

    public init(path: String, value: Value, source: String, baseDirectory: String) {
        self.path = path
        self.value = value
        self.source = source
        self.baseDirectory = baseDirectory
    }
}

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
        guard let equals = argument.firstIndex(of: "=") else {
            problems.append(ScenarioProblem(source: source, line: nil, keyPath: "", message: "must be written key.path=value, for example --set score.eta=0.6"))
            return
        }
        let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
        let text = String(argument[argument.index(after: equals)...])
        apply(ScenarioSetting(path: key, value: .argument(text), source: source, baseDirectory: FileManager.default.currentDirectoryPath))
    }

    /// Applies one setting after the file has been read; problems name `setting.source`.
    mutating func apply(_ setting: ScenarioSetting) {
        let key = setting.path
        func fail(_ keyPath: String, _ message: String) {
            problems.append(ScenarioProblem(source: setting.source, line: nil, keyPath: keyPath, message: message))
        }
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
        let typed: Result<ParameterValue, ValueProblem>
        switch setting.value {
        case .yaml(let node): typed = YAMLDocument.value(of: node, for: spec)
        case .argument(let text): typed = YAMLDocument.value(ofArgument: text, for: spec)
        case .typed(let value): typed = .success(value)
        }
        switch typed {
        case .failure(let problem):
            fail(key, "must be \(spec.domain), \(problem.tail)")
        case .success(let value):
            if let message = spec.assign(value, to: &parameters) {
                fail(key, message)
                return
            }
            if spec.path == "network.path" {
                parameters.networkPath = Self.resolve(parameters.networkPath, against: setting.baseDirectory)
            }
            appliedOverrides.append((key, setting.source))
        }
    }

    static func firstKey(under group: String) -> String {
        ParameterCatalog.all.first { $0.path.hasPrefix(group + ".") }?.path ?? group
    }
}
