using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Overlay.TestSupport;

namespace Overlay.Northd.Tests.Interop;

/// <summary>
/// Python stubs generated once per test class: Debian's python3-grpc-tools runs protoc over
/// contracts/Overlay.Contracts/Protos/*.proto into a temporary directory, next to the client script.
/// Fails (never skips) with what to install when /usr/bin/python3, grpcio or grpc_tools is missing.
/// </summary>
public sealed class PythonStubs : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private const string Install = "run deploy/install-deps.sh (as root) to install Debian's python3-grpcio and python3-grpc-tools";

    public PythonStubs()
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} is missing: {Install}");
        var check = ProcessRunner.Run(Python,
            ["-c", "import os, grpc, grpc_tools, google.protobuf; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))"],
            Environment(), Bound);
        if (check.ExitCode != 0)
            throw new InvalidOperationException($"{Python} cannot import grpc / grpc_tools ({check.Stderr.Trim()}): {Install}");
        string protoInclude = check.Stdout.Trim();

        Dir = Directory.CreateTempSubdirectory("overlay-northd-pyinterop-").FullName;
        string contracts = RepoRoot.Combine("contracts", "Overlay.Contracts");
        var protoc = ProcessRunner.Run(Python,
        [
            "-m", "grpc_tools.protoc", "-I", contracts, "-I", protoInclude, "--python_out=" + Dir, "--grpc_python_out=" + Dir,
            Path.Combine(contracts, "Protos", "northbound.proto"), Path.Combine(contracts, "Protos", "southbound.proto"),
        ], Environment(), Bound);
        if (protoc.ExitCode != 0)
        {
            Dispose();
            throw new InvalidOperationException($"grpc_tools.protoc failed ({protoc.ExitCode}): {protoc.Stderr.Trim()} {protoc.Stdout.Trim()}");
        }
        foreach (string module in new[] { "northbound_pb2.py", "northbound_pb2_grpc.py", "southbound_pb2.py", "southbound_pb2_grpc.py" })
        {
            if (!File.Exists(Path.Combine(Dir, "Protos", module)))
            {
                Dispose();
                throw new InvalidOperationException($"grpc_tools.protoc did not generate Protos/{module}");
            }
        }
        Script = Path.Combine(Dir, "northd_client.py");
        File.WriteAllText(Script, NorthdPythonScript.Text);
    }

    /// <summary>Where the generated Protos/*_pb2*.py modules and the client script are.</summary>
    public string Dir { get; }

    public string Script { get; }

    public static IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["PYTHONUTF8"] = "1",
        ["PYTHONIOENCODING"] = "utf-8",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["PYTHONNOUSERSITE"] = "1",
        // grpc core would otherwise route through a proxy named in the environment.
        ["no_grpc_proxy"] = "*",
        ["http_proxy"] = "",
        ["https_proxy"] = "",
        ["grpc_proxy"] = "",
    };

    /// <summary>host:port as grpc's python channel wants it.</summary>
    public static string Target(Uri address) => $"{address.Host}:{address.Port}";

    /// <summary>Runs the steps on one python channel (bounded; killed on timeout); one parsed line per step.</summary>
    public async Task<IReadOnlyList<JsonElement>> CallsAsync(Uri address, params object[] steps)
    {
        string json = JsonSerializer.Serialize(steps);
        var result = await Task.Run(() => ProcessRunner.Run(Python, [Script, Dir, "calls", Target(address), json], Environment(), Bound));
        Assert.True(result.ExitCode == 0, $"python client failed ({result.ExitCode}): {result.Stderr}\n{result.Stdout}");
        var lines = Lines(result.Stdout);
        Assert.True(lines.Count == steps.Length, $"python printed {lines.Count} results for {steps.Length} steps: {result.Stdout}\n{result.Stderr}");
        return lines;
    }

    /// <summary>Starts a python Subscribe stream (bounded by <paramref name="timeout"/> on the python side too).</summary>
    public PythonSubscriber Subscribe(Uri address, string chassis, string encapIp, string[] ifaceIds, TimeSpan timeout) =>
        new(Script, [Dir, "subscribe", Target(address), chassis, encapIp, string.Join(',', ifaceIds),
            timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    private static List<JsonElement> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>A python client process holding a Subscribe stream; its lines are read in the background. Killed on dispose.</summary>
public sealed class PythonSubscriber : IDisposable
{
    private readonly Process process;
    private readonly Channel<JsonElement> lines = Channel.CreateUnbounded<JsonElement>();
    private readonly Task<string> stderr;
    private readonly Task reader;

    internal PythonSubscriber(string script, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(PythonStubs.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in PythonStubs.Environment()) psi.Environment[k] = v;
        process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the python subscriber");
        stderr = process.StandardError.ReadToEndAsync();
        reader = Task.Run(async () =>
        {
            try
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                    if (line.Length > 0) lines.Writer.TryWrite(JsonDocument.Parse(line).RootElement.Clone());
                lines.Writer.TryComplete();
            }
            catch (Exception e)
            {
                lines.Writer.TryComplete(e);
            }
        });
    }

    public int Pid => process.Id;

    /// <summary>The next line the script printed (an update or the end), within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await lines.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"python subscriber printed nothing within {timeout}; stderr so far: {StderrSoFar()}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"python subscriber exited: {await stderr.WaitAsync(TimeSpan.FromSeconds(5))}");
        }
    }

    /// <summary>Asks the script to cancel its call; returns its "end" line and waits (bounded) for it to exit 0.</summary>
    public async Task<JsonElement> CancelAsync(TimeSpan timeout)
    {
        await process.StandardInput.WriteLineAsync("cancel");
        await process.StandardInput.FlushAsync();
        var clock = Stopwatch.StartNew();
        TimeSpan Left() => timeout - clock.Elapsed > TimeSpan.Zero ? timeout - clock.Elapsed : TimeSpan.Zero;
        while (true)
        {
            var line = await NextAsync(Left());
            if (line.TryGetProperty("end", out _))
            {
                using var cts = new CancellationTokenSource(Left());
                await process.WaitForExitAsync(cts.Token);
                await reader.WaitAsync(TimeSpan.FromSeconds(5));
                Assert.True(process.ExitCode == 0, $"python subscriber exited {process.ExitCode}: {StderrSoFar()}");
                return line;
            }
        }
    }

    private string StderrSoFar() => stderr.IsCompleted ? stderr.Result : "(still running)";

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }
}
