using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Encoding;
using Overlay.Agent.Translator.Expressions;
using Overlay.Agent.Translator.Layout;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator;

/// <summary>
/// One logical flow → its drafts on this host (OVN controller/lflow.c): parse, encode the actions, annotate the
/// match with the prerequisites of both, normalize, drop conjunctions pinned to the inport (ingress) or outport
/// (egress) of a VIF bound elsewhere, then emit plain and conjunctive matches in table 8+stage or 42+stage.
/// Problems become one diagnostic and no drafts.
/// </summary>
internal static class LogicalFlowTranslator
{
    /// <summary>
    /// The flow's drafts on this host; with a <paramref name="memo"/> and the <paramref name="stamp"/> of the flow's
    /// datapath, a translation made earlier under the same names is reused, and a new one is remembered with the
    /// lookups it made.
    /// </summary>
    public static IReadOnlyList<Draft> Translate(LogicalFlow flow, HostIndex index, SyntaxCache syntax, TranslatorOptions options,
        List<TranslationDiagnostic> diagnostics, TranslationCache? memo, DatapathStamp? stamp, FlowInterner? shared = null)
    {
        if (!index.Scopes.TryGetValue(flow.Datapath, out var scope))
        {
            diagnostics.Add(Problem(flow, DiagnosticKind.UnknownName, $"no datapath with key {flow.Datapath}"));
            return [];
        }
        return Translate(flow, index, scope, index.ElsewhereKeys(flow.Datapath), syntax, options, diagnostics, memo, stamp, shared);
    }

    /// <summary>
    /// As above, for a flow of a known datapath whose <paramref name="scope"/> and VIFs bound <paramref name="elsewhere"/>
    /// the caller looked up (once for all the datapath's flows).
    /// </summary>
    public static IReadOnlyList<Draft> Translate(LogicalFlow flow, HostIndex index, DatapathScope scope, IReadOnlySet<uint> elsewhere, SyntaxCache syntax,
        TranslatorOptions options, List<TranslationDiagnostic> diagnostics, TranslationCache? memo, DatapathStamp? stamp, FlowInterner? shared)
    {
        if (PinnedElsewhere(flow, elsewhere, scope)) return [];
        if (memo is null || stamp is null) return Translate(flow, index, scope, syntax, options, diagnostics, shared, out _);
        if (memo.TryGet(flow, stamp, index, out var entry))
        {
            diagnostics.AddRange(entry.Problems);
            return entry.Drafts;
        }
        var problems = new List<TranslationDiagnostic>(0);
        var drafts = Translate(flow, index, scope, syntax, options, problems, memo.Interner, out var lookups);
        memo.Store(new MemoEntry(flow, stamp, lookups, drafts, [.. problems]));
        diagnostics.AddRange(problems);
        return drafts;
    }

    private static IReadOnlyList<Draft> Translate(LogicalFlow flow, HostIndex index, DatapathScope scope, SyntaxCache syntax, TranslatorOptions options,
        List<TranslationDiagnostic> diagnostics, FlowInterner? shared, out NameLookup[] lookups)
    {
        lookups = [];
        string? skeleton = null;
        int matchLiterals = 0;
        if (options.Shortcuts && options.MaxFlowsPerLogicalFlow > 0
            && Templated(flow, index, scope, syntax, options, shared, diagnostics, out var templated, out skeleton, out matchLiterals, out lookups))
            return templated;
        var match = syntax.Match(flow.Match);
        if (!match.Ok)
        {
            if (skeleton is not null) syntax.Remember(skeleton, FlowTemplate.None);
            diagnostics.Add(Problem(flow, DiagnosticKind.Syntax, $"match: {match.Error}"));
            return [];
        }
        var encoded = syntax.Encoded(flow.Stage, flow.Actions);
        IReadOnlyList<LAction>? actions = null;
        if (encoded is null || skeleton is not null)
        {
            var parsed = syntax.Actions(flow.Actions);
            if (!parsed.Ok)
            {
                if (skeleton is not null) syntax.Remember(skeleton, FlowTemplate.None);
                diagnostics.Add(Problem(flow, DiagnosticKind.Syntax, $"actions: {parsed.Error}"));
                return [];
            }
            actions = parsed.Value!;
        }
        // The first flow of a skeleton: its parsed texts make the template the next ones use.
        if (skeleton is not null) syntax.Remember(skeleton, FlowTemplate.Make(flow.Stage, match.Value!, actions!, Scanner.Literals, matchLiterals));
        var names = new FlowScope(index, scope);
        try
        {
            if (encoded is null)
            {
                var encoder = new ActionEncoder(flow.Stage, names);
                encoded = EncodedActions.Of(encoder, actions!, shared);
                if (!encoder.NamedPorts) syntax.Remember(flow.Stage, flow.Actions, encoded);
            }
            return Drafts(flow, match.Value!, encoded, names, index, options, shared);
        }
        catch (TranslationProblem p)
        {
            diagnostics.Add(Problem(flow, p.Kind, p.Message));
            return [];
        }
        finally
        {
            lookups = names.Lookups;
        }
    }

    /// <summary>The thread's skeleton scanner (see <see cref="FlowTemplate"/>).</summary>
    [ThreadStatic] private static TextSkeleton? scanner;

    private static TextSkeleton Scanner => scanner ??= new TextSkeleton();

    /// <summary>
    /// True when the template of the flow's skeleton translated it (its drafts, or none and a diagnostic). False when
    /// the flow goes the full way; <paramref name="unknown"/> is then its skeleton if no template has it yet (with the
    /// count of the match's constants), for the full way to make one.
    /// </summary>
    private static bool Templated(LogicalFlow flow, HostIndex index, DatapathScope scope, SyntaxCache syntax, TranslatorOptions options, FlowInterner? shared,
        List<TranslationDiagnostic> diagnostics, out IReadOnlyList<Draft> drafts, out string? unknown, out int matchLiterals, out NameLookup[] lookups)
    {
        drafts = [];
        lookups = [];
        unknown = null;
        matchLiterals = 0;
        var s = Scanner;
        s.Clear();
        int code = SyntaxCache.Code(flow.Stage);
        s.Append((char)(code >> 16));
        s.Append((char)(code & 0xffff));
        if (!s.Scan(flow.Match, setElements: true)) return false;
        // An OR or a negation makes more than a plain conjunction: no template would take the match.
        if (s.CountOf(TokenKind.LogOr) + s.CountOf(TokenKind.Not) > 0) return false;
        matchLiterals = s.Literals.Length;
        long matchShape = s.LastShape;
        if (!s.Scan(flow.Actions)) return false;
        var template = syntax.Template(code, matchShape, s.LastShape, s.Chars);
        if (template is null)
        {
            unknown = s.Chars.ToString();
            return false;
        }
        if (!template.Usable) return false;
        try
        {
            if (!template.TryTranslate(flow, s.Literals, scope, index, options, shared, out var list, out lookups)) return false;
            drafts = list;
        }
        catch (TranslationProblem p)
        {
            diagnostics.Add(Problem(flow, p.Kind, p.Message));
        }
        return true;
    }

    private static IReadOnlyList<Draft> Drafts(LogicalFlow flow, Expr match, EncodedActions encoded, FlowScope names, HostIndex index, TranslatorOptions options,
        FlowInterner? shared)
    {
        var ofActions = encoded.Actions;
        var annotator = new Annotator(names);
        byte table = PhysicalPipeline.TableOf(flow.Stage);
        ushort priority = (ushort)Math.Clamp(flow.Priority, 0, ushort.MaxValue);
        var origin = ValueArray.Create<FlowOrigin>(new LogicalFlowOrigin(flow));
        if (options.MaxFlowsPerLogicalFlow > 0 && options.Shortcuts
            && Normalizer.TryConjunction(annotator, match, encoded.Prerequisites, options.MaxFlowsPerLogicalFlow, out var conjunction, out var dimension, out bool never)
            && Direct(flow, conjunction, dimension, never, index, options, shared, table, priority, ofActions, origin) is { } direct)
            return direct;
        var node = annotator.Annotate(match);
        if (encoded.Prerequisites is not ConstNode { Value: true }) node = Node.And(node, encoded.Prerequisites);
        var terms = Normalizer.Normalize(node, options.MaxFlowsPerLogicalFlow);
        return DraftsOf(flow, terms, index, options, shared, table, priority, ofActions, origin);
    }

    /// <summary>
    /// The drafts of a match's normal form: terms pinned to a VIF bound elsewhere dropped, then the plain and
    /// conjunctive matches emitted for the rest.
    /// </summary>
    internal static IReadOnlyList<Draft> DraftsOf(LogicalFlow flow, IReadOnlyList<Term> terms, HostIndex index, TranslatorOptions options, FlowInterner? shared,
        byte table, ushort priority, ActionList ofActions, ValueArray<FlowOrigin> origin)
    {
        var pinned = flow.Pipeline == Pipeline.Ingress ? FieldMap.Inport : FieldMap.Outport;
        var elsewhere = index.ElsewhereKeys(flow.Datapath);
        var kept = elsewhere.Count == 0 ? terms : Unpinned(terms, pinned, elsewhere);
        var emitted = MatchEmitter.Emit(kept, flow.Datapath, options.ConjunctionThreshold, options.MaxFlowsPerLogicalFlow, shared);

        var drafts = new List<Draft>(emitted.FlowCount);
        Match Shared(Match m) => shared is null ? m : shared.Match(m);
        foreach (var m in emitted.Plain)
            drafts.Add(new Draft(table, priority, Shared(m), ofActions, origin, flow.Datapath, drafts.Count));
        foreach (var c in emitted.Conjunctive)
        {
            byte n = (byte)c.Clauses.Length;
            drafts.Add(new Draft(table, priority, Shared(c.Head), ofActions, origin, flow.Datapath, drafts.Count, new ConjRef(flow.Id, flow.Datapath, c.Index, 0, n)));
            for (int k = 0; k < n; k++)
                foreach (var m in c.Clauses[k])
                    drafts.Add(new Draft(table, priority, Shared(m), ActionList.Drop, origin, flow.Datapath, drafts.Count, new ConjRef(flow.Id, flow.Datapath, c.Index, (byte)(k + 1), n)));
        }
        return drafts;
    }

    /// <summary>
    /// The drafts of a match whose normal form is one conjunction, or one conjunction and one dimension (see
    /// <see cref="Normalizer.TryConjunction"/>), as the general path below makes them (<see cref="Term.Create"/> folds
    /// the conjunction into the dimension, <see cref="Unpinned"/> drops pinned terms, <see cref="MatchEmitter"/>
    /// enumerates the dimension); null for the forms left to the general path (partial matches on fields OVS cannot
    /// mask, more flows than allowed).
    /// </summary>
    internal static IReadOnlyList<Draft>? Direct(LogicalFlow flow, ReadOnlySpan<Clause> conjunction, Clause[]? dimension, bool never, HostIndex index,
        TranslatorOptions options, FlowInterner? shared, byte table, ushort priority, ActionList ofActions, ValueArray<FlowOrigin> origin)
    {
        if (never) return [];
        var port = flow.Pipeline == Pipeline.Ingress ? FieldMap.Inport : FieldMap.Outport;
        Clause[]? single = null;
        if (dimension is not null)
        {
            var storage = dimension[0].Storage;
            foreach (var c in conjunction)
            {
                if (!ReferenceEquals(c.Storage, storage)) continue;
                dimension = Term.AnyImpliedBy(dimension, c) ? null : Term.MergedWith(dimension, c);
                break;
            }
            // Ports of a port group bound elsewhere: their alternatives go, as Unpin takes them out.
            if (dimension is not null && ReferenceEquals(storage, port)) dimension = Unpinned(dimension, port, index.ElsewhereKeys(flow.Datapath));
            if (dimension is { Length: 0 }) return [];
            if (dimension is { Length: 1 })
            {
                single = new Clause[conjunction.Length + 1];
                int n = Term.AddFixed(conjunction, dimension[0], single);
                if (n < 0) return [];
                conjunction = single.AsSpan(0, n);
                dimension = null;
            }
        }
        if (NeedsCrush(conjunction)) return null;
        if (dimension is not null)
        {
            if (dimension.Length > options.MaxFlowsPerLogicalFlow || NeedsCrush(dimension)) return null;
        }
        if (PinsElsewhere(conjunction, port, index.ElsewhereKeys(flow.Datapath))) return [];
        if (dimension is null)
        {
            var only = MatchBuilding.BuildOrReport(conjunction, flow.Datapath, shared);
            return [new Draft(table, priority, shared is null ? only : shared.Match(only), ofActions, origin, flow.Datapath, 0)];
        }
        var drafts = new List<Draft>(dimension.Length);
        var buffer = new Clause[conjunction.Length + 1];
        foreach (var v in dimension)
        {
            int n = Term.AddFixed(conjunction, v, buffer);
            if (n < 0) continue;
            var m = MatchBuilding.BuildOrReport(buffer.AsSpan(0, n), flow.Datapath, shared);
            drafts.Add(new Draft(table, priority, shared is null ? m : shared.Match(m), ofActions, origin, flow.Datapath, drafts.Count));
        }
        return drafts;
    }

    /// <summary>
    /// True for a flow whose match pins its inport (ingress) or outport (egress) to a VIF bound elsewhere: all its
    /// conjunctions would be dropped below, so it is not even parsed (see <see cref="PortPin"/>).
    /// </summary>
    private static bool PinnedElsewhere(LogicalFlow flow, IReadOnlySet<uint> elsewhere, DatapathScope scope)
    {
        if (elsewhere.Count == 0) return false;
        var name = PortPin.Find(flow.Match, flow.Pipeline == Pipeline.Ingress ? "inport" : "outport");
        return !name.IsEmpty && scope.KeyOf(name) is { } key && elsewhere.Contains(key);
    }

    internal static bool NeedsCrush(ReadOnlySpan<Clause> clauses)
    {
        foreach (var c in clauses)
            if (MatchBuilding.NeedsCrush(c)) return true;
        return false;
    }

    /// <summary>True when the clauses fix the port field to a VIF bound elsewhere (what <see cref="Unpin"/> drops).</summary>
    internal static bool PinsElsewhere(ReadOnlySpan<Clause> clauses, StorageMapping port, IReadOnlySet<uint> elsewhere)
    {
        if (elsewhere.Count == 0) return false;
        foreach (var c in clauses)
            if (ReferenceEquals(c.Storage, port)) return Pins(c, port, elsewhere);
        return false;
    }

    /// <summary>A clause that fixes the port field to exactly one VIF bound elsewhere.</summary>
    private static bool Pins(Clause c, StorageMapping port, IReadOnlySet<uint> elsewhere) =>
        c.Mask == Clause.Ones(port.Width) && c.Value <= uint.MaxValue && elsewhere.Contains((uint)c.Value);

    /// <summary>
    /// The thread's last <see cref="Unpinned(Clause[], StorageMapping, IReadOnlySet{uint})"/> that dropped something:
    /// the ACLs on one port group ask it of the group's same shared alternatives, one flow after another.
    /// </summary>
    [ThreadStatic] private static (Clause[] Values, StorageMapping Port, IReadOnlySet<uint> Elsewhere, Clause[] Kept)? lastUnpinned;

    /// <summary>The alternatives that do not pin the port field to a VIF bound elsewhere, in order (shared: callers must not change them).</summary>
    internal static Clause[] Unpinned(Clause[] values, StorageMapping port, IReadOnlySet<uint> elsewhere)
    {
        if (elsewhere.Count == 0) return values;
        if (lastUnpinned is { } last && ReferenceEquals(last.Values, values) && ReferenceEquals(last.Port, port) && ReferenceEquals(last.Elsewhere, elsewhere))
            return last.Kept;
        int kept = 0;
        foreach (var v in values)
            if (!Pins(v, port, elsewhere)) kept++;
        if (kept == values.Length) return values;
        var result = new Clause[kept];
        kept = 0;
        foreach (var v in values)
            if (!Pins(v, port, elsewhere)) result[kept++] = v;
        lastUnpinned = (values, port, elsewhere, result);
        return result;
    }

    private static IReadOnlyList<Term> Unpinned(IReadOnlyList<Term> terms, StorageMapping port, IReadOnlySet<uint> elsewhere)
    {
        List<Term>? kept = null;
        for (int i = 0; i < terms.Count; i++)
        {
            var t = Unpin(terms[i], port, elsewhere);
            if (kept is null)
            {
                if (ReferenceEquals(t, terms[i])) continue;
                kept = new List<Term>(terms.Count);
                for (int j = 0; j < i; j++) kept.Add(terms[j]);
            }
            if (t is not null) kept.Add(t);
        }
        return kept ?? terms;
    }

    /// <summary>The term without alternatives that pin the port field to a VIF bound elsewhere; null if nothing is left.</summary>
    private static Term? Unpin(Term term, StorageMapping port, IReadOnlySet<uint> elsewhere)
    {
        if (term.FixedOn(port) is { } f) return Pins(f, port, elsewhere) ? null : term;
        var dim = term.Dims.FirstOrDefault(d => ReferenceEquals(d.Storage, port));
        if (dim is null) return term;
        var values = Unpinned(dim.Values, port, elsewhere);
        if (ReferenceEquals(values, dim.Values)) return term;
        var rest = term.Dims.Where(d => d != dim).ToArray();
        return values.Length switch
        {
            0 => null,
            1 => Term.Create(term.Fixed, rest)?.With(values[0]),
            _ => Term.Create(term.Fixed, [.. rest, new Dimension(port, values)]),
        };
    }

    private static TranslationDiagnostic Problem(LogicalFlow flow, DiagnosticKind kind, string message) =>
        new(kind, flow.Id, $"{flow.Stage.Name} priority {flow.Priority} on datapath {flow.Datapath}", message);
}
