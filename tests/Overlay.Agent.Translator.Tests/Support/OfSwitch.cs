using Overlay.OpenFlow;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>A packet leaving the switch: the OpenFlow port and the packet as it left.</summary>
internal sealed record Emitted(uint Port, OfPacket Packet);

/// <summary>
/// A small model of an OVS flow table pipeline (in the spirit of Faucet's FakeOFTable): priority lookup with
/// conjunctive matches, set_field, move, resubmit (depth 64), clone, dec_ttl, and output (never to the in_port
/// except through IN_PORT). Enough to ask where a packet goes on the translated flows.
/// </summary>
internal sealed class OfSwitch
{
    /// <summary>A flow with its match pre-decoded: the field tests (conj_id aside), its conj_id and clause actions.</summary>
    private sealed record Entry(FlowEntry Flow, (OfField Field, UInt128 Value, UInt128 Mask)[] Tests, uint? ConjId, ConjunctionAction[]? Clauses);

    private readonly Dictionary<byte, List<Entry>> tables = [];

    public OfSwitch(IEnumerable<FlowEntry> flows)
    {
        foreach (var f in flows)
        {
            if (!tables.TryGetValue(f.Table, out var list)) tables[f.Table] = list = [];
            var tests = f.Match.Fields.Where(m => !ReferenceEquals(m.Field, OfFields.ConjId))
                .Select(m => (m.Field, m.Value.ToUInt128(), OfPacket.MaskOf(m))).ToArray();
            uint? conj = f.Match.Get(OfFields.ConjId) is { } c ? (uint)c.ValueAsUInt64 : null;
            var clauses = f.Actions.Count > 0 && f.Actions.All(a => a is ConjunctionAction) ? f.Actions.Cast<ConjunctionAction>().ToArray() : null;
            list.Add(new Entry(f, tests, conj, clauses));
        }
        foreach (var list in tables.Values) list.Sort((a, b) => b.Flow.Priority.CompareTo(a.Flow.Priority));
    }

    /// <summary>Runs the packet from <paramref name="table"/>; returns what left the switch, in order.</summary>
    public List<Emitted> Run(OfPacket packet, byte table = 0)
    {
        var output = new List<Emitted>();
        var state = new RunState(output);
        Resubmit(packet, table, state, 0);
        return output;
    }

    /// <summary>The flow a lookup in <paramref name="table"/> selects, honouring conjunctive matches; null on a miss.</summary>
    public FlowEntry? Lookup(OfPacket packet, byte table)
    {
        if (!tables.TryGetValue(table, out var flows)) return null;
        int i = 0;
        while (i < flows.Count)
        {
            ushort priority = flows[i].Flow.Priority;
            int end = i;
            while (end < flows.Count && flows[end].Flow.Priority == priority) end++;
            var hit = LookupAt(packet, flows, i, end);
            if (hit is not null) return hit;
            i = end;
        }
        return null;
    }

    private static FlowEntry? LookupAt(OfPacket packet, List<Entry> flows, int start, int end)
    {
        Dictionary<uint, (HashSet<byte> Seen, byte Of)>? clauses = null;
        bool anyConj = false;
        for (int i = start; i < end; i++)
        {
            var e = flows[i];
            if (e.ConjId is not null) { anyConj = true; continue; }
            if (!Matches(packet, e.Tests)) continue;
            if (e.Clauses is null) return e.Flow;
            clauses ??= [];
            foreach (var c in e.Clauses)
            {
                if (!clauses.TryGetValue(c.Id, out var seen)) clauses[c.Id] = seen = ([], c.Clauses);
                seen.Seen.Add(c.Clause);
            }
        }
        if (!anyConj || clauses is null) return null;
        for (int i = start; i < end; i++)
        {
            var e = flows[i];
            if (e.ConjId is { } id && clauses.TryGetValue(id, out var seen) && seen.Seen.Count == seen.Of && Matches(packet, e.Tests)) return e.Flow;
        }
        return null;
    }

    private static bool Matches(OfPacket packet, (OfField Field, UInt128 Value, UInt128 Mask)[] tests)
    {
        foreach (var (field, value, mask) in tests)
            if (!packet.Matches(field, value, mask)) return false;
        return true;
    }

    private sealed class RunState(List<Emitted> output)
    {
        public List<Emitted> Output { get; } = output;

        public bool Halted { get; set; }
    }

    private void Resubmit(OfPacket packet, byte table, RunState run, int depth)
    {
        if (depth > 64) throw new InvalidOperationException($"resubmit depth exceeded at table {table}: a loop?");
        if (Lookup(packet, table) is not { } flow) return;
        Execute(flow.Actions, packet, run, depth);
    }

    private void Execute(IEnumerable<OfAction> actions, OfPacket packet, RunState run, int depth)
    {
        foreach (var a in actions)
        {
            if (run.Halted) return;
            switch (a)
            {
                case SetFieldAction s:
                    {
                        UInt128 value = s.Value.ToUInt128();
                        UInt128 mask = s.Mask is { } m ? m.ToUInt128() : OfPacket.Ones(s.Field.IsVariableLength ? 32 : s.Value.Length * 8);
                        packet.Set(s.Field, value, mask);
                        break;
                    }
                case CopyFieldAction c:
                    packet.Set(c.Destination, packet.Get(c.Source));
                    break;
                case ResubmitAction r:
                    Resubmit(packet, r.Table, run, depth + 1);
                    break;
                case CloneAction c:
                    Execute(c.Actions, packet.Copy(), run, depth + 1);
                    break;
                case DecTtlAction:
                    {
                        UInt128 ttl = packet[OfFields.IpTtl];
                        if (ttl <= 1) { run.Halted = true; return; }
                        packet[OfFields.IpTtl] = ttl - 1;
                        break;
                    }
                case OutputAction o:
                    {
                        uint port = o.Port == OfPort.InPort ? packet.InPort : o.Port;
                        // OVS silently skips output to the port the packet came in on.
                        if (o.Port != OfPort.InPort && port == packet.InPort) break;
                        run.Output.Add(new Emitted(port, packet.Copy()));
                        break;
                    }
                case ConjunctionAction:
                    break;
                default:
                    throw new NotSupportedException($"the test switch does not model '{a}'");
            }
        }
    }
}
