using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Overlay.Northd;

/// <summary>
/// overlay-northd's settings (configuration section <c>Northd</c>, command-line options override it).
/// Settable so the options pattern can bind and copy them; validated once at start.
/// </summary>
public sealed record NorthdOptions
{
    public const string Section = "Northd";

    /// <summary>ADDRESS:PORT for both gRPC services over h2c; port 0 picks a free one.</summary>
    public string Listen { get; set; } = "127.0.0.1:6641";

    /// <summary>Where the embedded store keeps its journal and snapshots.</summary>
    public string DataDir { get; set; } = "/var/lib/overlay-northd";

    /// <summary>The store: only "embedded" (a journal in DataDir) for now.</summary>
    public string Store { get; set; } = "embedded";

    /// <summary>How long a subscription may stay silent before northd sends a heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Updates queued for one subscriber before northd drops them and resyncs it with a full update.</summary>
    public int SubscriberQueueLimit { get; set; } = 64;

    /// <summary>Revisions kept in memory so a reconnecting agent can get a delta instead of a full snapshot.</summary>
    public int HistoryLength { get; set; } = 256;

    /// <summary>Journal bytes written since the last snapshot that trigger a new snapshot (compaction).</summary>
    public long CompactionThresholdBytes { get; set; } = 16L << 20;

    /// <summary>Largest request message accepted, in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 16 << 20;

    /// <summary>Minimum level of the console log.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>Copies every setting onto <paramref name="target"/> (the options pattern configures an instance it created).</summary>
    internal void CopyTo(NorthdOptions target)
    {
        target.Listen = Listen;
        target.DataDir = DataDir;
        target.Store = Store;
        target.HeartbeatInterval = HeartbeatInterval;
        target.SubscriberQueueLimit = SubscriberQueueLimit;
        target.HistoryLength = HistoryLength;
        target.CompactionThresholdBytes = CompactionThresholdBytes;
        target.MaxRequestBytes = MaxRequestBytes;
        target.LogLevel = LogLevel;
    }

    /// <summary>The listen address as an endpoint ("localhost" means 127.0.0.1), or null when it is not ADDRESS:PORT.</summary>
    internal IPEndPoint? ListenEndPoint()
    {
        string text = Listen.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + Listen["localhost".Length..] : Listen;
        return IPEndPoint.TryParse(text, out var ep) && text.Contains(':') && !text.EndsWith(']') ? ep : null;
    }
}

/// <summary>Checks every setting at start and reports all bad ones at once.</summary>
public sealed class NorthdOptionsValidator : IValidateOptions<NorthdOptions>
{
    public static readonly string[] Stores = ["embedded"];

    public ValidateOptionsResult Validate(string? name, NorthdOptions o)
    {
        var problems = new List<string>();
        if (o.ListenEndPoint() is null)
            problems.Add($"Listen: '{o.Listen}' is not ADDRESS:PORT (e.g. 127.0.0.1:6641, [::1]:6641, 0.0.0.0:6641)");
        if (string.IsNullOrWhiteSpace(o.DataDir))
            problems.Add("DataDir: must name a directory");
        if (!Stores.Contains(o.Store, StringComparer.Ordinal))
            problems.Add($"Store: '{o.Store}' is not supported; choose one of: {string.Join(", ", Stores)}");
        if (o.HeartbeatInterval <= TimeSpan.Zero)
            problems.Add($"HeartbeatInterval: {o.HeartbeatInterval} must be positive");
        if (o.SubscriberQueueLimit < 1)
            problems.Add($"SubscriberQueueLimit: {o.SubscriberQueueLimit} must be at least 1");
        if (o.HistoryLength < 1)
            problems.Add($"HistoryLength: {o.HistoryLength} must be at least 1");
        if (o.CompactionThresholdBytes < 1)
            problems.Add($"CompactionThresholdBytes: {o.CompactionThresholdBytes} must be positive");
        if (o.MaxRequestBytes < 1024)
            problems.Add($"MaxRequestBytes: {o.MaxRequestBytes} must be at least 1024");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
