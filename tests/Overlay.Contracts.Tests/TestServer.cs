using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Overlay.Contracts.Wire;

namespace Overlay.Contracts.Tests;

/// <summary>An in-process Kestrel gRPC server on 127.0.0.1 and a free port, with the given endpoints mapped.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool disposed;

    private TestServer(WebApplication app, Uri address, LogSink logs)
    {
        this.app = app;
        Address = address;
        Logs = logs;
    }

    public Uri Address { get; }

    public LogSink Logs { get; }

    /// <summary>"127.0.0.1:PORT", the form gRPC targets take.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public static async Task<TestServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.ListenH2c(new IPEndPoint(IPAddress.Loopback, 0)));
        var logs = new LogSink();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        var app = builder.Build();
        map(app);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(cts.Token);
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestServer(app, new Uri(url), logs);
    }

    public ValueTask DisposeAsync() => DisposeAsync(TimeSpan.FromSeconds(10));

    /// <summary>Stops the server; calls still open when <paramref name="grace"/> runs out are aborted.</summary>
    public async ValueTask DisposeAsync(TimeSpan grace)
    {
        if (disposed)
            return;
        disposed = true;
        using var cts = new CancellationTokenSource(grace);
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
    }
}

/// <summary>Collects log entries so tests can check what the server logged.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));
    }
}
