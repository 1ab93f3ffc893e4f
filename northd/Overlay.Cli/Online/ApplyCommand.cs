using Overlay.Cli.Commands;
using System.CommandLine;
using Command = System.CommandLine.Command;
using Overlay.Cli.Apply;
using Overlay.Cli.Input;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Online;

/// <summary>
/// <c>overlay apply -f FILE.yaml</c>: make northd's database say what the file says. Reads the current
/// database, plans the commands (objects that stay keep their tunnel keys), prints the diff and sends the
/// commands as one transaction that northd refuses if the database moved on in between.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliEnvironment env)
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "The desired topology (YAML: switches, routers, address_sets, port_groups).", HelpName = "FILE.yaml", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the diff and the commands, have northd validate them, write nothing." };
        var wait = new Option<string?>("--wait") { Description = "After applying: sb = until compiled; hv = until every chassis installed it.", HelpName = "sb|hv" };
        wait.AcceptOnlyFromAmong("sb", "hv", "none");
        var timeout = new Option<double?>("--timeout") { Description = "With --wait: give up after this many seconds (the change stays committed).", HelpName = "SECONDS" };
        return OnlineCommand.Create("apply",
            "Make the network what a YAML file declares: objects missing from the file are deleted, new ones created, changed ones updated in place " +
            "(keeping their tunnel keys). Prints one +/~/- line per object, then sends every command as one transaction; a second apply of the same " +
            "file prints 'no changes' and writes nothing. If someone else changed the database in between, nothing is written: run apply again.\n" +
            "Examples:\n  overlay apply -f deploy/examples/two-tier.yaml --dry-run\n  overlay apply -f two-tier.yaml --wait=hv",
            env, call => RunAsync(call, call.Parse.GetValue(file)!, call.Parse.GetValue(dryRun), call.Parse.GetValue(wait),
                call.Parse.GetValue(timeout) is { } s ? TimeSpan.FromSeconds(s) : null),
            file, dryRun, wait, timeout);
    }

    private static async Task<int> RunAsync(OnlineCall call, FileInfo file, bool dryRun, string? wait, TimeSpan? timeout)
    {
        string text;
        try { text = await File.ReadAllTextAsync(file.FullName, call.Ct); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            call.Error.WriteLine($"overlay: cannot read {file}: {ex.Message}");
            return ExitCodes.BadInput;
        }
        // The file alone must be a valid network: every problem with file:line, before northd is asked anything.
        var desired = NbYaml.Load(text, file.ToString());
        if (desired.Database is null)
        {
            foreach (var d in desired.Diagnostics) call.Error.WriteLine(d.ToString());
            call.Error.WriteLine($"overlay: {file}: {desired.Diagnostics.Count} problem(s); nothing was applied");
            return ExitCodes.BadInput;
        }

        var current = await call.DatabaseAsync();
        var plan = NbPlanner.Plan(current, desired.Database);
        if (plan.IsEmpty)
        {
            call.Output.WriteLine($"no changes (revision {current.Revision})");
            return ExitCodes.Ok;
        }
        var problems = NbPlanCheck.Verify(current, desired.Database, plan);
        if (problems.Count > 0)
        {
            foreach (var p in problems) call.Error.WriteLine($"overlay: apply: internal error: {p}");
            call.Error.WriteLine("overlay: apply: nothing was sent; please report this with the file and 'overlay show -o json'");
            return ExitCodes.BadInput;
        }
        foreach (var change in plan.Changes) call.Output.WriteLine(change.ToString());
        if (dryRun)
        {
            call.Output.WriteLine();
            call.Output.Write(plan.Script);
        }
        call.Error.WriteLine($"overlay: {(dryRun ? "checking" : "applying")} {plan.Summary} on revision {current.Revision}");

        var request = new TransactRequest { ExpectedRevision = current.Revision, DryRun = dryRun };
        foreach (var words in plan.Commands) request.Commands.Add(new Overlay.Contracts.Nb.Command { Args = { words } });
        TransactReply reply;
        try
        {
            reply = await call.Northd.Client.TransactAsync(request, timeout, call.Ct);
        }
        catch (RpcException e) when (e.Status == StatusCode.FailedPrecondition)
        {
            call.Error.WriteLine($"overlay: apply: the database changed after it was read (was revision {current.Revision}: {e.Detail}); nothing was written. " +
                "Run the same apply again to plan against the new state.");
            return ExitCodes.BadInput;
        }
        catch (RpcException e)
        {
            return call.Northd.Fail(e, call.Error, plan.Commands);
        }
        if (dryRun)
        {
            call.Error.WriteLine("overlay: dry run: northd accepts these changes; nothing was written");
            return ExitCodes.Ok;
        }
        call.Error.WriteLine($"overlay: applied: revision {current.Revision} -> {reply.Revision} ({plan.Count('+')} added, {plan.Count('~')} changed, {plan.Count('-')} deleted)");
        var kind = wait switch { "sb" => WaitFor.WaitSb, "hv" => WaitFor.WaitHv, _ => WaitFor.WaitNone };
        if (kind == WaitFor.WaitNone || !reply.Changed) return ExitCodes.Ok;
        return await new WaitProgress(call.Northd, call.Error, call.Env).WaitAsync(reply.Revision, kind, timeout, call.Ct);
    }
}
