using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Overlay.TestSupport;

/// <summary>
/// Overlay on a <see cref="MultiHostSandbox"/>: one <c>overlay-northd</c> (embedded store in <c>RUNDIR/northd</c>,
/// listening on 127.0.0.1) and one <c>overlay-agent</c> per host, all in the root namespace (an agent reaches its
/// host's OVS through the unix sockets in the host's run directory), plus the <c>overlay</c> CLI against northd.
/// Processes are started, killed and restarted by PID; the sandbox's cleanup stops whatever is left.
/// </summary>
public sealed class OverlayDeployment
{
    private readonly Dictionary<string, ManagedProcess> _agents = new(StringComparer.Ordinal);

    public OverlayDeployment(MultiHostSandbox sandbox, int? northdPort = null)
    {
        Sandbox = sandbox;
        NorthdPort = northdPort ?? FreePort();
        NorthdUrl = $"http://127.0.0.1:{NorthdPort.ToString(CultureInfo.InvariantCulture)}";
        Northd = sandbox.DefineProcess("northd", OverlayBinaries.Dotnet,
            [OverlayBinaries.Northd, "--listen", $"127.0.0.1:{NorthdPort.ToString(CultureInfo.InvariantCulture)}", "--data-dir", Path.Combine(sandbox.RunDir, "northd")]);
        foreach (SimHost host in sandbox.Hosts)
        {
            _agents[host.Name] = sandbox.DefineProcess($"agent-{host.Name}", OverlayBinaries.Dotnet,
            [
                OverlayBinaries.Agent, "--northd", NorthdUrl, "--ovsdb", host.Ovsdb, "--openflow", host.OpenFlow,
                "--bridge", "br-int", "--datapath-type", "netdev", "--cache-dir", Path.Combine(host.RunDir, "agent"),
            ]);
        }
    }

    public MultiHostSandbox Sandbox { get; }

    public int NorthdPort { get; }

    public string NorthdUrl { get; }

    public ManagedProcess Northd { get; }

    public ManagedProcess Agent(string host) => _agents[host];

    public IEnumerable<ManagedProcess> Agents => _agents.Values;

    /// <summary>Starts northd and waits (bounded) until its port accepts connections.</summary>
    public void StartNorthd(TimeSpan? timeout = null)
    {
        Northd.Start();
        WaitListening(timeout ?? TimeSpan.FromSeconds(30));
    }

    public void StartAgents()
    {
        foreach (ManagedProcess agent in _agents.Values)
            agent.Start();
    }

    /// <summary><c>overlay --db URL ARGS</c>, bounded; exit code not checked.</summary>
    public ProcessRunner.Result Cli(params string[] args) => CliWithTimeout(TimeSpan.FromSeconds(60), args);

    public ProcessRunner.Result CliWithTimeout(TimeSpan timeout, params string[] args) =>
        ProcessRunner.Run(OverlayBinaries.Dotnet, [OverlayBinaries.Cli, "--db", NorthdUrl, .. args], timeout: timeout);

    /// <summary><c>overlay --db URL ARGS</c>; throws with the CLI's output if it fails. Returns stdout.</summary>
    public string CliOk(params string[] args) => Cli(args).EnsureSuccess("overlay " + string.Join(' ', args)).Stdout;

    /// <summary>
    /// The commands of an ovn-nbctl script (one command per line, <c>ovn-nbctl</c> optional, <c>#</c> comments,
    /// shell quoting) chained with <c>--</c> into one word list: one transaction.
    /// </summary>
    public static IReadOnlyList<string> ScriptWords(string path)
    {
        var words = new List<string>();
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            List<string> w = SplitShell(line);
            if (w is ["ovn-nbctl", ..])
                w.RemoveAt(0);
            if (w.Count == 0)
                continue;
            if (words.Count > 0)
                words.Add("--");
            words.AddRange(w);
        }

        return words;
    }

    /// <summary>Words of one shell-quoted line ('single', "double", backslash escapes).</summary>
    public static List<string> SplitShell(string line)
    {
        var words = new List<string>();
        var cur = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(cur.ToString());
                cur.Clear();
                inWord = false;
                continue;
            }

            inWord = true;
            if (c == '\'')
            {
                int end = line.IndexOf('\'', i + 1);
                if (end < 0)
                    throw new FormatException($"unterminated ' in: {line}");
                cur.Append(line, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; i < line.Length && line[i] != '"'; i++)
                    cur.Append(line[i] == '\\' && i + 1 < line.Length ? line[++i] : line[i]);
                if (i >= line.Length)
                    throw new FormatException($"unterminated \" in: {line}");
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                cur.Append(line[++i]);
            }
            else
            {
                cur.Append(c);
            }
        }

        if (inWord)
            words.Add(cur.ToString());
        return words;
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public bool NorthdListening()
    {
        try
        {
            using var c = new TcpClient();
            return c.ConnectAsync(IPAddress.Loopback, NorthdPort).Wait(TimeSpan.FromSeconds(1)) && c.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    private void WaitListening(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!NorthdListening())
        {
            if (!Northd.IsRunning)
                throw new InvalidOperationException($"overlay-northd exited during start:\n{Northd.LogTail()}");
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"overlay-northd did not listen on {NorthdUrl} within {timeout.TotalSeconds:0} s:\n{Northd.LogTail()}");
            Thread.Sleep(50);
        }
    }
}
