using Overlay.Agent.Translator.Expressions;
using Overlay.Agent.Translator.Layout;
using Overlay.Logical;
using Overlay.OpenFlow.Actions;
using LOutput = Overlay.Logical.OutputAction;

namespace Overlay.Agent.Translator.Encoding;

/// <summary>
/// Logical actions → OpenFlow actions for a flow in <paramref name="Stage"/> of a datapath (OVN's lflow.c encodings):
/// <c>next</c> → <c>resubmit(,T+1)</c>; <c>output</c> → resubmit to remote output (ingress) or save-inport (egress);
/// assignments → set_field / move; <c>&lt;-&gt;</c> → moves through a scratch register; <c>ip.ttl--</c> → dec_ttl;
/// <c>outport = "p"</c> → reg15 = p's key; <c>drop</c> → nothing more; <c>clone { }</c> → clone(...).
/// Actions that need a controller (arp { }, ct_*, get_arp ...) are reported as unsupported.
/// </summary>
internal sealed class ActionEncoder(Stage stage, INameScope names)
{
    /// <summary>Symbols the actions read or write; their prerequisites join the match (OVN does the same).</summary>
    public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

    /// <summary>True once a port or group name was looked up: the encoding then holds on this datapath only.</summary>
    public bool NamedPorts { get; private set; }

    public List<OfAction> Encode(IEnumerable<LAction> actions)
    {
        var result = new List<OfAction>();
        Encode(actions, result);
        return result;
    }

    /// <summary>Appends the actions; returns false once a <c>drop</c> ends the list.</summary>
    private bool Encode(IEnumerable<LAction> actions, List<OfAction> into)
    {
        foreach (var a in actions)
        {
            switch (a)
            {
                case DropAction:
                    return false;
                case NextAction n:
                    into.Add(ResubmitAction.ToTable(Next(n)));
                    break;
                case LOutput:
                    into.Add(ResubmitAction.ToTable(stage.Pipeline == Pipeline.Ingress ? PhysicalPipeline.RemoteOutput.Id : PhysicalPipeline.SaveInport.Id));
                    break;
                case DecrementTtlAction:
                    Touched.Add("ip.ttl");
                    into.Add(new DecTtlAction());
                    break;
                case AssignAction s:
                    Assign(s, into);
                    break;
                case ExchangeAction x:
                    {
                        var (l, ls) = Bits(x.Left);
                        var (r, rs) = Bits(x.Right);
                        if (ls.IsString != rs.IsString) throw Unsupported($"cannot exchange '{x.Left}' with '{x.Right}'");
                        FieldWrites.Exchange(into, l, r);
                        break;
                    }
                case NestedAction { Name: "clone" } c:
                    {
                        var body = new List<OfAction>();
                        Encode(c.Body, body);
                        into.Add(new CloneAction(new ActionList(body)));
                        break;
                    }
                case NestedAction n:
                    throw Unsupported($"'{n.Name} {{ ... }}' needs ovn-controller's packet-in handling, which Overlay does not do");
                case CallAction c:
                    throw Unsupported($"action '{c.Name}' is not supported on the data plane");
                default:
                    throw Unsupported($"action '{a}' is not supported");
            }
        }
        return true;
    }

    /// <summary>Appends one action's encoding; false for one that ends the list (<c>drop</c>).</summary>
    public bool EncodeOne(LAction action, List<OfAction> into) => Encode([action], into);

    /// <summary>
    /// The bits an assignment of a constant to <paramref name="destination"/> loads (touching the field, as encoding
    /// does), provided it takes a port name (<paramref name="isString"/>) or an integer as the encoding expects.
    /// </summary>
    public StorageBits? Destination(FieldRef destination, bool isString)
    {
        var (bits, sym) = Bits(destination);
        return sym.IsString == isString ? bits : null;
    }

    private byte Next(NextAction n)
    {
        var pipeline = n.Pipeline ?? stage.Pipeline;
        int index = n.Table ?? (pipeline == stage.Pipeline ? stage.Table + 1 : 0);
        if (index >= StageCount(stage.Kind, pipeline) || PhysicalPipeline.TableOf(pipeline, index) is not { } table)
            throw Unsupported($"'{n}' goes past the last {pipeline.ToString().ToLowerInvariant()} stage");
        return table;
    }

    /// <summary>
    /// Recently encoded assignments that name no port, by node, per thread: the parser shares the node of a repeated
    /// statement (<c>eth.dst = eth.src;</c>, <c>flags.loopback = 1;</c>), whose encoding depends on nothing else.
    /// A small direct-mapped table: a collision just encodes again.
    /// </summary>
    [ThreadStatic] private static (AssignAction? Node, OfAction[] Actions, string[] Touched)[]? recent;

    private void Assign(AssignAction s, List<OfAction> into)
    {
        if (s.Source is StringOperand)
        {
            Encode(s, into);
            return;
        }
        var table = recent ??= new (AssignAction?, OfAction[], string[])[256];
        ref var slot = ref table[System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(s) & 255];
        if (ReferenceEquals(slot.Node, s))
        {
            into.AddRange(slot.Actions);
            foreach (var t in slot.Touched) Touched.Add(t);
            return;
        }
        int start = into.Count;
        Encode(s, into);
        // What Encode touched: the destination's symbol, and the source's when it is a field.
        string destination = SymbolTable.Default.Find(s.Destination.Name)!.Name;
        string[] touched = s.Source is FieldOperand f ? [destination, SymbolTable.Default.Find(f.Field.Name)!.Name] : [destination];
        slot = (s, [.. into.GetRange(start, into.Count - start)], touched);
    }

    private void Encode(AssignAction s, List<OfAction> into)
    {
        var (dst, sym) = Bits(s.Destination);
        switch (s.Source)
        {
            case StringOperand name when sym.IsString:
                NamedPorts = true;
                uint key = names.KeyOf(name.Value)
                    ?? throw new TranslationProblem(DiagnosticKind.UnknownName, $"no logical port or multicast group \"{name.Value}\" on this datapath");
                FieldWrites.Load(into, dst, key);
                return;
            case IntOperand i when !sym.IsString:
                if (i.IsMasked) FieldWrites.Load(into, dst, i.Value, i.Mask);
                else FieldWrites.Load(into, dst, i.Value);
                return;
            case FieldOperand f:
                {
                    var (src, ssym) = Bits(f.Field);
                    if (ssym.IsString != sym.IsString || src.Width != dst.Width) throw Unsupported($"cannot assign '{f.Field}' to '{s.Destination}'");
                    FieldWrites.Move(into, src, dst);
                    return;
                }
            default:
                throw Unsupported($"cannot assign {s.Source} to '{s.Destination}'");
        }
    }

    private (StorageBits Bits, Symbol Symbol) Bits(FieldRef field)
    {
        var sym = SymbolTable.Default.Find(field.Name) ?? throw new TranslationProblem(DiagnosticKind.Syntax, $"unknown field '{field.Name}'");
        if (sym.IsPredicate) throw new TranslationProblem(DiagnosticKind.Syntax, $"'{field.Name}' is a predicate, not a field");
        Touched.Add(sym.Name);
        var storage = FieldMap.Find(sym.Storage)
            ?? throw Unsupported(FieldMap.Unsupported.TryGetValue(sym.Storage, out var why) ? why : $"field '{sym.Name}' has no OpenFlow field");
        int offset = sym.Offset + (field.Low ?? 0);
        int width = field.HasRange ? field.High!.Value - field.Low!.Value + 1 : sym.Width;
        return (new StorageBits(storage, offset, width), sym);
    }

    /// <summary>Stages per (kind, pipeline), looked up once: <see cref="Stages.Count"/> walks the declaration.</summary>
    private static readonly int[] StageCounts = Counts();

    private static int[] Counts()
    {
        var kinds = Enum.GetValues<DatapathKind>();
        var counts = new int[(kinds.Max(k => (int)k) + 1) * 2];
        foreach (var k in kinds)
        {
            counts[(int)k * 2] = Stages.Count(k, Pipeline.Ingress);
            counts[(int)k * 2 + 1] = Stages.Count(k, Pipeline.Egress);
        }
        return counts;
    }

    private static int StageCount(DatapathKind kind, Pipeline pipeline) => StageCounts[(int)kind * 2 + (pipeline == Pipeline.Ingress ? 0 : 1)];

    private static TranslationProblem Unsupported(string message) => new(DiagnosticKind.Unsupported, message);
}
