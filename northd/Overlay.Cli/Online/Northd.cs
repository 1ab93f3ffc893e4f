using Overlay.Cli.Commands;
using System.CommandLine;
using Overlay.Contracts.Wire;

namespace Overlay.Cli.Online;

/// <summary>What the CLI takes from its process: environment variables, whether stderr is a terminal, the clock.</summary>
public sealed record CliEnvironment(Func<string, string?> Variable, bool ErrorIsTerminal, TimeProvider Time)
{
    /// <summary>The real process; stderr counts as a terminal only when it is the console and not redirected.</summary>
    public static CliEnvironment ForProcess(TextWriter error) =>
        new(Environment.GetEnvironmentVariable, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected, TimeProvider.System);
}

/// <summary>--db URL (or $OVERLAY_DB, default http://127.0.0.1:6641): where overlay-northd's NB API is.</summary>
public static class DbOption
{
    public const string Default = "http://127.0.0.1:6641";
    public const string Variable = "OVERLAY_DB";

    internal static Option<string?> Create() => new("--db")
    {
        Description = $"overlay-northd's address (h2c). Default: ${Variable}, else {Default}.",
        HelpName = "URL",
    };

    /// <summary>The address to use, or null after printing why the given one is unusable.</summary>
    public static Uri? Resolve(string? value, CliEnvironment env, TextWriter error)
    {
        string from = value is not null ? "--db" : env.Variable(Variable) is { Length: > 0 } ? Variable : "default";
        string text = value ?? (env.Variable(Variable) is { Length: > 0 } v ? v : Default);
        // "127.0.0.1:6641" is what people type after reading --listen; take it as http://.
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0)
            return uri;
        error.WriteLine($"overlay: {from}: '{value ?? env.Variable(Variable)}' is not a northd address; expected http://HOST:PORT (e.g. {Default})");
        return null;
    }
}

/// <summary>A connection to northd's NB API, and how its failures are told to people.</summary>
internal sealed class NorthdConnection : IDisposable
{
    private readonly GrpcChannel channel;

    private NorthdConnection(Uri address)
    {
        channel = new GrpcChannel(address);
        Client = new NorthboundClient(channel);
    }

    public Uri Address => channel.Address;

    public NorthboundClient Client { get; }

    private static string NameCommand(string line, IReadOnlyList<IReadOnlyList<string>>? commands)
    {
        const string prefix = "command:";
        if (commands is null || !line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        int colon = line.IndexOf(": ", prefix.Length, StringComparison.Ordinal);
        if (colon < 0 || !int.TryParse(line.AsSpan(prefix.Length, colon - prefix.Length), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1 || n > commands.Count)
            return line;
        return string.Join(" ", commands[n - 1].Select(Overlay.Northd.Compiler.Nb.NbQuoting.Shell)) + line[colon..];
    }

    public static NorthdConnection? Connect(string? db, CliEnvironment env, TextWriter error) =>
        DbOption.Resolve(db, env, error) is { } uri ? new NorthdConnection(uri) : null;

    public void Dispose() => channel.Dispose();

    /// <summary>
    /// Prints a failed call: one clear line, InvalidArgument problems one per line. Northd points a problem at
    /// "command:N" (the N-th command sent); given the <paramref name="commands"/>, that becomes the command itself.
    /// Returns the exit code.
    /// </summary>
    public int Fail(RpcException e, TextWriter error, IReadOnlyList<IReadOnlyList<string>>? commands = null)
    {
        switch (e.Status)
        {
            case StatusCode.Unavailable:
                string reason = e.Detail.StartsWith($"cannot reach {Address}: ", StringComparison.Ordinal) ? e.Detail[$"cannot reach {Address}: ".Length..] : e.Detail;
                error.WriteLine($"overlay: cannot reach overlay-northd at {Address.GetLeftPart(UriPartial.Authority)} ({reason}); " +
                    $"start it with 'overlay-northd --listen {Address.Host}:{Address.Port}' or point --db / ${DbOption.Variable} at a running one");
                break;
            case StatusCode.InvalidArgument:
                foreach (var line in e.Detail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    error.WriteLine($"overlay: {NameCommand(line, commands)}");
                break;
            case StatusCode.Unimplemented:
                error.WriteLine($"overlay: northd at {Address.GetLeftPart(UriPartial.Authority)} does not serve this call ({e.Detail}); is it an overlay-northd of the same version?");
                break;
            default:
                error.WriteLine($"overlay: {(e.Detail.Length > 0 ? e.Detail : e.Status.ToString())}");
                break;
        }
        return ExitCodes.BadInput;
    }
}
