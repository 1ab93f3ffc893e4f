namespace Overlay.Ovsdb.Tests.Integration;

/// <summary>
/// A private ovsdb-server on a fresh vswitch database in a temp directory, initialised like OVS's startup script
/// (<c>ovs-vsctl init</c>). Stopped by its pidfile and the directory removed on dispose, also when start-up fails.
/// </summary>
public class OvsdbServerFixture : IAsyncLifetime
{
    public const string SchemaPath = "/usr/share/openvswitch/vswitch.ovsschema";

    private DirectoryInfo? _dir;
    private int? _tcpPort;

    public string Dir => _dir?.FullName ?? throw new InvalidOperationException("fixture not started");

    public string SocketPath => Path.Combine(Dir, "db.sock");

    public string Remote => "unix:" + SocketPath;

    /// <summary>The same server over TCP on loopback.</summary>
    public string TcpRemote => $"tcp:127.0.0.1:{_tcpPort}";

    protected IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OVS_RUNDIR"] = Dir,
        ["OVS_DBDIR"] = Dir,
        ["OVS_LOGDIR"] = Dir,
    };

    public virtual async Task InitializeAsync()
    {
        OvsTools.EnsureInstalled();
        _dir = Directory.CreateTempSubdirectory("ovldb-");
        try
        {
            OvsTools.Run("ovsdb-tool", ["create", Path.Combine(Dir, "conf.db"), SchemaPath], Environment);
            OvsTools.Run("ovsdb-server", ServerArguments(), Environment);
            await OvsTools.WaitUntilAsync(() => File.Exists(SocketPath), TimeSpan.FromSeconds(10), $"ovsdb-server socket {SocketPath}");
            // ptcp:0 picks a free port, which only the log reveals ("... listening on port N").
            await OvsTools.WaitUntilAsync(() => (_tcpPort = ReadListeningPort()) is not null, TimeSpan.FromSeconds(10), "ovsdb-server TCP port in its log");
            OvsTools.Run("ovs-vsctl", ["--db=" + Remote, "--timeout=20", "--no-wait", "init"], Environment);
            await StartMoreAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_dir is null)
            return;
        await StopMoreAsync();
        await OvsTools.StopFromPidFileAsync(Path.Combine(Dir, "ovsdb-server.pid"), Dir);
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A daemon still writing its log; the directory is in /tmp and uniquely named.
        }
        _dir = null;
    }

    /// <summary>Runs ovs-vsctl against this database and returns its trimmed output. Without an ovs-vswitchd it
    /// passes --no-wait, or every write would wait for a reconfiguration that never comes.</summary>
    public string Vsctl(params string[] arguments) =>
        OvsTools.Run("ovs-vsctl", ["--db=" + Remote, "--timeout=20", .. HasSwitch ? Array.Empty<string>() : ["--no-wait"], .. arguments], Environment).Trim();

    protected virtual bool HasSwitch => false;

    public Task<OvsdbClient> ConnectAsync() => OvsdbClient.ConnectAsync(Remote);

    private int? ReadListeningPort()
    {
        string log = Path.Combine(Dir, "ovsdb-server.log");
        if (!File.Exists(log))
            return null;
        using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var match = System.Text.RegularExpressions.Regex.Match(reader.ReadToEnd(), @"listening on port (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    protected virtual Task StartMoreAsync() => Task.CompletedTask;

    protected virtual Task StopMoreAsync() => Task.CompletedTask;

    protected virtual string[] ServerArguments() =>
    [
        Path.Combine(Dir, "conf.db"),
        "--remote=punix:" + SocketPath,
        "--remote=ptcp:0:127.0.0.1",
        "--pidfile=" + Path.Combine(Dir, "ovsdb-server.pid"),
        "--log-file=" + Path.Combine(Dir, "ovsdb-server.log"),
        "-vconsole:off",
        "--detach",
        "--no-chdir",
    ];
}
