using Overlay.Agent.Translator.Layout;

namespace Overlay.Agent.Translator.Expressions;

/// <summary>
/// One single-field test: <c>(storage &amp; Mask) == Value</c>, Value already masked. Bits are numbered within the
/// logical storage (xxreg0 bit 111 is reg0[15]).
/// </summary>
internal readonly record struct Clause(StorageMapping Storage, UInt128 Value, UInt128 Mask)
{
    public static UInt128 Ones(int width) => width >= 128 ? UInt128.MaxValue : (UInt128.One << width) - 1;

    public static Clause Of(StorageMapping storage, UInt128 value, UInt128 mask) => new(storage, value & mask, mask);

    /// <summary>Both clauses can hold at once (same storage).</summary>
    public bool CompatibleWith(Clause other) => ((Value ^ other.Value) & Mask & other.Mask) == 0;

    /// <summary>This clause holds whenever <paramref name="other"/> does (same storage, compatible, fewer bits).</summary>
    public bool ImpliedBy(Clause other) => CompatibleWith(other) && (Mask & ~other.Mask) == 0;

    public Clause Merge(Clause other) => new(Storage, Value | other.Value, Mask | other.Mask);

    public override string ToString() => $"{Storage.Storage}=0x{Value:x}/0x{Mask:x}";
}
