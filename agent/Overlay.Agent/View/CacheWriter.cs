using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Overlay.Agent.Diagnostics;

namespace Overlay.Agent.View;

/// <summary>
/// Writes the latest posted view to its cache file off the caller's loop: serializing a large view takes long
/// enough to delay the next plan. Intermediate views are skipped and an unchanged file is not rewritten.
/// </summary>
public sealed class CacheWriter(ViewCache cache, ILogger logger)
{
    private readonly Channel<ViewDocument> _pending =
        Channel.CreateBounded<ViewDocument>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private byte[]? _written;

    public ViewCache Cache => cache;

    public void Post(ViewDocument document) => _pending.Writer.TryWrite(document);

    /// <summary>No more posts: <see cref="RunAsync"/> ends once the last one is written.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    public async Task RunAsync()
    {
        await foreach (ViewDocument document in _pending.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                byte[] bytes = ViewJson.Write(document);
                if (_written is not null && bytes.AsSpan().SequenceEqual(_written))
                    continue;
                cache.SaveBytes(bytes);
                _written = bytes;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                AgentLog.CacheWriteFailed(logger, cache.FilePath, e.Message);
            }
        }
    }
}
