using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Overlay.Northd.Store;

namespace Overlay.Northd;

public static class Program
{
    private const string About = """
        overlay-northd: the Overlay control plane daemon.

        Serves two gRPC services (h2c, one port):
          Northbound  what `overlay` (the CLI) uses: NB transactions, reads, --wait
          Southbound  what every overlay-agent subscribes to: the logical flows of its datapaths
        Every NB transaction and chassis report is written to the store (fsync) before it is
        acknowledged, then compiled to logical flows and streamed to the agents that need them.

        Settings come from, strongest first: these options, environment variables
        OVERLAY_NORTHD__<SETTING> (e.g. OVERLAY_NORTHD__LISTEN=0.0.0.0:6641), the JSON file given
        with --config (section "Northd"), then the defaults shown below. Extra settings without an
        option: HeartbeatInterval, SubscriberQueueLimit, HistoryLength, CompactionThresholdBytes,
        MaxRequestBytes.

        Examples:
          overlay-northd --data-dir /var/lib/overlay-northd
          overlay-northd --listen 0.0.0.0:6641 --log-level debug
          overlay --db http://127.0.0.1:6641 ls-add sw0      # then talk to it with the CLI
        """;

    public static async Task<int> Main(string[] args)
    {
        var listen = new Option<string>("--listen")
        {
            Description = "ADDRESS:PORT to serve both services on (h2c); port 0 picks a free port. Default 127.0.0.1:6641.",
            HelpName = "address:port",
        };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory of the embedded store (journal and snapshots); created if missing. Default /var/lib/overlay-northd.",
            HelpName = "dir",
        };
        var store = new Option<string>("--store")
        {
            Description = "Where NB state is kept: 'embedded' (a journal in --data-dir; the only choice for now).",
            HelpName = "kind",
        };
        store.AcceptOnlyFromAmong(NorthdOptionsValidator.Stores);
        var logLevel = new Option<LogLevel?>("--log-level")
        {
            Description = "Least severe log messages shown (trace, debug, information, warning, error, critical, none). Default information.",
            HelpName = "level",
        };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "Optional JSON settings file; its \"Northd\" section holds the same settings as these options.",
            HelpName = "file",
        };
        var root = new RootCommand(About) { listen, dataDir, store, logLevel, config };
        root.SetAction(async (parse, ct) =>
        {
            var builder = new ConfigurationBuilder();
            if (parse.GetValue(config) is { } file)
            {
                if (!file.Exists)
                {
                    Console.Error.WriteLine($"overlay-northd: --config {file.FullName}: no such file");
                    return 2;
                }
                builder.AddJsonFile(file.FullName, optional: false);
            }
            builder.AddEnvironmentVariables("OVERLAY_");
            var options = new NorthdOptions();
            try
            {
                builder.Build().GetSection(NorthdOptions.Section).Bind(options);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"overlay-northd: bad setting: {e.Message}");
                return 2;
            }
            if (parse.GetValue(listen) is { } l) options.Listen = l;
            if (parse.GetValue(dataDir) is { } d) options.DataDir = d;
            if (parse.GetValue(store) is { } s) options.Store = s;
            if (parse.GetValue(logLevel) is { } level) options.LogLevel = level;
            return await RunAsync(options, ct).ConfigureAwait(false);
        });
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(NorthdOptions options, CancellationToken ct)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        NorthdServer server;
        try
        {
            server = await NorthdServer.StartAsync(options, ct).ConfigureAwait(false);
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) Console.Error.WriteLine($"overlay-northd: {failure}");
            Console.Error.WriteLine("overlay-northd: see --help");
            return 2;
        }
        catch (Exception e) when (e is StoreLockedException or StoreCorruptException or IOException or UnauthorizedAccessException
            or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Console.Error.WriteLine($"overlay-northd: cannot start: {e.Message}");
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            await Task.WhenAny(stop.Task, server.Stopping).ConfigureAwait(false);
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return 0;
    }
}
