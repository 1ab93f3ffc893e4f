using Overlay.Agent.Translator.Assembly;
using Overlay.Agent.Translator.Encoding;
using Overlay.Agent.Translator.Expressions;
using Overlay.Agent.Translator.Layout;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator;

/// <summary>
/// The translation of every logical flow of one stage whose texts share a <see cref="TextSkeleton"/>: most of a
/// switch's flows are one per port and differ only in constants (<c>eth.dst == MAC</c> → <c>outport = "P";
/// output;</c>, ARP replies, <c>outport == "P" &amp;&amp; reg0 == IP</c> → <c>eth.dst = MAC; next;</c>). Made from the
/// first such flow's parsed texts when
/// <list type="bullet">
/// <item>each constant of the skeleton is the value of a top-level <c>field == constant</c> of the match, an element
/// of a top-level <c>field == {set}</c> of constants, the group of a top-level <c>port == @group</c>, the match
/// <c>1</c> itself, or the value of a top-level <c>field = constant</c> action (so it enters the translation only as
/// that clause, that alternative, those members, nothing, or that load), and</item>
/// <item>the rest (the other terms, every prerequisite, the other actions) translates to a plain conjunction, with at
/// most one OR on one storage (the set, the group's members on the flow's datapath, or a predicate such as
/// <c>ip</c> that no clause of every flow settles; other such predicates must be settled), or the group's members and
/// one such OR on another storage, and fixed actions, without naming anything of a datapath.</item>
/// </list>
/// A flow with the skeleton is then translated by putting its constants into those places, through the same code
/// the full translation runs for them (the clause of an equality, <see cref="FieldWrites.Load(List{OfAction}, StorageBits, UInt128)"/>,
/// the merge of a conjunction, <see cref="Normalizer.Minimal"/> for the OR, the direct route's
/// <see cref="LogicalFlowTranslator.Direct"/> or <see cref="MatchBuilding.Build"/>, for two ORs the general way's
/// <see cref="LogicalFlowTranslator.DraftsOf"/> on the term it would make). A constant the full translation
/// would report (too wide for its field, an unknown port) sends that flow the full way, which reports it.
/// </summary>
internal sealed class FlowTemplate
{
    /// <summary>A skeleton whose flows all go the full way.</summary>
    public static readonly FlowTemplate None = new([], null, 0, null, -1, -1, [], [], 0, false, false, false);

    private readonly Clause[] fixedClauses;
    private readonly Clause[]? dimension;
    private readonly int dimensionCount;
    private readonly Element[]? set;
    /// <summary>The match slot of a <c>port == @group</c> (its members on the flow's datapath are the one dimension), or -1.</summary>
    private readonly int group;
    /// <summary>The match slot of a <c>field == $set</c> (its addresses are the one dimension, as a set's constants are), or -1.</summary>
    private readonly int addressSet;
    private readonly Slot[] matchSlots;
    private readonly Piece[] actions;
    private readonly int actionCount;
    /// <summary>
    /// Whether the flows' action lists go through the interner: not when they load an address (an Ethernet, IPv4 or
    /// IPv6 constant: a port's MAC in its ARP reply, a neighbour's in a router's), which makes each flow's list its own.
    /// </summary>
    private readonly bool shareActions;
    /// <summary>
    /// Whether the group's members come before the other OR (the set's, the address set's, the predicate's) in the
    /// match, as the normal form orders two dimensions.
    /// </summary>
    private readonly bool groupFirst;
    /// <summary>
    /// Whether every flow's match is one conjunction (no set, address set, group or OR) whose clauses, fixed and the
    /// constants', each set OpenFlow fields that no other clause and not the datapath's <c>metadata</c> sets, none
    /// needing a crush: the match is then the fixed part (<see cref="FixedPart"/>) with each constant's fields added,
    /// as merging and building all the clauses makes it, since nothing merges and no field is set twice.
    /// </summary>
    private readonly bool separate;

    private FlowTemplate(Clause[] fixedClauses, Clause[]? dimension, int dimensionCount, Element[]? set, int group, int addressSet, Slot[] matchSlots, Piece[] actions, int actionCount,
        bool shareActions, bool groupFirst, bool separate)
    {
        this.separate = separate;
        if (separate) fixedParts = new Fixed?[8];
        this.shareActions = shareActions;
        this.groupFirst = groupFirst;
        this.group = group;
        this.addressSet = addressSet;
        this.fixedClauses = fixedClauses;
        this.dimension = dimension;
        this.dimensionCount = dimensionCount;
        this.set = set;
        this.matchSlots = matchSlots;
        this.actions = actions;
        this.actionCount = actionCount;
    }

    public bool Usable => !ReferenceEquals(this, None);

    /// <summary>
    /// Where one constant goes: the clause on <see cref="Storage"/> bits [Offset, Offset+Width) (or the port key), or
    /// the load into <see cref="Bits"/>; a load after a <c>drop</c> is not encoded (<see cref="Encoded"/> false).
    /// </summary>
    private readonly record struct Slot(StorageMapping Storage, int Offset, int Width, bool IsString, StorageBits Bits = default, bool Encoded = true,
        bool InSet = false, bool IsTrue = false, bool IsGroup = false, bool IsAddressSet = false)
    {
        /// <summary>The match that is just <c>1</c> (matches every packet): no clause, and another constant there goes the full way.</summary>
        public static readonly Slot True = new(null!, 0, 1, false, IsTrue: true);

        /// <summary>The value as the full translation reads it, or null when it would report the constant instead.</summary>
        public UInt128? Value(in Literal literal, DatapathScope scope)
        {
            if (IsString) return Encoded ? scope.KeyOf(literal.Chars) : 0;
            return (literal.Value & ~Clause.Ones(Width)) == 0 ? literal.Value : null;
        }

        /// <summary>The clause a match constant of <paramref name="value"/> makes: a port's key on the whole port storage, or the value on its bits.</summary>
        public Clause ClauseOf(UInt128 value) => IsString
            ? new Clause(Storage, value, Clause.Ones(Storage.Width))
            : Clause.Of(Storage, value << Offset, Clause.Ones(Width) << Offset);
    }

    /// <summary>An action's encoding: fixed, or the load of constant <see cref="Slot"/> (an index into the action slots).</summary>
    private readonly record struct Piece(OfAction[]? Fixed, int Slot, Slot Load);

    /// <summary>An element of the match's set: the match constant <see cref="Slot"/> (an index), or a masked value written in the skeleton (-1 and <see cref="Fixed"/>).</summary>
    private readonly record struct Element(int Slot, Clause Fixed);

    /// <summary>The thread's list a set's elements are put together in.</summary>
    [ThreadStatic] private static List<Clause>? setScratch;

    /// <summary>
    /// The flow's drafts, or false when one of its constants must go the full way. <paramref name="literals"/> are
    /// the match's constants then the actions'. <paramref name="lookups"/>: the port group it read, as the full way
    /// records it for a cache.
    /// </summary>
    public bool TryTranslate(LogicalFlow flow, ReadOnlySpan<Literal> literals, DatapathScope scope, HostIndex index, TranslatorOptions options,
        FlowInterner? shared, out IReadOnlyList<Draft> drafts, out NameLookup[] lookups)
    {
        drafts = [];
        lookups = [];
        // More alternatives than a flow may have: the full way says so.
        if (dimensionCount > options.MaxFlowsPerLogicalFlow) return false;
        Span<UInt128> loads = actionCount <= 8 ? stackalloc UInt128[actionCount] : new UInt128[actionCount];
        int at = matchSlots.Length;
        foreach (var p in actions)
        {
            if (p.Fixed is not null) continue;
            if (p.Load.Value(literals[at + p.Slot], scope) is not { } v) return false;
            loads[p.Slot] = v;
        }
        if (separate) return TrySeparately(flow, literals, scope, index, shared, loads, out drafts);
        var alternatives = dimension;
        // The set's one clause, and the group's.
        Clause? fromSet = null, single = null;
        if (set is not null)
        {
            // The set's clauses, as a gather makes them, then what the direct route does with them.
            var values = setScratch ??= [];
            values.Clear();
            foreach (var e in set)
            {
                if (e.Slot < 0)
                {
                    values.Add(e.Fixed);
                    continue;
                }
                var s = matchSlots[e.Slot];
                if (s.Value(literals[e.Slot], scope) is not { } v) return false;
                values.Add(s.ClauseOf(v));
            }
            if (Normalizer.Minimal(values, options.MaxFlowsPerLogicalFlow) is not { } minimal) return false;
            if (minimal.Length == 1) fromSet = minimal[0];
            else alternatives = minimal;
        }
        // No address or member of the group here means no flow, once the other constants have passed (the full way
        // reports theirs first).
        bool never = false;
        NameLookup? addresses = null;
        if (addressSet >= 0)
        {
            var s = matchSlots[addressSet];
            string name = literals[addressSet].Name;
            if (!index.AddressSets.TryGetValue(name, out var entries)) return false;
            addresses = new NameLookup(NameLookupKind.AddressSet, name, entries, false);
            // As the set's constants are taken: the same alternatives, limited and minimized as the direct route does.
            var all = index.AddressSetAlternatives(name, entries, s.Storage, s.Offset, s.Width, out int count);
            if (count > options.MaxFlowsPerLogicalFlow || all is null) return false;
            if (all.Length == 0) never = true;
            else if (all.Length == 1) fromSet = all[0];
            else alternatives = all;
        }
        Clause[]? members = null;
        if (group >= 0)
        {
            if (!TryGroup(literals[group], scope, index, options, ref alternatives, ref single, out members, out bool none, out lookups)) return false;
            never |= none;
        }
        if (addresses is { } a) lookups = [a, .. lookups];
        int start = Normalizer.ClauseStack.Top;
        foreach (var c in fixedClauses) Normalizer.ClauseStack.Push(c);
        for (int i = 0; i < matchSlots.Length; i++)
        {
            var s = matchSlots[i];
            if (s.InSet || s.IsGroup || s.IsAddressSet) continue;
            if (s.IsTrue)
            {
                if (literals[i].Value == 1) continue;
                Normalizer.ClauseStack.Top = start;
                return false;
            }
            if (s.Value(literals[i], scope) is not { } v)
            {
                Normalizer.ClauseStack.Top = start;
                return false;
            }
            Normalizer.ClauseStack.Push(s.ClauseOf(v));
        }
        if (never)
        {
            Normalizer.ClauseStack.Top = start;
            return true;
        }
        if (fromSet is { } element) Normalizer.ClauseStack.Push(element);
        if (single is { } one) Normalizer.ClauseStack.Push(one);
        if (!Normalizer.Merged(start, out var conjunction)) return true;
        byte table = PhysicalPipeline.TableOf(flow.Stage);
        ushort priority = (ushort)Math.Clamp(flow.Priority, 0, ushort.MaxValue);
        if (members is not null)
        {
            // The group's members and another OR: the one term the general normalization makes of them, in match order.
            var storage = matchSlots[group].Storage;
            Dimension[] dims = groupFirst
                ? [new Dimension(storage, members), new Dimension(alternatives![0].Storage, alternatives)]
                : [new Dimension(alternatives![0].Storage, alternatives), new Dimension(storage, members)];
            drafts = Term.Create(conjunction.ToArray(), dims) is { } term
                ? LogicalFlowTranslator.DraftsOf(flow, [term], index, options, shared, table, priority, Actions(loads, shared),
                    ValueArray.Create<FlowOrigin>(new LogicalFlowOrigin(flow)))
                : [];
            return true;
        }
        if (alternatives is not null)
        {
            // The conjunction and the dimension, as the direct route of the full way takes them.
            var all = LogicalFlowTranslator.Direct(flow, conjunction, alternatives, never: false, index, options, shared, table, priority,
                Actions(loads, shared), ValueArray.Create<FlowOrigin>(new LogicalFlowOrigin(flow)));
            if (all is null) return false;
            drafts = all;
            return true;
        }
        if (LogicalFlowTranslator.NeedsCrush(conjunction)) return false;
        if (LogicalFlowTranslator.PinsElsewhere(conjunction, flow.Pipeline == Pipeline.Ingress ? FieldMap.Inport : FieldMap.Outport, index.ElsewhereKeys(flow.Datapath)))
            return true;
        drafts = OnlyDraft(flow, MatchBuilding.BuildOrReport(conjunction, flow.Datapath, shared), loads, shared);
        return true;
    }

    /// <summary>The flow's one draft: its match (shared), then its actions.</summary>
    private Draft[] OnlyDraft(LogicalFlow flow, Match match, ReadOnlySpan<UInt128> loads, FlowInterner? shared)
    {
        var ofActions = Actions(loads, shared);
        var origin = ValueArray.Create<FlowOrigin>(new LogicalFlowOrigin(flow));
        return [new Draft(PhysicalPipeline.TableOf(flow.Stage), (ushort)Math.Clamp(flow.Priority, 0, ushort.MaxValue), shared is null ? match : shared.Match(match),
            ofActions, origin, flow.Datapath, 0)];
    }

    /// <summary>The most constants a <see cref="separate"/> template takes (their clauses are kept on the stack).</summary>
    private const int SeparateSlots = 8;

    [System.Runtime.CompilerServices.InlineArray(SeparateSlots)]
    private struct SlotClauses
    {
        private Clause first;
    }

    /// <summary>
    /// <see cref="TryTranslate"/> for a <see cref="separate"/> template: the same checks in the same order as the
    /// merged conjunction gets them (a constant the full way reports, a pin to a VIF bound elsewhere), and the same
    /// match, built from the datapath's fixed part.
    /// </summary>
    private bool TrySeparately(LogicalFlow flow, ReadOnlySpan<Literal> literals, DatapathScope scope, HostIndex index, FlowInterner? shared,
        ReadOnlySpan<UInt128> loads, out IReadOnlyList<Draft> drafts)
    {
        drafts = [];
        var buffer = new SlotClauses();
        Span<Clause> clauses = buffer;
        int n = 0;
        for (int i = 0; i < matchSlots.Length; i++)
        {
            var s = matchSlots[i];
            if (s.IsTrue)
            {
                if (literals[i].Value != 1) return false;
                continue;
            }
            if (s.Value(literals[i], scope) is not { } v) return false;
            clauses[n++] = s.ClauseOf(v);
        }
        clauses = clauses[..n];
        // At most one clause sets the port's register, fixed or a constant's.
        var port = flow.Pipeline == Pipeline.Ingress ? FieldMap.Inport : FieldMap.Outport;
        var elsewhere = index.ElsewhereKeys(flow.Datapath);
        if (LogicalFlowTranslator.PinsElsewhere(fixedClauses, port, elsewhere) || LogicalFlowTranslator.PinsElsewhere(clauses, port, elsewhere)) return true;
        var b = new ValueMatchBuilder(shared?.Fields, FixedPart(flow.Datapath, shared));
        foreach (var c in clauses) MatchBuilding.Add(ref b, c);
        drafts = OnlyDraft(flow, MatchBuilding.Reported(b.BuildUnchecked()), loads, shared);
        return true;
    }

    /// <summary>The fixed part of a <see cref="separate"/> template's matches, for one datapath and fields' interner.</summary>
    private sealed record Fixed(MatchInterner? Fields, uint Datapath, Match Match);

    /// <summary>
    /// The fixed parts last made, by the datapath's low bits: the workers translate different datapaths at once, often
    /// through the same stages. Objects, so a thread sees another's whole or not at all.
    /// </summary>
    private readonly Fixed?[] fixedParts = [];

    /// <summary>
    /// <c>metadata</c> and the fixed clauses' fields, made once per datapath (a datapath's flows of one skeleton come
    /// together), unchecked: each flow's whole match is checked.
    /// </summary>
    private Match FixedPart(uint datapath, FlowInterner? shared)
    {
        ref var slot = ref fixedParts[(int)(datapath & (uint)(fixedParts.Length - 1))];
        // One read: another thread may put its datapath's part here meanwhile.
        var known = slot;
        if (known is not null && known.Datapath == datapath && ReferenceEquals(known.Fields, shared?.Fields)) return known.Match;
        var match = MatchBuilding.Unchecked(fixedClauses, datapath, shared);
        slot = new Fixed(shared?.Fields, datapath, match);
        return match;
    }

    /// <summary>
    /// The members of the flow's group on its datapath, as a gather takes them: none matches nothing
    /// (<paramref name="never"/>), one is a clause, more (minimized and limited as the direct route does) the one
    /// dimension, or beside another OR a second one (<paramref name="members"/>). False, for the full way, when the
    /// group is missing or its members are more than the direct route takes.
    /// </summary>
    private bool TryGroup(in Literal literal, DatapathScope scope, HostIndex index, TranslatorOptions options,
        ref Clause[]? alternatives, ref Clause? single, out Clause[]? members, out bool never, out NameLookup[] lookups)
    {
        never = false;
        members = null;
        lookups = [];
        var storage = matchSlots[group].Storage;
        var name = literal.Name;
        if (!index.PortGroups.TryGetValue(name, out var all)) return false;
        lookups = [new NameLookup(NameLookupKind.PortGroup, name, all, false)];
        var keys = scope.MemberKeys(name, all);
        if (keys.Length <= 1)
        {
            never = keys.Length == 0;
            if (keys.Length == 1) single = new Clause(storage, keys[0], Clause.Ones(storage.Width));
            return true;
        }
        // As Normalizer.Minimal over the members' clauses with the flow limit; the datapath keeps the rest.
        if (keys.Length > options.MaxFlowsPerLogicalFlow || scope.MemberAlternatives(name, all, storage) is not { } minimal) return false;
        if (minimal.Length == 1) single = minimal[0];
        else if (alternatives is null) alternatives = minimal;
        else members = minimal;
        return true;
    }

    /// <summary>The actions of every flow of a template whose actions take no constant, made once.</summary>
    private ActionList? fixedActions;

    /// <summary>The flow's actions: the fixed pieces and the loads of its constants.</summary>
    private ActionList Actions(ReadOnlySpan<UInt128> loads, FlowInterner? shared)
    {
        if (actionCount == 0)
        {
            var same = fixedActions ??= Actions(loads);
            return shared is null ? same : shared.Actions(same);
        }
        var ofActions = Actions(loads);
        return shared is null || !shareActions ? ofActions : shared.Actions(ofActions);
    }

    private ActionList Actions(ReadOnlySpan<UInt128> loads)
    {
        var list = scratch ??= [];
        list.Clear();
        foreach (var p in actions)
        {
            if (p.Fixed is not null) list.AddRange(p.Fixed.AsSpan());
            else if (p.Load.Encoded) Load(list, p.Load.Bits, loads[p.Slot]);
        }
        var ofActions = new ActionList(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        list.Clear();
        return ofActions;
    }

    /// <summary>
    /// Recent loads by destination and value, per thread: a value many flows load (a router port's MAC in its ARP
    /// replies) then shares its actions, as the parser's shared nodes make the full way share them. A small
    /// direct-mapped table: a collision just encodes again.
    /// </summary>
    [ThreadStatic] private static (StorageBits Bits, UInt128 Value, OfAction[]? Actions)[]? recentLoads;

    /// <summary>The thread's list the actions are put together in (the action list copies them).</summary>
    [ThreadStatic] private static List<OfAction>? scratch;

    private static void Load(List<OfAction> into, StorageBits bits, UInt128 value)
    {
        var table = recentLoads ??= new (StorageBits, UInt128, OfAction[]?)[256];
        ref var slot = ref table[HashCode.Combine(bits.Storage.Id, bits.Offset, value) & 255];
        if (slot.Actions is not null && slot.Bits == bits && slot.Value == value)
        {
            into.AddRange(slot.Actions.AsSpan());
            return;
        }
        int start = into.Count;
        FieldWrites.Load(into, bits, value);
        slot = (bits, value, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(into)[start..].ToArray());
    }

    /// <summary>
    /// The template of <paramref name="stage"/>'s flows with this match and these actions' skeleton (whose constants,
    /// match's then actions', are <paramref name="literals"/>), or <see cref="None"/>.
    /// </summary>
    public static FlowTemplate Make(Stage stage, Expr match, IReadOnlyList<LAction> actions, ReadOnlySpan<Literal> literals, int matchLiterals)
    {
        try
        {
            return TryMake(stage, match, actions, literals[..matchLiterals], literals[matchLiterals..]) ?? None;
        }
        catch (TranslationProblem)
        {
            return None;
        }
    }

    private static FlowTemplate? TryMake(Stage stage, Expr match, IReadOnlyList<LAction> actions, ReadOnlySpan<Literal> matchLiterals, ReadOnlySpan<Literal> actionLiterals)
    {
        var annotator = new Annotator(Annotator.NoNames.Instance);
        // One OR on one storage may come in (the ip predicate, a set), as on the direct route.
        annotator.GatherDimension();
        var clauses = new List<Clause>();
        var slots = new List<Slot>();
        List<Element>? set = null;
        StorageMapping? setStorage = null;
        int group = -1, addressSet = -1;
        // Where the group and the other OR come in the match (the OR of a predicate: the term that brought it in).
        int groupAt = -1, otherAt = -1;
        IReadOnlyList<Expr> terms = match is AndExpr a ? a.Terms : [match];
        for (int at = 0; at < terms.Count; at++)
        {
            var t = terms[at];
            if (otherAt < 0 && annotator.Dimension is not null) otherAt = at - 1;
            if (t is ConstExpr { Value: true })
            {
                // The match "1" (the parser reads "0" to never): its one constant must stay 1.
                if (slots.Count == matchLiterals.Length || matchLiterals[slots.Count] is not { Kind: TokenKind.Integer, Format: IntFormat.Decimal } one || one.Value != 1)
                    return null;
                slots.Add(Slot.True);
                continue;
            }
            if (t is CmpExpr { Op: RelOp.Eq, Value: SetOperand { Items.Count: >= 2 } items } s)
            {
                // A set of constants: the one dimension, its elements written in the text going in per flow (beside a
                // group, the second).
                if (set is not null || addressSet >= 0) return null;
                set = [];
                otherAt = at;
                var (storage, offset, width, isString) = Annotator.FieldBits(s.Field);
                if (isString) return null;
                setStorage = storage;
                UInt128 ones = Clause.Ones(width);
                foreach (var item in items.Items)
                {
                    if (item is not IntOperand x) return null;
                    if (x.IsMasked)
                    {
                        set.Add(new Element(-1, Clause.Of(storage, (x.Value & x.Mask & ones) << offset, (x.Mask & ones) << offset)));
                        continue;
                    }
                    if (slots.Count == matchLiterals.Length || !matchLiterals[slots.Count].Is(x)) return null;
                    set.Add(new Element(slots.Count, default));
                    slots.Add(new Slot(storage, offset, width, false, InSet: true));
                }
                // Its prerequisites; the annotator takes the set as its dimension, so no other OR may come.
                if (!Gather(annotator, t, clauses)) return null;
                continue;
            }
            if (t is CmpExpr { Op: RelOp.Eq, Value: AddressSetOperand named } n)
            {
                // field == $set: the set's addresses on each flow's host, the one dimension as a set's constants are.
                if (set is not null || addressSet >= 0) return null;
                if (slots.Count == matchLiterals.Length || !matchLiterals[slots.Count].Is(named)) return null;
                var (storage, offset, width, isString) = Annotator.FieldBits(n.Field);
                if (isString) return null;
                addressSet = slots.Count;
                otherAt = at;
                setStorage = storage;
                slots.Add(new Slot(storage, offset, width, false, IsAddressSet: true));
                if (!Gather(Annotator.PrerequisiteOf(n.Field.Name), annotator, clauses)) return null;
                continue;
            }
            if (t is CmpExpr { Op: RelOp.Eq, Value: PortGroupOperand pg } g)
            {
                // port == @group: the group's members on each flow's datapath, the one dimension (or beside another OR,
                // the second).
                if (group >= 0) return null;
                if (slots.Count == matchLiterals.Length || !matchLiterals[slots.Count].Is(pg)) return null;
                var (storage, _, _, isString) = Annotator.FieldBits(g.Field);
                if (!isString) return null;
                group = slots.Count;
                groupAt = at;
                slots.Add(new Slot(storage, 0, storage.Width, true, IsGroup: true));
                if (!Gather(Annotator.PrerequisiteOf(g.Field.Name), annotator, clauses)) return null;
                continue;
            }
            if (t is CmpExpr { Op: RelOp.Eq } c && Single(c.Value) is IntOperand { IsMasked: false } or StringOperand)
            {
                // field == constant, or a set of one constant (the same clause).
                var value = Single(c.Value);
                if (slots.Count == matchLiterals.Length || !matchLiterals[slots.Count].Is(value)) return null;
                var (storage, offset, width, isString) = Annotator.FieldBits(c.Field);
                if (isString != value is StringOperand || isString && c.Value is SetOperand) return null;
                slots.Add(new Slot(storage, offset, width, isString));
                if (!Gather(Annotator.PrerequisiteOf(c.Field.Name), annotator, clauses)) return null;
            }
            else if (!Gather(annotator, t, clauses)) return null;
        }
        if (slots.Count != matchLiterals.Length) return null;
        if (otherAt < 0 && annotator.Dimension is not null) otherAt = terms.Count - 1;

        var encoder = new ActionEncoder(stage, Annotator.NoNames.Instance);
        var pieces = new List<Piece>();
        int loads = 0;
        bool ended = false;
        foreach (var action in actions)
        {
            if (action is AssignAction { Source: IntOperand { IsMasked: false } or StringOperand } s)
            {
                if (loads == actionLiterals.Length || !actionLiterals[loads].Is(s.Source)) return null;
                bool isString = s.Source is StringOperand;
                if (encoder.Destination(s.Destination, isString) is not { } bits) return null;
                pieces.Add(new Piece(null, loads++, new Slot(bits.Storage, bits.Offset, bits.Width, isString, bits, !ended)));
                continue;
            }
            if (ended) continue;
            var encoded = new List<OfAction>();
            ended = !encoder.EncodeOne(action, encoded);
            pieces.Add(new Piece([.. encoded], -1, default));
        }
        if (loads != actionLiterals.Length) return null;
        bool shareActions = true;
        foreach (var literal in actionLiterals)
            if (literal.Kind == TokenKind.Integer && literal.Format is IntFormat.Ethernet or IntFormat.IPv4 or IntFormat.IPv6) shareActions = false;
        if (!Gather(EncodedActions.PrerequisitesOf(encoder.Touched), annotator, clauses)) return null;
        // An OR beside the one dimension (ip beside a set of ports) must be settled by a clause every flow has.
        if (!annotator.AllImplied(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(clauses))) return null;
        Clause[]? dimension = null;
        int dimensionCount = 0;
        if (set is null && annotator.Dimension is { } values)
        {
            // What the direct route does with the OR (Normalizer.Minimal); an OR it refuses makes no template. An OR
            // that a clause of every flow implies an alternative of (the ip prerequisite beside ip4) goes, as the
            // direct route drops it.
            if (Normalizer.Minimal(values, int.MaxValue) is not { } minimal) return null;
            dimensionCount = values.Count;
            if (minimal.Length == 1) clauses.Add(minimal[0]);
            else if (!clauses.Exists(c => ReferenceEquals(c.Storage, minimal[0].Storage) && Term.AnyImpliedBy(minimal, c))) dimension = minimal;
        }
        // Beside the group's members, another OR only on another storage (two on one storage make one dimension).
        if (group >= 0 && dimension is not null && ReferenceEquals(dimension[0].Storage, slots[group].Storage)) return null;
        if (group >= 0 && setStorage is not null && ReferenceEquals(setStorage, slots[group].Storage)) return null;
        // The addresses are the one dimension: no other OR.
        if (addressSet >= 0 && dimension is not null) return null;
        // The fixed clauses sorted and merged once (the prerequisites of every action writing an ARP field repeat
        // eth.type == 0x806): each flow then merges a few. Merging is an AND of bits, so the order makes no difference.
        Clause[] fixedClauses = [.. clauses];
        int kept = Normalizer.SortAndMerge(fixedClauses);
        if (kept >= 0) fixedClauses = fixedClauses[..kept];
        bool separate = kept >= 0 && set is null && addressSet < 0 && group < 0 && dimension is null && Separate(fixedClauses, slots);
        return new FlowTemplate(fixedClauses, dimension, dimensionCount, set?.ToArray(), group, addressSet, [.. slots], [.. pieces], loads, shareActions,
            groupFirst: otherAt < 0 || groupAt < otherAt, separate);
    }

    /// <summary>
    /// Whether the fixed clauses and the constants' clauses (whatever their values) each set OpenFlow fields of their
    /// own, not <c>metadata</c>, and need no crush (see <see cref="separate"/>).
    /// </summary>
    private static bool Separate(Clause[] fixedClauses, List<Slot> slots)
    {
        if (slots.Count > SeparateSlots) return false;
        var used = new HashSet<OfField> { OfFields.Metadata };
        foreach (var c in fixedClauses)
            if (MatchBuilding.NeedsCrush(c) || MatchBuilding.SharesField(c, used)) return false;
        foreach (var s in slots)
        {
            if (s.IsTrue) continue;
            // Which bits a constant sets does not depend on its value.
            var c = s.ClauseOf(0);
            if (MatchBuilding.NeedsCrush(c) || MatchBuilding.SharesField(c, used)) return false;
        }
        return true;
    }

    /// <summary>The one element of a set of one, else the operand.</summary>
    private static Operand Single(Operand value) => value is SetOperand { Items: [var only] } ? only : value;

    private static bool Gather(Annotator annotator, Expr e, List<Clause> into) =>
        Gathered(() => annotator.TryGather(e, out bool never) && !never, into);

    private static bool Gather(Node n, Annotator dims, List<Clause> into) =>
        Gathered(() => Annotator.TryGather(n, dims, out bool never) && !never, into);

    /// <summary>Runs a gather onto the clause stack and moves what it pushed into <paramref name="into"/> when it was plain.</summary>
    private static bool Gathered(Func<bool> gather, List<Clause> into)
    {
        int start = Normalizer.ClauseStack.Top;
        try
        {
            bool plain = gather();
            if (plain) into.AddRange(Normalizer.ClauseStack.From(start));
            return plain;
        }
        finally
        {
            Normalizer.ClauseStack.Top = start;
        }
    }
}
