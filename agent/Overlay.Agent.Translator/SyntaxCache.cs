using System.Collections.Concurrent;
using Overlay.Logical;

namespace Overlay.Agent.Translator;

/// <summary>Parsed matches and actions by text: datapaths share most of their flows' text.</summary>
internal sealed class SyntaxCache
{
    private readonly ConcurrentDictionary<string, ParseResult<Expr>> matches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ParseResult<IReadOnlyList<LAction>>> actions = new(StringComparer.Ordinal);

    public ParseResult<Expr> Match(string text) => matches.GetOrAdd(text, t => LogicalSyntax.ParseMatch(t));

    public ParseResult<IReadOnlyList<LAction>> Actions(string text) => actions.GetOrAdd(text, t => LogicalSyntax.ParseActions(t));
}
