using Overlay.Agent.Translator.Expressions;
using Overlay.Agent.Translator.Layout;
using Overlay.OpenFlow;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.Agent.Translator.Encoding;

/// <summary>Bits [Offset, Offset+Width) of a logical storage.</summary>
internal readonly record struct StorageBits(StorageMapping Storage, int Offset, int Width);

/// <summary>
/// Writes to logical storages as OpenFlow actions: loads become (masked) <c>set_field</c>, copies become
/// <c>move</c> (OF1.5 copy_field), both split where a storage spans several OpenFlow fields and narrowed to one
/// 32-bit register where the bits allow (<c>reg0[15]</c> rather than <c>xxreg0[111]</c>).
/// </summary>
internal static class FieldWrites
{
    /// <summary>Appends the actions that load <paramref name="value"/> into <paramref name="dst"/>.</summary>
    public static void Load(List<OfAction> into, StorageBits dst, UInt128 value)
    {
        foreach (var seg in dst.Storage.Segments)
        {
            int lo = Math.Max(dst.Offset, seg.StorageOffset);
            int hi = Math.Min(dst.Offset + dst.Width, seg.StorageOffset + seg.Width);
            if (lo >= hi) continue;
            int bits = hi - lo;
            UInt128 part = (value >> (lo - dst.Offset)) & Clause.Ones(bits);
            var (f, o) = Registers.Narrow(seg.Field, seg.FieldOffset + lo - seg.StorageOffset, bits);
            into.Add(o == 0 && bits == f.Bits
                ? new SetFieldAction(f, ByteString.FromUInt128(part, f.Bytes))
                : SetFieldAction.Load(f, part, o, bits));
        }
    }

    /// <summary>A masked load (<c>vlan.pcp = 4/4</c>): only the bits set in <paramref name="mask"/> change.</summary>
    public static void Load(List<OfAction> into, StorageBits dst, UInt128 value, UInt128 mask)
    {
        int b = 0;
        while (b < dst.Width)
        {
            if ((mask >> b & 1) == 0) { b++; continue; }
            int start = b;
            while (b < dst.Width && (mask >> b & 1) != 0) b++;
            Load(into, new StorageBits(dst.Storage, dst.Offset + start, b - start), value >> start);
        }
    }

    public static void Move(List<OfAction> into, StorageBits src, StorageBits dst)
    {
        foreach (var (s, d, bits) in Chunks(src, dst, int.MaxValue))
            into.Add(Copy(s, d, bits));
    }

    /// <summary><c>a &lt;-&gt; b</c> through the exchange scratch register, 32 bits at a time.</summary>
    public static void Exchange(List<OfAction> into, StorageBits a, StorageBits b)
    {
        var scratch = RegisterMap.Exchange;
        foreach (var (x, y, bits) in Chunks(a, b, scratch.Width))
        {
            var tmp = (scratch.Field, scratch.Offset);
            into.Add(Copy(x, tmp, bits));
            into.Add(Copy(y, x, bits));
            into.Add(Copy(tmp, y, bits));
        }
    }

    private static CopyFieldAction Copy((OfField Field, int Offset) src, (OfField Field, int Offset) dst, int bits)
    {
        var (sf, so) = Registers.Narrow(src.Field, src.Offset, bits);
        var (df, @do) = Registers.Narrow(dst.Field, dst.Offset, bits);
        return new CopyFieldAction(new Subfield(sf, so, bits), new Subfield(df, @do, bits));
    }

    /// <summary>Pieces of equal width on both sides, each within one OpenFlow field per side and at most <paramref name="max"/> bits.</summary>
    private static List<((OfField, int) Src, (OfField, int) Dst, int Bits)> Chunks(StorageBits src, StorageBits dst, int max)
    {
        var a = Pieces(src);
        var b = Pieces(dst);
        var chunks = new List<((OfField, int), (OfField, int), int)>(Math.Max(a.Count, b.Count));
        int at = 0, width = Math.Min(src.Width, dst.Width);
        while (at < width)
        {
            var pa = Covering(a, at);
            var pb = Covering(b, at);
            int bits = Math.Min(Math.Min(pa.At + pa.Bits - at, pb.At + pb.Bits - at), Math.Min(max, width - at));
            chunks.Add(((pa.Field, pa.Offset + at - pa.At), (pb.Field, pb.Offset + at - pb.At), bits));
            at += bits;
        }
        return chunks;
    }

    private static (OfField Field, int Offset, int Bits, int At) Covering(List<(OfField Field, int Offset, int Bits, int At)> pieces, int at)
    {
        foreach (var p in pieces)
            if (p.At <= at && at < p.At + p.Bits) return p;
        throw new InvalidOperationException($"no piece covers bit {at}");
    }

    /// <summary>The OpenFlow (field, offset, bits) pieces of a storage range; At is the piece's position within the range.</summary>
    private static List<(OfField Field, int Offset, int Bits, int At)> Pieces(StorageBits r)
    {
        var pieces = new List<(OfField, int, int, int)>(r.Storage.Segments.Length);
        foreach (var seg in r.Storage.Segments)
        {
            int lo = Math.Max(r.Offset, seg.StorageOffset);
            int hi = Math.Min(r.Offset + r.Width, seg.StorageOffset + seg.Width);
            if (lo >= hi) continue;
            pieces.Add((seg.Field, seg.FieldOffset + lo - seg.StorageOffset, hi - lo, lo - r.Offset));
        }
        return pieces;
    }
}
