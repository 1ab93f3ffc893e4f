using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Overlay.Agent.Ovs;
using Overlay.Agent.Southbound;
using Overlay.Agent.State;
using Overlay.Agent.Sync;
using Overlay.Agent.View;
using Overlay.Contracts.Sb;
using Overlay.Logical;
using Overlay.OpenFlow;
using LogicalFlow = Overlay.Logical.LogicalFlow;

namespace Overlay.Agent.Bench;

/// <summary>
/// The agent's path for a one-logical-flow Southbound delta on a big table, against a real switch: apply the
/// delta to the replica → view → compose → incremental translation → flow set → diff → one bundle → barrier.
/// Same network as <see cref="ViewChangeBenchmark"/> (N ACL logical flows, one OpenFlow flow each). The cache
/// write that follows each update (off the install path) is timed separately.
/// </summary>
public static class SouthboundDeltaBenchmark
{
    public static async Task<string> RunAsync(OpenFlowConnection of, int acls, int runs, CancellationToken ct)
    {
        ViewDocument view = ViewChangeBenchmark.View(acls, 0);
        var full = new Update { Revision = 1, Full = true };
        full.Chassis.Add(new Chassis { Name = "hv1", EncapIp = "192.168.0.1" });
        full.Datapaths.AddRange(view.Network.Datapaths.Select(SbConvert.ToProto));
        full.PortBindings.AddRange(view.Network.Ports.Select(p => SbConvert.ToProto(p, "hv1")));
        full.MulticastGroups.AddRange(view.Network.MulticastGroups.Select(SbConvert.ToProto));
        full.LogicalFlows.AddRange(view.Network.Flows.Select(SbConvert.ToProto));
        var ovs = new LocalOvsState(true, new ChassisIdentity("hv1", "192.168.0.1"),
            ImmutableSortedDictionary.CreateRange<string, uint?>(StringComparer.Ordinal, [new("p1", 1), new("p2", 2)]),
            ImmutableSortedDictionary.Create<string, uint?>(StringComparer.Ordinal));

        var replica = new SouthboundReplica();
        var translator = new HostTranslator();
        var sync = new FlowSynchronizer(of);
        await sync.ReadInstalledAsync(ct);
        long start = Stopwatch.GetTimestamp();
        replica.Apply(full);
        FlowSet first = await DesiredAsync(replica, translator, ovs, null, ct);
        double fullTranslate = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        SyncOutcome initial = await sync.ApplyAsync(first, ct);
        if (!initial.Committed)
            throw new InvalidOperationException("initial install refused: " + initial.Bundle);

        var apply = new List<double>();
        var translate = new List<double>();
        var install = new List<double>();
        var total = new List<double>();
        var cache = new List<double>();
        string cacheDir = Directory.CreateTempSubdirectory("ovlag-bench-cache-").FullName;
        try
        {
            var viewCache = new ViewCache(cacheDir, ViewCache.SouthboundFileName);
            for (int run = 1; run <= runs + 1; run++)
            {
                var delta = new Update { Revision = run + 1 };
                delta.RemovedLogicalFlows.Add(FirstAcl(run - 1).Id);
                delta.LogicalFlows.Add(SbConvert.ToProto(FirstAcl(run)));
                LogicalNetwork before = replica.Network;
                start = Stopwatch.GetTimestamp();
                ReplicaChange change = replica.Apply(delta);
                double applied = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                long translateStart = Stopwatch.GetTimestamp();
                FlowSet desired = await DesiredAsync(replica, translator, ovs, new FlowChanges(before, change.FlowsAdded, change.FlowsRemoved), ct);
                double translated = Stopwatch.GetElapsedTime(translateStart).TotalMilliseconds;
                long installStart = Stopwatch.GetTimestamp();
                SyncOutcome outcome = await sync.ApplyAsync(desired, ct);
                double installed = Stopwatch.GetElapsedTime(installStart).TotalMilliseconds;
                double all = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!outcome.Committed || outcome.Diff.Count != 2)
                    throw new InvalidOperationException($"a one-lflow delta was {outcome.Diff} (committed={outcome.Committed})");
                long cacheStart = Stopwatch.GetTimestamp();
                viewCache.Save(replica.ToDocument("hv1", "192.168.0.1", replica.Revision));
                double cached = Stopwatch.GetElapsedTime(cacheStart).TotalMilliseconds;
                if (run == 1)
                    continue; // The first delta also waits for the background build of the incremental translator.
                apply.Add(applied);
                translate.Add(translated);
                install.Add(installed);
                total.Add(all);
                cache.Add(cached);
            }
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }

        // A binding change (p2's VIF re-plugged: ofport 2 → 3 and back) is translated in full; the one-lflow delta after
        // it waits for the incremental translator that is rebuilt in the background from the new view.
        LocalOvsState plugged = ovs;
        LocalOvsState replugged = ovs with
        {
            Vifs = ImmutableSortedDictionary.CreateRange<string, uint?>(StringComparer.Ordinal, [new("p1", 1), new("p2", 3)]),
        };
        var binding = new List<double>();
        var deltaAfterBinding = new List<double>();
        for (int move = 1; move <= 4; move++)
        {
            ovs = move % 2 == 1 ? replugged : plugged;
            start = Stopwatch.GetTimestamp();
            FlowSet rebound = await DesiredAsync(replica, translator, ovs, null, ct);
            binding.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!(await sync.ApplyAsync(rebound, ct)).Committed)
                throw new InvalidOperationException("binding change refused");

            int variant = runs + 1 + move;
            var delta = new Update { Revision = replica.Revision + 1 };
            delta.RemovedLogicalFlows.Add(FirstAcl(variant - 1).Id);
            delta.LogicalFlows.Add(SbConvert.ToProto(FirstAcl(variant)));
            LogicalNetwork before = replica.Network;
            start = Stopwatch.GetTimestamp();
            ReplicaChange change = replica.Apply(delta);
            FlowSet desired = await DesiredAsync(replica, translator, ovs, new FlowChanges(before, change.FlowsAdded, change.FlowsRemoved), ct);
            deltaAfterBinding.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            SyncOutcome outcome = await sync.ApplyAsync(desired, ct);
            if (!outcome.Committed || outcome.Diff.Count != 2)
                throw new InvalidOperationException($"a one-lflow delta after a binding change was {outcome.Diff} (committed={outcome.Committed})");
        }

        static double Median(List<double> xs)
        {
            double[] s = [.. xs.Order()];
            return s[s.Length / 2];
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            One logical flow changed by a Southbound delta, {acls} ACL logical flows ({first.Count} OpenFlow flows installed; the full update's translation took {fullTranslate:0} ms), median of {runs}:
            replica apply {Median(apply):0.0} ms + view/compose/incremental translate/flow set {Median(translate):0} ms + diff/bundle/barrier {Median(install):0} ms = {Median(total):0} ms from the delta to barrier-confirmed (1 delete + 1 add); then the cache write {Median(cache):0} ms (off the install path).
            Binding change (p2's VIF re-plugged, ofport 2 → 3 and back), {binding.Count} runs: view/compose/full translate/flow set median {Median(binding):0} ms (runs {string.Join(" / ", binding.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))}); the one-lflow delta right after it (waits for the incremental translator's background rebuild) median {Median(deltaAfterBinding):0} ms (runs {string.Join(" / ", deltaAfterBinding.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))}).

            """);
    }

    private static async Task<FlowSet> DesiredAsync(SouthboundReplica replica, HostTranslator translator, LocalOvsState ovs, FlowChanges? changes, CancellationToken ct)
    {
        ComposedView composed = HostViewComposer.Compose(replica.ToDocument("hv1", "192.168.0.1"), null, ovs).Composed!;
        HostTranslation t = await translator.TranslateAsync(composed.View, changes, ct);
        return t.Flows;
    }

    /// <summary>The first ACL of <see cref="ViewChangeBenchmark.View"/> for <paramref name="variant"/>.</summary>
    private static LogicalFlow FirstAcl(int variant) =>
        LogicalFlow.Create(1, Stages.LsInAcl, 1000, $"ip4.src == 10.0.0.0 && tcp.dst == {1000 + variant}", "next;", "bench");
}
