using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Overlay.Agent.Tests.Support;

/// <summary>One log line the agent wrote.</summary>
internal sealed record LogLine(int EventId, LogLevel Level, string Category, string Message)
{
    public override string ToString() => $"[{EventId} {Level}] {Message}";
}

/// <summary>Collects the agent's log lines so tests can assert on event ids and wait for them (bounded).</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();
    private readonly SemaphoreSlim _signal = new(0);

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public IEnumerable<LogLine> WithId(int eventId) => _lines.Where(l => l.EventId == eventId);

    public async Task<LogLine> WaitForAsync(int eventId, Func<LogLine, bool>? predicate = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            LogLine? hit = _lines.FirstOrDefault(l => l.EventId == eventId && (predicate?.Invoke(l) ?? true));
            if (hit is not null)
                return hit;
            try
            {
                await _signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no log event {eventId} within the bound; log so far:\n{string.Join("\n", _lines)}");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _signal.Dispose();

    private void Add(LogLine line)
    {
        _lines.Enqueue(line);
        _signal.Release();
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogLine(eventId.Id, logLevel, category, formatter(state, exception)));
    }
}
