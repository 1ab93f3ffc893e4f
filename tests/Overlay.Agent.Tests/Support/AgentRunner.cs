using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Overlay.Agent.Configuration;
using Overlay.Agent.State;
using Overlay.Agent.View;

namespace Overlay.Agent.Tests.Support;

/// <summary>
/// Runs the real agent host in-process with test settings (short intervals, a temp view file and cache
/// directory) and gives tests its state and log. Every wait is bounded.
/// </summary>
internal sealed class AgentRunner : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly IHost _host;

    private AgentRunner(IHost host, LogCapture log, string viewFile)
    {
        _host = host;
        Log = log;
        ViewFile = viewFile;
    }

    public LogCapture Log { get; }

    public string ViewFile { get; }

    public AgentState State => _host.Services.GetRequiredService<AgentState>();

    /// <summary>Starts an agent; <paramref name="dir"/> holds the view file (view.json) and the cache (cache/).</summary>
    /// <param name="beforeStart">Runs on the built host's services before it starts (e.g. to listen to its meter).</param>
    public static async Task<AgentRunner> StartAsync(string dir, string openFlow, string ovsdb = AgentOptions.NoOvsdb, Action<AgentOptions>? configure = null, Action<IServiceProvider>? beforeStart = null)
    {
        var log = new LogCapture();
        string viewFile = Path.Combine(dir, "view.json");
        IHost host = AgentHost.Build(
            o =>
            {
                o.ViewFile = viewFile;
                o.OpenFlow = openFlow;
                o.Ovsdb = ovsdb;
                o.CacheDir = Path.Combine(dir, "cache");
                o.AuditInterval = TimeSpan.FromHours(1);
                o.ViewPollInterval = TimeSpan.FromMilliseconds(200);
                o.ReconnectMin = TimeSpan.FromMilliseconds(50);
                o.ReconnectMax = TimeSpan.FromMilliseconds(400);
                o.TunnelPortWait = TimeSpan.FromSeconds(10);
                configure?.Invoke(o);
            },
            logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Debug));
        beforeStart?.Invoke(host.Services);
        await host.StartAsync().WaitAsync(Bound);
        return new AgentRunner(host, log, viewFile);
    }

    /// <summary>
    /// Listens to this host's "Overlay.Agent" meter only (other agents run in parallel tests in this process):
    /// instruments are matched by the host's IMeterFactory, which is every meter's scope.
    /// </summary>
    public static System.Diagnostics.Metrics.MeterListener Listen(IServiceProvider services, Action<string, double, string?> measured)
    {
        object scope = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == Diagnostics.AgentMetrics.MeterName && ReferenceEquals(i.Meter.Scope, scope))
                    l.EnableMeasurementEvents(i);
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measured(i.Name, v, Op(tags)));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measured(i.Name, v, Op(tags)));
        listener.Start();
        return listener;
    }

    private static string? Op(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var t in tags)
        {
            if (t.Key == "op")
                return t.Value as string;
        }

        return null;
    }

    /// <summary>Writes a view file the way a careful producer does: temp file, then rename.</summary>
    public static void WriteView(string dir, ViewDocument view)
    {
        string temp = Path.Combine(dir, ".view.json.tmp");
        File.WriteAllBytes(temp, ViewJson.Write(view));
        File.Move(temp, Path.Combine(dir, "view.json"), overwrite: true);
    }

    public async Task<DesiredState> DesiredAsync(Func<DesiredState, bool>? condition = null) =>
        (await WaitAsync(State.Desired, d => d is not null && (condition?.Invoke(d) ?? true)))!;

    /// <summary>Waits until the switch side has installed generation <paramref name="generation"/> or later.</summary>
    public Task<SwitchStatus> InstalledAsync(long generation) => WaitAsync(State.Switch, s => s.InstalledGeneration >= generation);

    public async Task<T> WaitAsync<T>(StateCell<T> cell, Func<T, bool> condition)
    {
        using var cts = new CancellationTokenSource(Bound);
        try
        {
            return await cell.WaitUntilAsync(condition, cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"condition not reached within {Bound}; value {cell.Value}; log:\n{string.Join("\n", Log.Lines)}");
        }
    }

    /// <summary>Polls (every 20 ms, bounded) for a condition no event announces, such as a file written after a publish.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{what} did not appear within {Bound}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().WaitAsync(Bound);
        _host.Dispose();
        Log.Dispose();
    }
}
