using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Overlay.Agent.Ovs;
using Overlay.Agent.Sync;
using Overlay.Agent.Translator;
using Overlay.Agent.View;
using Overlay.Logical;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Flows;

namespace Overlay.Agent.Bench;

/// <summary>
/// The agent's whole path for a one-logical-flow change on a big table, against a real switch: view file
/// bytes → parse → compose → full translation (the planner would now translate such a change incrementally; this
/// measures the full path) → flow set →
/// diff → one bundle → barrier. The view is one switch with two local VIFs and N ACL logical flows, each
/// one OpenFlow flow.
/// </summary>
public static class ViewChangeBenchmark
{
    public static async Task<string> RunAsync(OpenFlowConnection of, int acls, int runs, CancellationToken ct)
    {
        ViewDocument view = View(acls, 0);
        var sync = new FlowSynchronizer(of);
        await sync.ReadInstalledAsync(ct);
        (FlowSet first, _) = Translate(ViewJson.Write(view));
        SyncOutcome initial = await sync.ApplyAsync(first, ct);
        if (!initial.Committed)
            throw new InvalidOperationException("initial install refused: " + initial.Bundle);

        var parse = new List<double>();
        var translate = new List<double>();
        var install = new List<double>();
        var total = new List<double>();
        for (int run = 1; run <= runs; run++)
        {
            byte[] bytes = ViewJson.Write(View(acls, run));
            long start = Stopwatch.GetTimestamp();
            (FlowSet desired, (double Parse, double Translate) t) = Translate(bytes);
            long installStart = Stopwatch.GetTimestamp();
            SyncOutcome outcome = await sync.ApplyAsync(desired, ct);
            install.Add(Stopwatch.GetElapsedTime(installStart).TotalMilliseconds);
            total.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            parse.Add(t.Parse);
            translate.Add(t.Translate);
            if (!outcome.Committed || outcome.Diff.Count != 2)
                throw new InvalidOperationException($"a one-lflow change was {outcome.Diff} (committed={outcome.Committed})");
        }

        static double Median(List<double> xs)
        {
            double[] s = [.. xs.Order()];
            return s[s.Length / 2];
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            One logical flow changed in a view of {acls} ACL logical flows ({first.Count} OpenFlow flows installed), whole agent path, median of {runs}:
            parse {Median(parse):0} ms + compose/translate {Median(translate):0} ms + flow set/diff/bundle/barrier {Median(install):0} ms = {Median(total):0} ms from new view bytes to barrier-confirmed (1 delete + 1 add).

            """);
    }

    private static (FlowSet Flows, (double Parse, double Translate) Times) Translate(byte[] bytes)
    {
        long start = Stopwatch.GetTimestamp();
        ViewLoadResult loaded = ViewJson.Read(bytes);
        double parse = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        start = Stopwatch.GetTimestamp();
        ComposedView composed = HostViewComposer.Compose(loaded.Document!, null, LocalOvsState.NotLive).Composed!;
        Translation translation = Translator.Translator.Translate(composed.View);
        var flows = FlowSet.Of(translation.Flows.Select(f => f.Flow));
        return (flows, (parse, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
    }

    /// <summary>sw0 with VIFs p1, p2 (ofports 1, 2) and <paramref name="acls"/> ACL flows; <paramref name="variant"/> changes the first one's port.</summary>
    internal static ViewDocument View(int acls, int variant)
    {
        var stage = Stages.LsInAcl;
        var flows = ImmutableArray.CreateBuilder<LogicalFlow>(acls + 4);
        flows.Add(LogicalFlow.Create(1, Stages.LsInCheckPortSec, 0, "1", "next;", "bench"));
        flows.Add(LogicalFlow.Create(1, stage, 0, "1", "next;", "bench"));
        flows.Add(LogicalFlow.Create(1, Stages.LsInL2Lkup, 50, "eth.dst == 50:54:00:00:00:01", "outport = \"p1\"; output;", "bench"));
        flows.Add(LogicalFlow.Create(1, Stages.LsInL2Lkup, 50, "eth.dst == 50:54:00:00:00:02", "outport = \"p2\"; output;", "bench"));
        for (int i = 0; i < acls; i++)
        {
            int port = i == 0 ? 1000 + variant : 1 + (i % 60000);
            flows.Add(LogicalFlow.Create(1, stage, 1000 + (i % 1000), $"ip4.src == 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255} && tcp.dst == {port}", "next;", "bench"));
        }

        var network = new LogicalNetwork(1, [new DatapathBinding(1, "sw0", DatapathKind.Switch)],
            [new PortBinding("p1", 1, 1, "", null, ValueArray.Create("50:54:00:00:00:01 10.0.0.1"), ValueArray<string>.Empty),
             new PortBinding("p2", 1, 2, "", null, ValueArray.Create("50:54:00:00:00:02 10.0.0.2"), ValueArray<string>.Empty)],
            [new MulticastGroup(1, Keys.McFloodName, Keys.McFlood, ValueArray.Create("p1", "p2"))], [], [], flows.MoveToImmutable());
        return new ViewDocument("hv1", "192.168.0.1", [], [new ViewBinding("p1", "hv1", 1), new ViewBinding("p2", "hv1", 2)], network);
    }
}
