using Overlay.Cli.Commands;
using System.CommandLine;
using Command = System.CommandLine.Command;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Api;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Online;

/// <summary>What an online command's body gets: the connection, the writers and its parse result.</summary>
internal sealed record OnlineCall(NorthdConnection Northd, ParseResult Parse, TextWriter Output, TextWriter Error, CliEnvironment Env, CancellationToken Ct)
{
    public async Task<NbDatabase> DatabaseAsync() =>
        NbProto.FromProto(await Northd.Client.GetDatabaseAsync(new GetDatabaseRequest(), Deadline, Ct));

    public Task<SouthboundState> SouthboundAsync() => Northd.Client.GetSouthboundAsync(new GetSouthboundRequest(), Deadline, Ct);

    /// <summary>Reads are quick; a hung northd should not hang the CLI.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
}

/// <summary>Declares a command that talks to northd: adds --db, connects, maps call failures to one clear message.</summary>
internal static class OnlineCommand
{
    public static Command Create(string name, string description, CliEnvironment env, Func<OnlineCall, Task<int>> body, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        var db = DbOption.Create();
        command.Options.Add(db);
        foreach (var s in symbols)
        {
            if (s is Option o) command.Options.Add(o);
            else if (s is Argument a) command.Arguments.Add(a);
        }
        command.SetAction((parse, ct) => RunAsync(parse, db, env, body, ct));
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parse, Option<string?> db, CliEnvironment env, Func<OnlineCall, Task<int>> body, CancellationToken ct)
    {
        var error = parse.InvocationConfiguration.Error;
        using var northd = NorthdConnection.Connect(parse.GetValue(db), env, error);
        if (northd is null) return ExitCodes.BadInput;
        try
        {
            return await body(new OnlineCall(northd, parse, parse.InvocationConfiguration.Output, error, env, ct));
        }
        catch (RpcException e)
        {
            return northd.Fail(e, error);
        }
        catch (FormatException e)
        {
            error.WriteLine($"overlay: northd at {northd.Address.GetLeftPart(UriPartial.Authority)} sent data this CLI cannot read ({e.Message}); are both the same version?");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>-o table|json; the JSON shape is described in the help of each read command.</summary>
    public static Option<string> Format(string jsonShape)
    {
        var o = OutputFormat.Create();
        o.Description = "Output format: table (ovn-nbctl layout) or json: " + jsonShape;
        return o;
    }
}
