using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Overlay.Agent.Configuration;
using Overlay.Agent.Diagnostics;
using Overlay.Agent.State;
using Overlay.Agent.View;

namespace Overlay.Agent.Services;

/// <summary>
/// Publishes the view: the <c>--view</c> file when it can be read, else at once the cached view. The file is
/// re-read when it changes (FileSystemWatcher, with a periodic check as backstop for missed events); a file
/// that does not parse is refused and the current view kept.
/// </summary>
public sealed class ViewSourceService(AgentState state, IOptions<AgentOptions> options, TimeProvider time, ILogger<ViewSourceService> logger) : BackgroundService
{
    private readonly AgentOptions _options = options.Value;
    private readonly ViewCache _cache = new(options.Value.CacheDir);
    private byte[]? _lastHash;
    private (long Length, DateTime Written)? _lastSignature;
    private bool _reportedGone;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Northd is not null)
            return; // SouthboundService is the view source.
        string? path = _options.ViewFile is { } v ? Path.GetFullPath(v) : null;
        if (path is null)
        {
            PublishCache(null, "no --view given");
            return;
        }

        if (!TryPublishFile(path, out string? why))
            PublishCache(path, why ?? "unreadable");

        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using FileSystemWatcher? watcher = Watch(path, changes.Writer);
        using var poll = new PeriodicTimer(_options.ViewPollInterval, time);
        Task<bool> tick = poll.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            Task<bool> changed = changes.Reader.WaitToReadAsync(stoppingToken).AsTask();
            Task first = await Task.WhenAny(changed, tick).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
                break;
            if (first == tick)
            {
                tick = poll.WaitForNextTickAsync(stoppingToken).AsTask();
                if (!SignatureChanged(path))
                    continue;
            }
            else
            {
                changes.Reader.TryRead(out _);
            }

            TryPublishFile(path, out _);
        }
    }

    private bool TryPublishFile(string path, out string? why)
    {
        byte[] bytes;
        try
        {
            _lastSignature = Signature(path);
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = e.Message;
            if (state.View.Value is not null && !_reportedGone)
            {
                AgentLog.ViewSourceGone(logger, path, e.Message);
                _reportedGone = true;
            }

            return false;
        }

        _reportedGone = false;
        byte[] hash = SHA256.HashData(bytes);
        if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash))
        {
            why = null;
            return true; // Touched but not changed.
        }

        ViewLoadResult result = ViewJson.Read(bytes);
        _lastHash = hash;
        if (!result.Ok)
        {
            why = string.Join("; ", result.Problems);
            AgentLog.ViewRejected(logger, path, why);
            return false;
        }

        Publish(new ViewInput(result.Document!, ViewOrigin.File, path));
        why = null;
        return true;
    }

    private void PublishCache(string? viewPath, string reason)
    {
        if (state.View.Value is not null)
            return; // A refused or missing file never replaces a view already in use.
        ViewLoadResult cached = _cache.Load();
        if (!cached.Ok)
        {
            AgentLog.NoView(logger, $"{reason}; {string.Join("; ", cached.Problems)}");
            return;
        }

        AgentLog.ViewFromCache(logger, viewPath ?? "(none)", reason, _cache.FilePath);
        Publish(new ViewInput(cached.Document!, ViewOrigin.Cache, _cache.FilePath));
    }

    private void Publish(ViewInput input)
    {
        var n = input.Document.Network;
        AgentLog.ViewLoaded(logger, input.Path, input.Origin.ToString().ToLowerInvariant(), n.Revision, n.Datapaths.Length, n.Ports.Length, n.Flows.Length);
        state.View.Set(input);
    }

    private bool SignatureChanged(string path)
    {
        (long, DateTime)? now = Signature(path);
        return now is not null && now != _lastSignature;
    }

    private static (long Length, DateTime Written)? Signature(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
    }

    private static FileSystemWatcher? Watch(string path, ChannelWriter<bool> changes)
    {
        string? dir = Path.GetDirectoryName(path);
        if (dir is null || !Directory.Exists(dir))
            return null; // The periodic check still notices the file once it appears.
        var watcher = new FileSystemWatcher(dir, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        void Signal(object? sender, FileSystemEventArgs e) => changes.TryWrite(true);
        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Renamed += (s, e) => changes.TryWrite(true);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
