using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow;

/// <summary>A request waiting for its reply (or, for multipart requests, all reply parts).</summary>
internal sealed class PendingRequest(bool multipart)
{
    private readonly List<OfpMessage> _parts = [];

    public TaskCompletionSource<IReadOnlyList<OfpMessage>> Completion { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds a reply; returns true when the request is complete.</summary>
    public bool Add(OfpMessage reply)
    {
        _parts.Add(reply);
        bool more = multipart && reply is IMultipartReply { Flags: var f } && f.HasFlag(MultipartFlags.More);
        if (!more)
        {
            Completion.TrySetResult(_parts);
        }

        return !more;
    }
}

/// <summary>Collects errors for messages that have no reply on success (bundle adds).</summary>
internal sealed class ErrorWatch
{
    private readonly List<(int Index, ErrorMessage Error)> _errors = [];
    private readonly Lock _lock = new();

    public void Add(int index, ErrorMessage error)
    {
        lock (_lock)
        {
            _errors.Add((index, error));
        }
    }

    public IReadOnlyList<(int Index, ErrorMessage Error)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _errors];
        }
    }
}
