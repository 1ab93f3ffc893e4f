using System.Numerics;
using System.Runtime.InteropServices;

namespace Overlay.Logical;

/// <summary>
/// Constants and comparisons that many flows repeat (a port's name, MAC and IP appear in its port security, ARP,
/// L2 lookup and ACL flows; <c>arp.op == 1</c> in most ARP flows), shared between parses so each is held once while
/// the flows that use it are parsed together. Small lossy tables indexed by hash: a slot holds the last node hashed
/// there, a miss makes a new node and takes the slot. The nodes are immutable records, so which instance a parse
/// gets changes no result; slots are single reference writes, so threads sharing the tables need no lock. Bounded:
/// at most <see cref="Slots"/> nodes of each kind stay reachable from here.
/// </summary>
internal static class SharedNodes
{
    private const int SlotBits = 12;
    private const int Slots = 1 << SlotBits;

    private static readonly StringOperand?[] strings = new StringOperand?[Slots];
    private static readonly IntOperand?[] integers = new IntOperand?[Slots];
    private static readonly CmpExpr?[] comparisons = new CmpExpr?[Slots];
    private static readonly AssignAction?[] assignments = new AssignAction?[Slots];

    // Decimal 0..255 exact: bits, flags, protocol numbers, table numbers. Never evicted.
    private static readonly IntOperand[] smallDecimals =
        Enumerable.Range(0, 256).Select(i => IntOperand.Of((UInt128)i)).ToArray();

    public static StringOperand String(ReadOnlySpan<char> value)
    {
        int slot = Mix(StringKey(value));
        var s = strings[slot];
        if (s is not null && value.SequenceEqual(s.Value)) return s;
        s = new StringOperand(new string(value));
        strings[slot] = s;
        return s;
    }

    public static IntOperand Integer(UInt128 value, UInt128 mask, IntFormat format)
    {
        if (mask == UInt128.MaxValue && format == IntFormat.Decimal && value < (UInt128)smallDecimals.Length)
            return smallDecimals[(int)value];
        int slot = Mix((ulong)value ^ (ulong)(value >> 64) * 31 ^ (ulong)mask * 7 ^ (ulong)(mask >> 64) ^ (ulong)format << 56);
        var c = integers[slot];
        if (c is not null && c.Value == value && c.Mask == mask && c.Format == format) return c;
        c = new IntOperand(value, mask, format);
        integers[slot] = c;
        return c;
    }

    // A slot from 64 bits: multiply by the golden ratio and take the top bits (Fibonacci hashing).
    private static int Mix(ulong x) => (int)((x * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits));

    /// <summary>
    /// <c>field op value</c>, shared when the field and the value are shared nodes themselves (a known name's
    /// reference, a constant from these tables), so the identities of the two stand for their values. Other values
    /// (sets, address sets, port groups) are not shared.
    /// </summary>
    public static CmpExpr Comparison(FieldRef field, RelOp op, Operand value)
    {
        if (!TryKey(value, out ulong key)) return new CmpExpr(field, op, value);
        int slot = Mix(KeyOf(field) * 3 ^ key ^ (ulong)op << 61);
        var c = comparisons[slot];
        if (c is not null && ReferenceEquals(c.Field, field) && c.Op == op && ReferenceEquals(c.Value, value)) return c;
        c = new CmpExpr(field, op, value);
        comparisons[slot] = c;
        return c;
    }

    /// <summary><c>destination = source</c>, shared on the same terms as <see cref="Comparison"/>.</summary>
    public static AssignAction Assignment(FieldRef destination, Operand source)
    {
        if (!TryKey(source, out ulong key)) return new AssignAction(destination, source);
        int slot = Mix(KeyOf(destination) * 3 ^ key);
        var a = assignments[slot];
        if (a is not null && ReferenceEquals(a.Destination, destination) && ReferenceEquals(a.Source, source)) return a;
        a = new AssignAction(destination, source);
        assignments[slot] = a;
        return a;
    }

    // Cheap hashes of a node's value for picking a slot (a hit is then decided by identity): a few loads and
    // multiplies, where RuntimeHelpers.GetHashCode or a record's hash cost a call each. False for nodes not shared.
    private static bool TryKey(Operand value, out ulong key)
    {
        switch (value)
        {
            case IntOperand i:
                key = (ulong)i.Value ^ (ulong)(i.Value >> 64) * 31 ^ (ulong)i.Mask * 7 ^ (ulong)i.Format << 56;
                return true;
            case StringOperand s:
                key = StringKey(s.Value) * 5;
                return true;
            case FieldOperand f:
                key = KeyOf(f.Field) * 9;
                return true;
            default:
                key = 0;
                return false;
        }
    }

    private static ulong KeyOf(FieldRef f) => StringKey(f.Name) ^ (ulong)(uint)(f.Low ?? -1) << 24 ^ (ulong)(uint)(f.High ?? -1) << 40;

    // All of the characters, four at a time: port names share long prefixes and differ in a digit or two.
    private static ulong StringKey(ReadOnlySpan<char> s)
    {
        ulong h = (ulong)s.Length << 48;
        if (s.Length < 4)
        {
            foreach (char c in s) h = h * 31 + c;
            return h;
        }
        var bytes = MemoryMarshal.AsBytes(s);
        int k = 0;
        for (; k + 8 <= bytes.Length; k += 8)
            h = BitOperations.RotateLeft((h ^ MemoryMarshal.Read<ulong>(bytes[k..])) * 0x9E3779B97F4A7C15UL, 29);
        if (k < bytes.Length)
            h = BitOperations.RotateLeft((h ^ MemoryMarshal.Read<ulong>(bytes[^8..])) * 0x9E3779B97F4A7C15UL, 29);
        return h;
    }
}
