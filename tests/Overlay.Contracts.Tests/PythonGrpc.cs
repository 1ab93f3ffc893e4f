using System.Diagnostics;
using Overlay.Contracts.Wire;
using Overlay.TestSupport;

namespace Overlay.Contracts.Tests;

/// <summary>
/// A real gRPC implementation to test against: Debian's python3-grpcio. Its protobuf is too old for our generated
/// code, so both scripts move raw bytes (hex on the command line and stdout) and the C# side encodes and checks them.
/// </summary>
public static class PythonGrpc
{
    public const string Python = "/usr/bin/python3";
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Fails (never skips) with what to install when grpcio is missing.</summary>
    public static void Require()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3 and python3-grpcio (deploy install-deps)");
        var check = ProcessRunner.Run(Python, ["-c", "import grpc; print(grpc.__version__)"], Environment(), Bound);
        Assert.True(check.ExitCode == 0,
            $"{Python} cannot import grpc ({check.Stderr.Trim()}): install Debian's python3-grpcio (deploy install-deps)");
    }

    public static IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["PYTHONUTF8"] = "1",
        ["PYTHONIOENCODING"] = "utf-8",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        // grpc core would otherwise route through a proxy named in the environment.
        ["no_grpc_proxy"] = "*",
        ["http_proxy"] = "",
        ["https_proxy"] = "",
        ["grpc_proxy"] = "",
    };

    public static string WriteScript(string directory, string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Python's status names: FailedPrecondition is FAILED_PRECONDITION.</summary>
    public static string PythonName(StatusCode status) => status == StatusCode.OK
        ? "OK"
        : string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    /// <summary>The lines a client run printed: messages as bytes and the final status.</summary>
    public sealed record ClientResult(IReadOnlyList<byte[]> Messages, string Status, string Details);

    public static ClientResult ParseClientOutput(ProcessRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, $"python client failed ({result.ExitCode}): {result.Stderr}");
        var messages = new List<byte[]>();
        foreach (string line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("MSG ", StringComparison.Ordinal))
                messages.Add(Convert.FromHexString(line[4..].Trim()));
            else if (line.StartsWith("STATUS ", StringComparison.Ordinal))
            {
                string rest = line[7..];
                int space = rest.IndexOf(' ');
                return space < 0
                    ? new ClientResult(messages, rest.Trim(), "")
                    : new ClientResult(messages, rest[..space], System.Text.Encoding.UTF8.GetString(Convert.FromHexString(rest[(space + 1)..].Trim())));
            }
        }
        throw new Xunit.Sdk.XunitException($"python client printed no status: {result.Stdout} {result.Stderr}");
    }

    /// <summary>A python gRPC server child process; stops when its stdin closes, killed if it does not.</summary>
    public sealed class Server : IDisposable
    {
        private readonly Process process;

        private Server(Process process, int port)
        {
            this.process = process;
            Port = port;
        }

        public int Port { get; }

        public Uri Address => new($"http://127.0.0.1:{Port}");

        public static async Task<Server> StartAsync(string script, IEnumerable<string> args)
        {
            var psi = new ProcessStartInfo(Python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(script);
            foreach (string a in args)
                psi.ArgumentList.Add(a);
            foreach (var (k, v) in Environment())
                psi.Environment[k] = v;
            var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the python grpc server");
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                // Readiness: the script prints its bound port once the server is serving.
                string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(Bound);
                if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
                    throw new InvalidOperationException($"python grpc server did not start: {line} {await stderr.WaitAsync(TimeSpan.FromSeconds(5))}");
                return new Server(process, int.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture));
            }
            catch
            {
                Stop(process);
                throw;
            }
        }

        public void Dispose() => Stop(process);

        private static void Stop(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.StandardInput.Close();
                    if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
                        process.Kill(entireProcessTree: true);
                }
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            finally
            {
                process.Dispose();
            }
        }
    }
}
