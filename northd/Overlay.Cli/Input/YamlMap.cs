using System.Globalization;
using Overlay.Northd.Compiler.Nb;
using YamlDotNet.RepresentationModel;

namespace Overlay.Cli.Input;

/// <summary>
/// Typed, checked access to one YAML mapping: unknown keys, wrong types and missing required fields
/// become diagnostics naming the YAML path, the key, the value and file:line:column.
/// A getter returns null when the field is absent or wrong; the caller carries on to find more problems.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode node;
    private readonly string file;
    private readonly List<NbDiagnostic> problems;

    private YamlMap(YamlMappingNode node, string path, string file, List<NbDiagnostic> problems)
    {
        this.node = node;
        Path = path;
        this.file = file;
        this.problems = problems;
    }

    public string Path { get; }

    public SourceLocation Location => At(node);

    /// <summary>Wraps <paramref name="node"/> if it is a mapping with only <paramref name="keys"/>; reports otherwise.</summary>
    public static YamlMap? Of(YamlNode node, string path, string file, List<NbDiagnostic> problems, params string[] keys)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add(new NbDiagnostic(path, "", Text(node), "expected a mapping", At(file, node)));
            return null;
        }
        var result = new YamlMap(map, path, file, problems);
        foreach (var key in map.Children.Keys)
        {
            string name = (key as YamlScalarNode)?.Value ?? "";
            if (!keys.Contains(name))
                problems.Add(new NbDiagnostic(path, name, "", $"unknown key; expected one of {string.Join(", ", keys)}", At(file, key)));
        }
        return result;
    }

    public bool Has(string key) => Value(key) is not null;

    /// <summary>Where the value of <paramref name="key"/> is written, or the mapping itself when it is absent.</summary>
    public SourceLocation LocationOf(string key) => Value(key) is { } v ? At(v) : Location;

    public string? String(string key, bool required = false)
    {
        var v = Value(key);
        if (v is null)
        {
            if (required) Report(key, "", "missing required field");
            return null;
        }
        if (v is not YamlScalarNode s) { Report(key, "", "expected a string", v); return null; }
        return s.Value ?? "";
    }

    public int? Int(string key, bool required = false)
    {
        string? text = String(key, required);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n)) return n;
        Report(key, text, "expected an integer", Value(key));
        return null;
    }

    public bool? Bool(string key)
    {
        string? text = String(key);
        if (text is null) return null;
        if (text is "true" or "True" or "TRUE") return true;
        if (text is "false" or "False" or "FALSE") return false;
        Report(key, text, "expected true or false", Value(key));
        return null;
    }

    public IReadOnlyList<string>? Strings(string key)
    {
        var v = Value(key);
        if (v is null) return null;
        if (v is not YamlSequenceNode seq) { Report(key, Text(v), "expected a list of strings", v); return null; }
        var result = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode s) result.Add(s.Value ?? "");
            else Report(key, "", "expected a list of strings; this item is not a string", item);
        }
        return result;
    }

    public IReadOnlyList<KeyValuePair<string, string>>? StringMap(string key)
    {
        var v = Value(key);
        if (v is null) return null;
        if (v is not YamlMappingNode map) { Report(key, Text(v), "expected a mapping of strings", v); return null; }
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (k, item) in map.Children)
        {
            string name = (k as YamlScalarNode)?.Value ?? "";
            if (item is YamlScalarNode s && !IsNull(s)) result.Add(new(name, s.Value ?? ""));
            else Report($"{key}:{name}", "", "expected a string value", item);
        }
        return result;
    }

    /// <summary>A list of mappings, each checked for <paramref name="keys"/>; paths are key[i].</summary>
    public IReadOnlyList<YamlMap> Maps(string key, params string[] keys)
    {
        var v = Value(key);
        if (v is null) return [];
        if (v is not YamlSequenceNode seq) { Report(key, Text(v), "expected a list", v); return []; }
        var result = new List<YamlMap>();
        for (int i = 0; i < seq.Children.Count; i++)
            if (Of(seq.Children[i], $"{Path}{(Path.Length > 0 ? "." : "")}{key}[{i}]", file, problems, keys) is { } m) result.Add(m);
        return result;
    }

    private YamlNode? Value(string key)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var v)) return null;
        return v is YamlScalarNode s && IsNull(s) ? null : v;
    }

    // A plain empty, ~ or null scalar is YAML's null: the field is treated as absent.
    private static bool IsNull(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Reports a problem with the value of <paramref name="key"/> found by the caller.</summary>
    public void Problem(string key, string value, string message) => Report(key, value, message, Value(key));

    private void Report(string key, string value, string message, YamlNode? at = null) =>
        problems.Add(new NbDiagnostic(Path, key, value, message, at is null ? Location : At(at)));

    private SourceLocation At(YamlNode n) => At(file, n);

    private static SourceLocation At(string file, YamlNode n) => new(file, (int)n.Start.Line, (int)n.Start.Column);

    private static string Text(YamlNode n) => n is YamlScalarNode s ? s.Value ?? "" : "";
}
