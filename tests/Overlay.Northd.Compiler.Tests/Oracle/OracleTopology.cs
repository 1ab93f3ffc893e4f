using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;
using Overlay.Northd.Compiler.Trace;

namespace Overlay.Northd.Compiler.Tests.Oracle;

/// <summary>
/// One topology script loaded twice: into a private real OVN (ovn-nbctl → ovn-northd → SB) and into our compiler
/// (NbScript → NorthdCompiler → LogicalTracer). A test class takes a subclass as its class fixture, so each topology
/// gets its own OVN, torn down after the class.
/// </summary>
public abstract class OracleTopology : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _ovnTraces = new();
    private readonly Lazy<RealOvn> _ovn;
    private readonly Lazy<LogicalTracer> _ours;

    public string ScriptName { get; }
    public string ScriptPath { get; }
    public string Script { get; }

    protected OracleTopology(string scriptName)
    {
        ScriptName = scriptName;
        ScriptPath = Locate(scriptName);
        Script = File.ReadAllText(ScriptPath);
        _ovn = new Lazy<RealOvn>(() =>
        {
            var ovn = new RealOvn();
            try { ovn.Load(Script); }
            catch { ovn.Dispose(); throw; }
            return ovn;
        });
        _ours = new Lazy<LogicalTracer>(() =>
        {
            var loaded = NbScript.Load(Script, ScriptPath);
            if (!loaded.Ok)
                throw new InvalidOperationException($"NbScript refused {ScriptName}:\n" + string.Join('\n', loaded.Diagnostics));
            return new LogicalTracer(NorthdCompiler.Compile(loaded.Database!));
        });
    }

    internal RealOvn Ovn => _ovn.Value;

    internal LogicalTracer Ours => _ours.Value;

    /// <summary>Raw <c>ovn-trace --minimal</c> text for a packet (cached: both tests of a packet use it).</summary>
    internal string OvnTrace(OraclePacket p) => _ovnTraces.GetOrAdd(p.Name, _ => Ovn.Trace(p.Datapath, p.Microflow));

    /// <summary>Real OVN does what the test pins. Also asserts OVN stayed stateless (no ct_* in the trace).</summary>
    public void AssertOvnVerdict(OraclePacket p)
    {
        var raw = OvnTrace(p);
        var outcome = MinimalTrace.Parse(raw);
        if (!outcome.Unrecognized.IsEmpty)
            Assert.Fail($"unexpected statements in OVN's trace of '{p.Name}': {string.Join(" | ", outcome.Unrecognized)}\n{ReproduceOvn(p)}\n{raw}");
        if (outcome.Render() != p.OvnVerdict)
            Assert.Fail($"real OVN's verdict for '{p.Name}' changed.\nexpected:\n{p.OvnVerdict}\nactual:\n{outcome.Render()}\n{ReproduceOvn(p)}\n{raw}");
    }

    /// <summary>Our script load and compile are clean: no NB diagnostics, and every emitted flow parses for the tracer.</summary>
    public void AssertOursCompilesCleanly()
    {
        if (!Ours.FlowWarnings.IsEmpty)
            Assert.Fail($"{ScriptName}: flows the tracer could not parse (they never match):\n" + string.Join('\n', Ours.FlowWarnings));
    }

    /// <summary>
    /// Our trace agrees with OVN's on the same packet: the same packet line (header fields), the same deliveries
    /// with the same rewritten fields (compared as values after <see cref="MinimalTrace"/>), and our structured
    /// verdicts say the same as our --minimal text.
    /// </summary>
    public void AssertAgrees(OraclePacket p)
    {
        var ovnRaw = OvnTrace(p);
        var initial = MinimalTrace.ParsePacketLine(ovnRaw);
        var ovn = MinimalTrace.Parse(ovnRaw);

        var result = Ours.Trace(p.Datapath, p.Microflow);
        if (!result.Ok) Assert.Fail($"our tracer rejected '{p.Name}': {result.Error}\n{ReproduceOurs(p)}");
        var ourRaw = TraceRenderer.Render(result, TraceFormat.Minimal);

        var problems = new List<string>();
        var ourInitial = MinimalTrace.ParsePacketLine(ourRaw);
        if (!ourInitial.SequenceEqual(initial))
            problems.Add($"packet line differs: OVN {Fields(initial)} / ours {Fields(ourInitial)}");

        var ours = MinimalTrace.Parse(ourRaw, initial);
        if (!ours.Unrecognized.IsEmpty)
            problems.Add("unexpected statements in our trace: " + string.Join(" | ", ours.Unrecognized));

        var expected = ovn;
        if (p.ExcludeControllerPackets)
        {
            if (ours.Render() == ovn.Render())
                problems.Add("we now also build OVN's controller packets: drop ExcludeControllerPackets from this packet");
            else if (!ovn.Deliveries.Any(d => d.Origin.Length > 0))
                problems.Add("ExcludeControllerPackets is set but OVN built no packet in a nested block: the exemption is stale");
            expected = ovn with { Deliveries = [.. ovn.Deliveries.Where(d => d.Origin.Length == 0)] };
        }
        if (ours.Render() != expected.Render())
            problems.Add($"verdicts differ{(p.ExcludeControllerPackets ? " (OVN's controller-built packets excluded)" : "")}.\n" +
                         $"  OVN:\n{Indent(expected.Render())}\n  ours:\n{Indent(ours.Render())}");

        problems.AddRange(CheckStructuredVerdicts(result, ours));

        if (problems.Count > 0)
            Assert.Fail($"'{p.Name}' on {ScriptName}: we disagree with OVN 23.03.1.\n- {string.Join("\n- ", problems)}\n" +
                        $"OVN --minimal:\n{ovnRaw}our --minimal:\n{ourRaw}{ReproduceOvn(p)}\n{ReproduceOurs(p)}");
    }

    /// <summary>
    /// Our structured verdicts must tell the same story as our --minimal text: the same delivery ports, and each
    /// delivered packet holding the values the text says were written.
    /// </summary>
    private static IEnumerable<string> CheckStructuredVerdicts(TraceResult result, TraceOutcome fromText)
    {
        var structuredPorts = result.Deliveries.Select(d => d.Port).Order(StringComparer.Ordinal).ToList();
        var textPorts = fromText.Deliveries.Select(d => d.Port).Order(StringComparer.Ordinal).ToList();
        if (!structuredPorts.SequenceEqual(textPorts))
        {
            yield return $"structured verdicts deliver to [{string.Join(", ", structuredPorts)}] but our --minimal text to [{string.Join(", ", textPorts)}]";
            yield break;
        }
        foreach (var d in fromText.Deliveries)
        {
            var candidates = result.Deliveries.Where(v => v.Port == d.Port).ToList();
            if (candidates.Count != 1) continue; // several copies to one port: the text check already covers them
            foreach (var (field, value) in d.Changes)
            {
                if (value == "(unset)") continue;
                var actual = MinimalTrace.Canonical(field, "0x" + candidates[0].Packet.Get(field).ToString("x", CultureInfo.InvariantCulture));
                if (actual != value)
                    yield return $"structured delivery to {d.Port} has {field}={actual}, our --minimal text says {value}";
            }
        }
    }

    private static string Fields(IEnumerable<KeyValuePair<string, string>> f) => string.Join(",", f.Select(kv => $"{kv.Key}={kv.Value}"));

    private static string Indent(string s) => string.Join('\n', s.Split('\n').Select(l => "    " + l));

    /// <summary>How to rerun the OVN side by hand (the sandbox is gone after the test; rebuild it with the script).</summary>
    internal string ReproduceOvn(OraclePacket p) =>
        $"reproduce OVN: in a sandbox (ovn-reference.md §10): ovn-nbctl each line of {ScriptPath}; ovn-nbctl --wait=sb sync;\n" +
        $"  ovn-trace --minimal {Tool.Quote(p.Datapath)} {Tool.Quote(p.Microflow)}";

    internal string ReproduceOurs(OraclePacket p) =>
        $"reproduce ours: TraceRenderer.Render(LogicalTracer.Trace(NorthdCompiler.Compile(NbScript.Load(File.ReadAllText(\"{ScriptPath}\"), ...).Database!), " +
        $"\"{p.Datapath}\", {Literal(p.Microflow)}), TraceFormat.Minimal)";

    private static string Literal(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s) sb.Append(c is '"' or '\\' ? "\\" + c : c.ToString());
        return sb.Append('"').ToString();
    }

    /// <summary>Scripts are read next to the test binaries when copied there, else from the source tree.</summary>
    private static string Locate(string scriptName)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Oracle", "Topologies", scriptName);
        if (File.Exists(copied)) return copied;
        var source = Path.Combine(RealOvn.RepoRoot(), "tests", "Overlay.Northd.Compiler.Tests", "Oracle", "Topologies", scriptName);
        return File.Exists(source) ? source : throw new FileNotFoundException("topology script not found", scriptName);
    }

    public void Dispose()
    {
        if (_ovn.IsValueCreated) _ovn.Value.Dispose();
        GC.SuppressFinalize(this);
    }
}
