using System.Numerics;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// OFPT_HELLO with an optional version-bitmap element (bit n set = wire version n supported).
/// The header version is the highest version the sender speaks.
/// </summary>
public sealed record Hello(uint? VersionBitmap) : OfpMessage
{
    private const ushort VersionBitmapElement = 1;

    public override OfpType Type => OfpType.Hello;

    /// <summary>A hello offering exactly <paramref name="versions"/>.</summary>
    public static Hello Offering(params byte[] versions)
    {
        uint bitmap = 0;
        foreach (byte v in versions)
        {
            bitmap |= 1u << v;
        }

        return new Hello(bitmap) { Version = versions.Max() };
    }

    /// <summary>Versions this hello offers (from the bitmap, or just the header version).</summary>
    public IReadOnlyList<byte> Versions =>
        VersionBitmap is { } bits
            ? Enumerable.Range(0, 32).Where(i => (bits & (1u << i)) != 0).Select(i => (byte)i).ToArray()
            : [Version];

    /// <summary>
    /// OpenFlow version negotiation: the highest version in both bitmaps, or (when either
    /// side sent no bitmap) the lower header version if we support it. Null if none.
    /// </summary>
    public static byte? Negotiate(Hello ours, Hello theirs)
    {
        if (ours.VersionBitmap is { } mine && theirs.VersionBitmap is { } peer)
        {
            uint common = mine & peer;
            return common == 0 ? null : (byte)(31 - BitOperations.LeadingZeroCount(common));
        }

        byte candidate = Math.Min(ours.Version, theirs.Version);
        return ours.Versions.Contains(candidate) ? candidate : null;
    }

    internal override void WriteBody(OfpWriter w)
    {
        if (VersionBitmap is { } bits)
        {
            w.U16(VersionBitmapElement);
            w.U16(8);
            w.U32(bits);
        }
    }

    internal static Hello DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new OfpReader(body, "OFPT_HELLO");
        uint? bitmap = null;
        while (r.Remaining >= 4)
        {
            ushort type = r.U16();
            int length = r.U16();
            if (length < 4)
            {
                throw r.Error($"hello element length {length} is shorter than its 4-byte header");
            }

            var element = new OfpReader(r.Bytes(length - 4, "hello element"), "hello element");
            if (type == VersionBitmapElement && element.Remaining >= 4)
            {
                bitmap = element.U32();
            }

            int pad = (8 - (length % 8)) % 8;
            r.Skip(Math.Min(pad, r.Remaining));
        }

        return new Hello(bitmap);
    }
}
