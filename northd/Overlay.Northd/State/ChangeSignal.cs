namespace Overlay.Northd.State;

/// <summary>A level-free "something changed" signal: waiters take the current task and re-check their condition when it completes.</summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource current = New();

    public Task Next => Volatile.Read(ref current).Task;

    public void Fire() => Interlocked.Exchange(ref current, New()).TrySetResult();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
