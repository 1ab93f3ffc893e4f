namespace Overlay.Northd.Compiler.Nb;

/// <summary>Lowest-free allocation of tunnel keys in [min, max]; deterministic, reuses released keys.</summary>
internal sealed class KeyAllocator
{
    private readonly HashSet<uint> used;
    private readonly uint min;
    private readonly uint max;
    private uint floor; // every key below floor is in use

    public KeyAllocator(IEnumerable<uint> used, uint min, uint max)
    {
        this.used = [.. used];
        this.min = min;
        this.max = max;
        floor = min;
    }

    public uint? Allocate()
    {
        while (floor <= max && used.Contains(floor)) floor++;
        if (floor > max) return null;
        used.Add(floor);
        return floor++;
    }

    public void Release(uint key)
    {
        if (used.Remove(key) && key < floor) floor = key;
    }
}
