using System.Collections.Concurrent;
using Overlay.Logical;

namespace Overlay.Agent.Translator;

/// <summary>
/// Parsed matches and actions by text: datapaths share most of their flows' text, and a host's next translation
/// most of this one's. Parsing is pure, so entries never go stale; a table past <c>capacity</c> starts over.
/// </summary>
internal sealed class SyntaxCache(int capacity = int.MaxValue, bool keepMatches = true)
{
    /// <summary>
    /// For one translation from scratch: actions are kept (a few texts, <c>next;</c> above all, end most flows), match
    /// texts are not (nearly all are distinct, and keeping their trees alive to the end costs more in collections
    /// than parsing the few repeats again).
    /// </summary>
    public static SyntaxCache ForOneTranslation() =>
        new(int.MaxValue, keepMatches: false);

    private readonly ConcurrentDictionary<string, ParseResult<Expr>> matches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ParseResult<IReadOnlyList<LAction>>> actions = new(StringComparer.Ordinal);
    private readonly Budget matchBudget = new(capacity);
    private readonly Budget actionBudget = new(capacity);

    public ParseResult<Expr> Match(string text)
    {
        if (!keepMatches) return LogicalSyntax.ParseMatch(text);
        if (matches.TryGetValue(text, out var r)) return r;
        if (matchBudget.Spend()) matches.Clear();
        return matches.GetOrAdd(text, static t => LogicalSyntax.ParseMatch(t));
    }

    public ParseResult<IReadOnlyList<LAction>> Actions(string text)
    {
        if (actions.TryGetValue(text, out var r)) return r;
        if (actionBudget.Spend()) actions.Clear();
        return actions.GetOrAdd(text, static t => LogicalSyntax.ParseActions(t));
    }

    public void Clear()
    {
        matches.Clear();
        actions.Clear();
        matchBudget.Reset();
        actionBudget.Reset();
    }
}
