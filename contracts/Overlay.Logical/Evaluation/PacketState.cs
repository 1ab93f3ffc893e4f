using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;

namespace Overlay.Logical.Evaluation;

/// <summary>
/// One packet as the logical pipelines see it: a 128-bit value per atomic storage of a
/// <see cref="SymbolTable"/> (eth.src, xxreg0, flags ...) and the logical ports <c>inport</c> and
/// <c>outport</c> as names ("" when unset). Immutable: every write returns a new state.
/// Subfields and bit ranges (reg0 = xxreg0[96..127], xreg0[0..47]) read and write their storage's bits.
/// </summary>
public sealed class PacketState : IEquatable<PacketState>
{
    private readonly StorageLayout layout;
    private readonly ImmutableArray<UInt128> values;

    private PacketState(StorageLayout layout, ImmutableArray<UInt128> values, string inport, string outport)
    {
        this.layout = layout;
        this.values = values;
        Inport = inport;
        Outport = outport;
    }

    /// <summary>A packet with every field zero and no logical ports.</summary>
    public static PacketState Empty(SymbolTable table)
    {
        var layout = new StorageLayout(table);
        return new PacketState(layout, ImmutableArray.Create(new UInt128[layout.Count]), "", "");
    }

    public SymbolTable Symbols => layout.Table;

    public string Inport { get; }

    public string Outport { get; }

    /// <summary>Reads a numeric field or bit range; throws for unknown names, predicates and port fields.</summary>
    public UInt128 Get(FieldRef field)
    {
        var slot = layout.Resolve(field);
        return (values[slot.Index] >> slot.Offset) & Bits.Ones(slot.Width);
    }

    /// <summary>Writes a numeric field or bit range; bits of <paramref name="value"/> beyond its width are ignored.</summary>
    public PacketState Set(FieldRef field, UInt128 value)
    {
        var slot = layout.Resolve(field);
        UInt128 mask = Bits.Ones(slot.Width) << slot.Offset;
        return SetAt(slot.Index, (values[slot.Index] & ~mask) | ((value << slot.Offset) & mask));
    }

    /// <summary>Reads <c>inport</c> or <c>outport</c>: a port or multicast group name, "" when unset.</summary>
    public string GetPort(FieldRef field) => layout.PortOf(field) == PortField.Inport ? Inport : Outport;

    public PacketState SetPort(FieldRef field, string name) =>
        layout.PortOf(field) == PortField.Inport ? WithInport(name) : WithOutport(name);

    public PacketState WithInport(string name) => new(layout, values, name, Outport);

    public PacketState WithOutport(string name) => new(layout, values, Inport, name);

    /// <summary>The whole value of an atomic storage (e.g. "xxreg0", "eth.type").</summary>
    public UInt128 GetStorage(string storage) => values[layout.IndexOf(storage)];

    /// <summary>Replaces the bits of <paramref name="storage"/> selected by <paramref name="mask"/>.</summary>
    public PacketState SetStorage(string storage, UInt128 value, UInt128 mask)
    {
        int i = layout.IndexOf(storage);
        return SetAt(i, (values[i] & ~mask) | (value & mask));
    }

    public PacketState SetStorage(string storage, UInt128 value) => SetStorage(storage, value, UInt128.MaxValue);

    /// <summary>Atomic storages (port fields excluded), ordered by name.</summary>
    public IEnumerable<FieldStorage> Storages => layout.Storages;

    /// <summary>The storages whose value is not zero, ordered by name.</summary>
    public IEnumerable<KeyValuePair<string, UInt128>> NonZeroStorages()
    {
        for (int i = 0; i < values.Length; i++)
            if (values[i] != 0) yield return new(layout.Storages[i].Name, values[i]);
    }

    private PacketState SetAt(int index, UInt128 value) =>
        values[index] == value ? this : new PacketState(layout, values.SetItem(index, value), Inport, Outport);

    public bool Equals(PacketState? other) =>
        other is not null && ReferenceEquals(layout.Table, other.layout.Table)
        && Inport == other.Inport && Outport == other.Outport
        && values.AsSpan().SequenceEqual(other.values.AsSpan());

    public override bool Equals(object? obj) => obj is PacketState p && Equals(p);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Inport);
        h.Add(Outport);
        foreach (var v in values) h.Add(v);
        return h.ToHashCode();
    }

    /// <summary>For people and test messages: the ports and every non-zero storage in hex.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("inport=\"").Append(Inport).Append("\" outport=\"").Append(Outport).Append('"');
        foreach (var (name, v) in NonZeroStorages()) sb.Append(' ').Append(name).Append("=0x").Append(v.ToString("x"));
        return sb.ToString();
    }

    private enum PortField : byte { Inport, Outport }

    private readonly record struct Slot(int Index, int Offset, int Width);

    /// <summary>Where each storage lives in the value array, and how symbols map to storage bits.</summary>
    private sealed class StorageLayout
    {
        private readonly FrozenDictionary<string, int> index;

        public StorageLayout(SymbolTable table)
        {
            Table = table;
            var portStorages = table.Symbols.Where(s => s.IsString).Select(s => s.Storage).ToHashSet(StringComparer.Ordinal);
            Storages = table.Storages.Where(s => !portStorages.Contains(s.Name)).OrderBy(s => s.Name, StringComparer.Ordinal).ToImmutableArray();
            index = Storages.Select((s, i) => KeyValuePair.Create(s.Name, i)).ToFrozenDictionary(StringComparer.Ordinal);
        }

        public SymbolTable Table { get; }

        public ImmutableArray<FieldStorage> Storages { get; }

        public int Count => Storages.Length;

        public int IndexOf(string storage) =>
            index.TryGetValue(storage, out int i) ? i : throw new ArgumentException($"no storage named '{storage}'", nameof(storage));

        public Slot Resolve(FieldRef field)
        {
            var sym = Table.Find(field.Name) ?? throw new ArgumentException($"unknown field '{field.Name}'", nameof(field));
            if (sym.IsPredicate || sym.IsString)
                throw new ArgumentException($"'{field.Name}' is not a numeric field", nameof(field));
            if (!field.HasRange) return new Slot(IndexOf(sym.Storage), sym.Offset, sym.Width);
            if (field.High!.Value >= sym.Width || field.Low!.Value > field.High.Value)
                throw new ArgumentException($"bit range of '{field}' is outside the {sym.Width}-bit field", nameof(field));
            return new Slot(IndexOf(sym.Storage), sym.Offset + field.Low.Value, field.High.Value - field.Low.Value + 1);
        }

        public PortField PortOf(FieldRef field)
        {
            var sym = Table.Find(field.Name);
            if (sym is null || !sym.IsString || field.HasRange)
                throw new ArgumentException($"'{field}' is not a logical port field", nameof(field));
            return sym.Name == "inport" ? PortField.Inport : PortField.Outport;
        }
    }
}

/// <summary>Bit helpers shared by the evaluator and the tracer.</summary>
public static class Bits
{
    /// <summary>A value with the low <paramref name="width"/> bits set (0..128).</summary>
    public static UInt128 Ones(int width) => width >= 128 ? UInt128.MaxValue : (((UInt128)1 << width) - 1);
}
