using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Overlay.TestSupport;

namespace Overlay.Contracts.Tests;

/// <summary>An in-process Kestrel gRPC server on 127.0.0.1 and a free port, with the given endpoints mapped.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly LoopbackGrpcServer server;

    private TestServer(LoopbackGrpcServer server, LogSink logs)
    {
        this.server = server;
        Logs = logs;
    }

    public Uri Address => server.Address;

    public LogSink Logs { get; }

    /// <summary>"127.0.0.1:PORT", the form gRPC targets take.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public static async Task<TestServer> StartAsync(Action<WebApplication> map)
    {
        var logs = new LogSink();
        return new TestServer(await LoopbackGrpcServer.StartAsync(map, logs: logs, minimumLevel: LogLevel.Debug), logs);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    /// <summary>Stops the server; calls still open when <paramref name="grace"/> runs out are aborted.</summary>
    public ValueTask DisposeAsync(TimeSpan grace) => server.StopAsync(grace);
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
