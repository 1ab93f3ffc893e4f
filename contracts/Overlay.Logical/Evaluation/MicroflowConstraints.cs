namespace Overlay.Logical.Evaluation;

/// <summary>
/// The bits a microflow has fixed so far: per storage a value under a mask, and the port names.
/// Adding a constraint that disagrees with a fixed bit fails.
/// </summary>
internal sealed class MicroflowConstraints
{
    private readonly Dictionary<string, (UInt128 Value, UInt128 Mask)> bits;
    private readonly Dictionary<string, string> ports;

    public MicroflowConstraints() : this(new(StringComparer.Ordinal), new(StringComparer.Ordinal)) { }

    private MicroflowConstraints(Dictionary<string, (UInt128, UInt128)> bits, Dictionary<string, string> ports)
    {
        this.bits = bits;
        this.ports = ports;
    }

    public MicroflowConstraints Clone() => new(new(bits, StringComparer.Ordinal), new(ports, StringComparer.Ordinal));

    public bool AddBits(string storage, UInt128 value, UInt128 mask)
    {
        value &= mask;
        if (bits.TryGetValue(storage, out var old))
        {
            UInt128 common = old.Mask & mask;
            if ((old.Value & common) != (value & common)) return false;
            bits[storage] = (old.Value | value, old.Mask | mask);
        }
        else
        {
            bits[storage] = (value, mask);
        }
        return true;
    }

    public bool AddPort(string field, string name)
    {
        if (ports.TryGetValue(field, out var old)) return old == name;
        ports[field] = name;
        return true;
    }

    public bool Covers(string storage, UInt128 mask) =>
        mask == 0 || (bits.TryGetValue(storage, out var b) && (b.Mask & mask) == mask);

    public bool HasPort(string field) => ports.ContainsKey(field);

    /// <summary>The packet: constrained bits as fixed, every other bit zero (as ovn-trace does).</summary>
    public PacketState Build(SymbolTable table)
    {
        var p = PacketState.Empty(table);
        foreach (var (storage, (value, mask)) in bits) p = p.SetStorage(storage, value, mask);
        foreach (var (field, name) in ports) p = p.SetPort(field, name);
        return p;
    }
}
