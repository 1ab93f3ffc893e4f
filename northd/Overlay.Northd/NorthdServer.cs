using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;
using Overlay.Northd.Hosting;
using Overlay.Northd.Services;
using Overlay.Northd.State;
using Overlay.Northd.Store;

namespace Overlay.Northd;

/// <summary>
/// overlay-northd as an object: Kestrel (h2c) serving the Northbound and Southbound services on one port,
/// over the store in <see cref="NorthdOptions.DataDir"/>. The daemon's Program runs exactly this; tests start
/// it in-process with Listen "127.0.0.1:0" and a temporary data directory.
/// </summary>
public sealed class NorthdServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly NorthdCore core;
    private readonly INorthdStore store;
    private readonly ILogger logger;
    private int stopped;

    private NorthdServer(WebApplication app, NorthdCore core, INorthdStore store, Uri address)
    {
        this.app = app;
        this.core = core;
        this.store = store;
        Address = address;
        logger = core.CreateLogger("Overlay.Northd");
    }

    /// <summary>http://ADDRESS:PORT the server listens on (the real port when Listen asked for 0).</summary>
    public Uri Address { get; }

    /// <summary>The last committed revision.</summary>
    public long Revision => core.State.Revision;

    /// <summary>Subscribers that fell behind and were resynced with a full update, since start.</summary>
    public long Resyncs => core.Metrics.Resyncs;

    /// <summary>Open southbound subscriptions.</summary>
    public int Subscribers => core.Publisher.Count;

    /// <summary>Completes when the server has been stopped (or asked to stop).</summary>
    public Task Stopping => stoppingSignal.Task;

    private readonly TaskCompletionSource stoppingSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Validates the options, opens and replays the store, compiles, and starts listening.</summary>
    /// <exception cref="OptionsValidationException">Some option is invalid (every problem is listed).</exception>
    public static async Task<NorthdServer> StartAsync(NorthdOptions options, CancellationToken ct = default) =>
        await StartAsync(options, configureLogging: null, ct).ConfigureAwait(false);

    /// <summary><see cref="StartAsync(NorthdOptions, CancellationToken)"/> with the logging set up by the caller (the daemon).</summary>
    public static async Task<NorthdServer> StartAsync(NorthdOptions options, Action<ILoggingBuilder>? configureLogging, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton<IValidateOptions<NorthdOptions>, NorthdOptionsValidator>();
        builder.Services.AddOptions<NorthdOptions>().Configure(o => options.CopyTo(o)).ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<NorthdMetrics>();
        // The caller owns process signals (the daemon's Program handles SIGTERM; a test host must not).
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        // Subscriptions end at once on stop; only a stream stuck on a client that does not read waits this long.
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // Kestrel and routing log every request at Information; northd's own events say what matters.
        if (options.LogLevel > LogLevel.Debug) builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (configureLogging is not null) configureLogging(builder.Logging);
        else builder.Logging.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss.fff "; });

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var o = kestrel.ApplicationServices.GetRequiredService<IOptions<NorthdOptions>>().Value;
            kestrel.ListenH2c(o.ListenEndPoint()!);
            kestrel.AddServerHeader = false;
            // One agent holds one stream; many agents may share a connection through a proxy.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.MaxRequestBodySize = o.MaxRequestBytes + 5L;
        });

        var app = builder.Build();
        // Resolving the options runs the validator: bad options fail here, before the store is touched.
        var validated = app.Services.GetRequiredService<IOptions<NorthdOptions>>().Value;
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var metrics = app.Services.GetRequiredService<NorthdMetrics>();
        try
        {
            Directory.CreateDirectory(validated.DataDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create the data directory {validated.DataDir} (--data-dir): {e.Message}", e);
        }
        INorthdStore store = new JournalStore(validated.DataDir, loggers.CreateLogger<JournalStore>());
        NorthdCore core;
        try
        {
            core = await NorthdCore.OpenAsync(store, validated, metrics, loggers, ct).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Map(app, core, validated.MaxRequestBytes);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var address = ListeningAddress(app, validated);
        var server = new NorthdServer(app, core, store, address);
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            core.BeginShutdown();
            server.stoppingSignal.TrySetResult();
        });
        Log.Listening(server.logger, address.ToString(), validated.Store, validated.DataDir);
        return server;
    }

    /// <summary>Ends the subscriptions, stops listening, finishes a compaction in progress and closes the store.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0) return;
        Log.Stopping(logger);
        core.BeginShutdown();
        stoppingSignal.TrySetResult();
        try
        {
            await app.StopAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await core.DrainAsync().ConfigureAwait(false);
            await store.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static void Map(WebApplication app, NorthdCore core, int maxRequest)
    {
        var nb = new NorthboundService(core);
        var sb = new SouthboundService(core);
        app.MapGrpcUnary<TransactRequest, TransactReply>(Methods.Northbound.Transact, TransactRequest.Parser, nb.TransactAsync, maxRequest);
        app.MapGrpcUnary<GetDatabaseRequest, Database>(Methods.Northbound.GetDatabase, GetDatabaseRequest.Parser, nb.GetDatabaseAsync, maxRequest);
        app.MapGrpcUnary<GetSouthboundRequest, SouthboundState>(Methods.Northbound.GetSouthbound, GetSouthboundRequest.Parser, nb.GetSouthboundAsync, maxRequest);
        app.MapGrpcUnary<WaitRequest, WaitReply>(Methods.Northbound.Wait, WaitRequest.Parser, nb.WaitAsync, maxRequest);
        app.MapGrpcUnary<DeleteChassisRequest, DeleteChassisReply>(Methods.Northbound.DeleteChassis, DeleteChassisRequest.Parser, nb.DeleteChassisAsync, maxRequest);
        app.MapGrpcServerStreaming<SubscribeRequest, Update>(Methods.Southbound.Subscribe, SubscribeRequest.Parser, sb.SubscribeAsync, maxRequest);
        app.MapGrpcUnary<BindingReport, ReportReply>(Methods.Southbound.ReportBindings, BindingReport.Parser, sb.ReportBindingsAsync, maxRequest);
        app.MapGrpcUnary<InstalledReport, ReportReply>(Methods.Southbound.ReportInstalled, InstalledReport.Parser, sb.ReportInstalledAsync, maxRequest);
    }

    private static Uri ListeningAddress(WebApplication app, NorthdOptions options)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault();
        if (first is not null && Uri.TryCreate(first, UriKind.Absolute, out var uri))
            return uri;
        var ep = options.ListenEndPoint()!;
        return new Uri($"http://{(ep.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ep.Address}]" : ep.Address.ToString())}:{ep.Port}");
    }

    /// <summary>A host lifetime that installs no signal handlers.</summary>
    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
