using Overlay.Cli.Commands;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Online;

/// <summary>Runs an nbctl verb line against northd: check the words here, send them as one transaction, then --wait.</summary>
internal static class NbctlCommand
{
    public static async Task<int> RunAsync(NbctlLine line, TextWriter output, TextWriter error, CliEnvironment env, CancellationToken ct)
    {
        if (line.Error is not null)
        {
            error.WriteLine($"overlay: {line.Error}");
            return ExitCodes.BadInput;
        }
        // The same parser northd uses: a bad verb, option or argument is named before anything is sent.
        var commands = line.Commands();
        bool bad = false;
        foreach (var words in commands)
        {
            if (words.Count == 0) { error.WriteLine("overlay: empty command between '--' separators"); bad = true; continue; }
            foreach (var d in NbScript.ParseArguments(words).Diagnostics)
            {
                error.WriteLine($"overlay: {d}");
                bad = true;
            }
        }
        if (bad) return ExitCodes.BadInput;

        using var northd = NorthdConnection.Connect(line.Db, env, error);
        if (northd is null) return ExitCodes.BadInput;
        var request = new TransactRequest { DryRun = line.DryRun };
        foreach (var words in commands) request.Commands.Add(new Command { Args = { words } });
        try
        {
            var reply = await northd.Client.TransactAsync(request, line.Timeout, ct);
            if (line.DryRun)
            {
                foreach (var o in reply.Output) output.WriteLine(o);
                error.WriteLine(reply.Changed
                    ? "overlay: dry run: the transaction is valid and would change the database; nothing was written"
                    : "overlay: dry run: the transaction is valid and changes nothing");
                return ExitCodes.Ok;
            }
            // As ovn-nbctl: wait only when something changed (use 'overlay --wait=hv sync' to wait regardless).
            if (line.Wait == WaitFor.WaitNone || !reply.Changed) return ExitCodes.Ok;
            return await new WaitProgress(northd, error, env).WaitAsync(reply.Revision, line.Wait, line.Timeout, ct);
        }
        catch (RpcException e)
        {
            return northd.Fail(e, error, commands);
        }
    }
}
