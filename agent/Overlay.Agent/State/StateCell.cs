namespace Overlay.Agent.State;

/// <summary>
/// A value one loop publishes and others wait on: every <see cref="Set"/> bumps the version and wakes the
/// waiters, who then read the latest value (intermediate values may be skipped, which is what a
/// reconciler wants).
/// </summary>
public sealed class StateCell<T>
{
    private readonly Lock _lock = new();
    private T _value;
    private long _version;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateCell(T initial) => _value = initial;

    public T Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    public (T Value, long Version) Read()
    {
        lock (_lock)
        {
            return (_value, _version);
        }
    }

    public void Set(T value)
    {
        TaskCompletionSource woken;
        lock (_lock)
        {
            _value = value;
            _version++;
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }

    /// <summary>Changes the value with <paramref name="update"/> under the lock (for concurrent writers).</summary>
    public void Update(Func<T, T> update)
    {
        TaskCompletionSource woken;
        lock (_lock)
        {
            _value = update(_value);
            _version++;
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }

    /// <summary>Completes once the version differs from <paramref name="seenVersion"/> (at once if it already does).</summary>
    public Task ChangedSince(long seenVersion)
    {
        lock (_lock)
        {
            return _version != seenVersion ? Task.CompletedTask : _next.Task;
        }
    }

    /// <summary>Waits (bounded by <paramref name="cancellationToken"/>) until <paramref name="condition"/> holds for the current value.</summary>
    public async Task<T> WaitUntilAsync(Func<T, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            (T value, long version) = Read();
            if (condition(value))
                return value;
            await ChangedSince(version).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
