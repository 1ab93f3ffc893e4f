using System.Collections.Concurrent;
using Overlay.Agent.Translator.Encoding;
using Overlay.Logical;

namespace Overlay.Agent.Translator;

/// <summary>
/// Parsed matches and actions by text: datapaths share most of their flows' text, and a host's next translation
/// most of this one's. Parsing is pure, so entries never go stale; a table past <c>capacity</c> starts over.
/// </summary>
internal sealed class SyntaxCache(int capacity = int.MaxValue, bool keepParsed = true)
{
    /// <summary>
    /// For one translation from scratch: only encoded actions are kept (a few texts, <c>next;</c> above all, end most
    /// flows). Parsed text is not: nearly every match and every action text that names a port is distinct, and keeping
    /// their trees alive to the end costs more in collections than parsing the few repeats again.
    /// </summary>
    public static SyntaxCache ForOneTranslation() =>
        new(int.MaxValue, keepParsed: false);

    private readonly ConcurrentDictionary<string, ParseResult<Expr>> matches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ParseResult<IReadOnlyList<LAction>>> actions = new(StringComparer.Ordinal);
    private readonly Budget matchBudget = new(capacity);
    private readonly Budget actionBudget = new(capacity);

    private readonly ConcurrentDictionary<(int Stage, string Text), EncodedActions> encoded = new();
    private readonly Budget encodedBudget = new(capacity);

    /// <summary>The actions <paramref name="text"/> encoded in <paramref name="stage"/>, when they were before without naming a port.</summary>
    public EncodedActions? Encoded(Stage stage, string text) => encoded.TryGetValue((Code(stage), text), out var e) ? e : null;

    public void Remember(Stage stage, string text, EncodedActions actions)
    {
        if (encodedBudget.Spend()) encoded.Clear();
        encoded.TryAdd((Code(stage), text), actions);
    }

    private readonly ConcurrentDictionary<string, FlowTemplate> templates = new(StringComparer.Ordinal);
    private readonly Budget templateBudget = new(capacity);

    /// <summary>The template of flows with this <see cref="TextSkeleton"/> (stage, match, actions), or null before one is made.</summary>
    public FlowTemplate? Template(ReadOnlySpan<char> skeleton) =>
        templates.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(skeleton, out var t) ? t : null;

    /// <summary>
    /// As <see cref="Template(ReadOnlySpan{char})"/>, for a skeleton made of the stage's <paramref name="code"/> and
    /// the texts' skeletons of shapes <paramref name="match"/> and <paramref name="actions"/>
    /// (<see cref="TextSkeleton.LastShape"/>; 0 for none): a template found before by the same shapes is taken without
    /// hashing the skeleton again.
    /// </summary>
    public FlowTemplate? Template(int code, long match, long actions, ReadOnlySpan<char> skeleton)
    {
        if (match == 0 || actions == 0) return Template(skeleton);
        ref var slot = ref byShape[(int)((ulong)(match * 31 + actions * 17 + code) % (ulong)byShape.Length)];
        // One read: another thread may put its entry here meanwhile.
        var known = slot;
        if (known is not null && known.Code == code && known.Match == match && known.Actions == actions) return known.Template;
        var template = Template(skeleton);
        if (template is not null) slot = new ShapeEntry(code, match, actions, template);
        return template;
    }

    /// <summary>A template by the shapes it was found by; an object, so a thread sees another's whole or not at all.</summary>
    private sealed record ShapeEntry(int Code, long Match, long Actions, FlowTemplate Template);

    /// <summary>Templates found last by their texts' shapes: a small direct-mapped table, where a collision just hashes the skeleton.</summary>
    private readonly ShapeEntry?[] byShape = new ShapeEntry?[64];

    public void Remember(string skeleton, FlowTemplate template)
    {
        if (templateBudget.Spend())
        {
            templates.Clear();
            Array.Clear(byShape);
        }
        templates.TryAdd(skeleton, template);
    }

    public static int Code(Stage stage) => (int)stage.Kind << 16 | (int)stage.Pipeline << 8 | stage.Table;

    public ParseResult<Expr> Match(string text)
    {
        if (!keepParsed) return LogicalSyntax.ParseMatch(text);
        if (matches.TryGetValue(text, out var r)) return r;
        if (matchBudget.Spend()) matches.Clear();
        return matches.GetOrAdd(text, static t => LogicalSyntax.ParseMatch(t));
    }

    public ParseResult<IReadOnlyList<LAction>> Actions(string text)
    {
        if (!keepParsed) return LogicalSyntax.ParseActions(text);
        if (actions.TryGetValue(text, out var r)) return r;
        if (actionBudget.Spend()) actions.Clear();
        return actions.GetOrAdd(text, static t => LogicalSyntax.ParseActions(t));
    }

    public void Clear()
    {
        matches.Clear();
        actions.Clear();
        encoded.Clear();
        encodedBudget.Reset();
        templates.Clear();
        Array.Clear(byShape);
        templateBudget.Reset();
        matchBudget.Reset();
        actionBudget.Reset();
    }
}
