namespace Overlay.Agent.Translator;

/// <summary>
/// Counts additions to a bounded concurrent table, instead of asking <c>ConcurrentDictionary.Count</c> (which takes
/// every lock of the table) on each one. The count is of attempts, so the table never holds more than the capacity.
/// </summary>
internal sealed class Budget(int capacity)
{
    private int used;

    /// <summary>Records one addition; true when it goes past the capacity, and the caller should empty the table.</summary>
    public bool Spend()
    {
        if (capacity == int.MaxValue || Interlocked.Increment(ref used) <= capacity) return false;
        Volatile.Write(ref used, 0);
        return true;
    }

    public void Reset() => Volatile.Write(ref used, 0);
}
