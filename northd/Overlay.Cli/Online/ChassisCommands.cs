using Overlay.Cli.Commands;
using System.CommandLine;
using Command = System.CommandLine.Command;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;

namespace Overlay.Cli.Online;

/// <summary>chassis-list, chassis-del and sync: the hosts northd knows, and waiting for them.</summary>
internal static class ChassisCommands
{
    public static IEnumerable<Command> Create(CliEnvironment env)
    {
        yield return List(env);
        yield return Delete(env);
        yield return Sync(env);
    }

    /// <summary>Every chassis with its status (Wait for an already compiled revision returns at once with it) and bound ports.</summary>
    public static async Task<(long Revision, List<ChassisRow> Rows)> RowsAsync(OnlineCall call)
    {
        var sb = await call.SouthboundAsync();
        var status = await call.Northd.Client.WaitAsync(new WaitRequest { Revision = sb.Revision, Wait = WaitFor.WaitSb }, OnlineCall.Deadline, call.Ct);
        var ports = sb.PortBindings.Where(p => p.Chassis.Length > 0).ToLookup(p => p.Chassis, p => p.Name, StringComparer.Ordinal);
        var names = status.Chassis.Select(c => c.Name).Concat(sb.Chassis.Select(c => c.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var rows = names.Select(n =>
        {
            var s = status.Chassis.FirstOrDefault(c => c.Name == n);
            var c = sb.Chassis.FirstOrDefault(c => c.Name == n);
            return new ChassisRow(n, s?.EncapIp is { Length: > 0 } ip ? ip : c?.EncapIp ?? "", s?.Connected ?? false, s?.InstalledRevision ?? 0,
                ports[n].Order(StringComparer.Ordinal).ToList());
        }).ToList();
        return (sb.Revision, rows);
    }

    private static Command List(CliEnvironment env)
    {
        var format = OnlineCommand.Format("{revision, chassis: [{name, encap_ip, connected, installed_revision, ports}]}.");
        return OnlineCommand.Create("chassis-list",
            "List the chassis (hosts running overlay-agent) northd knows: name, Geneve encap IP, whether its agent is connected now, " +
            "the last revision it reported installed, and the logical ports bound to it.\nExamples:\n  overlay chassis-list\n  overlay chassis-list -o json",
            env, async call =>
            {
                var (revision, rows) = await RowsAsync(call);
                call.Output.Write(call.Parse.GetValue(format) == "json" ? NbJson.Write(NbJson.Chassis(revision, rows)) : NbJson.ChassisTable(rows));
                return ExitCodes.Ok;
            }, format);
    }

    private static Command Delete(CliEnvironment env)
    {
        var name = new Argument<string>("CHASSIS") { Description = "The chassis name (its OVS system-id)." };
        var ifExists = new Option<bool>("--if-exists") { Description = "No error if northd does not know the chassis." };
        return OnlineCommand.Create("chassis-del",
            "Forget a chassis taken out of service: its port bindings are released. A chassis that is merely disconnected keeps its ports " +
            "(so a restart moves nothing); this is how to take them away.\nExample:\n  overlay chassis-del hv3",
            env, async call =>
            {
                var chassis = call.Parse.GetValue(name)!;
                try
                {
                    await call.Northd.Client.DeleteChassisAsync(new DeleteChassisRequest { Name = chassis, IfExists = call.Parse.GetValue(ifExists) }, OnlineCall.Deadline, call.Ct);
                }
                catch (RpcException e) when (e.Status == StatusCode.NotFound)
                {
                    call.Error.WriteLine($"overlay: chassis-del: {chassis}: no such chassis (--if-exists ignores this)");
                    return ExitCodes.BadInput;
                }
                return ExitCodes.Ok;
            }, name, ifExists);
    }

    private static Command Sync(CliEnvironment env)
    {
        var wait = new Option<string>("--wait") { Description = "sb: until northd compiled the current revision; hv: until every chassis installed it.", HelpName = "sb|hv", DefaultValueFactory = _ => "sb" };
        wait.AcceptOnlyFromAmong("sb", "hv");
        var timeout = new Option<double?>("--timeout") { Description = "Give up after this many seconds.", HelpName = "SECONDS" };
        return OnlineCommand.Create("sync",
            "Wait until the current NB revision is compiled (--wait=sb) or installed on every chassis (--wait=hv), whatever changed it. " +
            "With hv, stderr shows which chassis are still behind.\nExamples:\n  overlay --wait=hv sync\n  overlay sync --wait=hv --timeout 30",
            env, async call =>
            {
                var sb = await call.SouthboundAsync();
                var db = await call.Northd.Client.GetDatabaseAsync(new GetDatabaseRequest(), OnlineCall.Deadline, call.Ct);
                var kind = call.Parse.GetValue(wait) == "hv" ? WaitFor.WaitHv : WaitFor.WaitSb;
                var seconds = call.Parse.GetValue(timeout);
                return await new WaitProgress(call.Northd, call.Error, call.Env)
                    .WaitAsync(Math.Max(sb.Revision, db.Revision), kind, seconds is { } s ? TimeSpan.FromSeconds(s) : null, call.Ct);
            }, wait, timeout);
    }
}
