using Overlay.Cli.Apply;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Tests.Apply;

/// <summary>
/// Planner property over random databases (fixed seed): for every ordered pair, the plan passes the same
/// transaction northd runs, lands on the target content, moves no surviving key, and planning again is empty.
/// </summary>
public class RandomPlanTests
{
    private static readonly string[] Switches = ["s1", "s2", "s3"];
    private static readonly string[] Routers = ["r1", "r2"];
    private static readonly string[] Ports = ["p1", "p2", "p3", "p4", "p5"];
    private static readonly string[] RouterPorts = ["rp1", "rp2", "rp3"];
    private static readonly string[] Networks = ["10.1.0.1/24", "10.2.0.1/24", "10.3.0.1/24"];

    private static string Pick(Random r, string[] from) => from[r.Next(from.Length)];

    private static string RandomCommand(Random r)
    {
        string sw = Pick(r, Switches), lr = Pick(r, Routers), p = Pick(r, Ports), rp = Pick(r, RouterPorts);
        int n = r.Next(1, 9);
        return r.Next(22) switch
        {
            0 or 1 => $"ls-add {sw}",
            2 => $"lr-add {lr}",
            3 or 4 or 5 => $"lsp-add {sw} {p}",
            6 => $"lsp-set-addresses {p} \"50:54:00:00:00:0{n} 10.1.0.{n}\"",
            7 => $"lsp-set-port-security {p} \"50:54:00:00:00:0{n}\"",
            8 => $"lsp-set-enabled {p} {(n % 2 == 0 ? "disabled" : "enabled")}",
            9 => $"lsp-add {sw} {p} -- lsp-set-type {p} router -- lsp-set-addresses {p} router -- lsp-set-options {p} router-port={rp}",
            10 or 11 => $"lrp-add {lr} {rp} 00:00:00:00:ff:0{n} {Pick(r, Networks)}" + (n % 3 == 0 ? $" peer={Pick(r, RouterPorts)}" : ""),
            12 => $"lr-route-add {lr} 192.168.{n}.0/24 10.{r.Next(1, 4)}.0.254" + (n % 2 == 0 ? $" {rp}" : ""),
            13 => $"--may-exist lr-route-add {lr} 192.168.{n % 3}.0/24 10.{r.Next(1, 4)}.0.{n}",
            14 => $"create Address_Set name=a{n % 2} addresses=10.0.0.{n}",
            15 => $"pg-add g{n % 2} {p}",
            16 => $"pg-set-ports g{n % 2} {p} {Pick(r, Ports)}",
            17 => $"acl-add {(n % 2 == 0 ? sw : "g" + n % 2)} {(n % 3 == 0 ? "from-lport" : "to-lport")} {n % 3} '{(n % 4 == 0 ? "ip4" : "ip6")}' {(n % 5 == 0 ? "drop" : "allow")}",
            18 => $"lsp-del {p}",
            19 => $"lrp-del {rp}",
            20 => n % 2 == 0 ? $"ls-del {sw}" : $"lr-del {lr}",
            _ => n % 2 == 0 ? $"pg-del g{n % 2}" : $"destroy Address_Set a{n % 2}",
        };
    }

    private static NbDatabase Steps(NbDatabase db, Random r, int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            var applied = NbScript.Apply(db, RandomCommand(r), "random.nbctl");
            if (applied.Ok) db = applied.Database!;
        }
        return db;
    }

    private static List<NbDatabase> Databases()
    {
        var r = new Random(20261121);
        var result = new List<NbDatabase> { NbDatabase.Empty };
        for (int i = 0; i < 14; i++) result.Add(Steps(NbDatabase.Empty, r, 60));
        return result;
    }

    [Fact]
    public void Small_edits_plan_back_and_forth_keeping_keys()
    {
        // Near neighbours are where key stability matters: an operator edits a file that mostly stays the same.
        var r = new Random(7);
        int checkedPairs = 0;
        foreach (var db in Databases())
            for (int k = 0; k < 10; k++)
            {
                var edited = Steps(db, r, 4);
                foreach (var (from, to) in new[] { (db, edited), (edited, db) })
                {
                    var plan = NbPlanner.Plan(from, to);
                    var problems = NbPlanCheck.Verify(from, to, plan);
                    Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nfrom:\n" + NbScriptWriter.Write(from) + "\nto:\n" + NbScriptWriter.Write(to) + "\nplan:\n" + plan.Script);
                    checkedPairs += plan.IsEmpty ? 0 : 1;
                }
            }
        Assert.True(checkedPairs >= 150, $"only {checkedPairs} non-empty plans");
    }

    [Fact]
    public void Every_pair_plans_to_the_target_without_moving_surviving_keys()
    {
        var dbs = Databases();
        // The generator must produce varied databases for this to mean anything.
        Assert.True(dbs.Count(d => d.Switches.Count > 0 && d.Routers.Count > 0) >= 5);
        Assert.True(dbs.Sum(d => d.Switches.Values.Sum(s => s.Ports.Count)) >= 20);
        Assert.Contains(dbs, d => d.PortGroups.Values.Any(g => g.Acls.Count > 0));
        Assert.Contains(dbs, d => d.Routers.Values.Any(x => x.StaticRoutes.Count > 0));
        int nonEmpty = 0;
        foreach (var from in dbs)
            foreach (var to in dbs)
            {
                var plan = NbPlanner.Plan(from, to);
                var problems = NbPlanCheck.Verify(from, to, plan);
                Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nfrom:\n" + NbScriptWriter.Write(from) + "\nto:\n" + NbScriptWriter.Write(to) + "\nplan:\n" + plan.Script);
                if (plan.IsEmpty) continue;
                nonEmpty++;
                var (commands, _) = NbScript.ParseArguments(plan.ChainedWords());
                var result = NbTransaction.Apply(from, commands).Database!;
                Assert.True(NbPlanner.Plan(result, to).IsEmpty);
            }
        Assert.True(nonEmpty >= 150);
    }
}
