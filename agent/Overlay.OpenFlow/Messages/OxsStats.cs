using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Messages;

/// <summary>
/// OpenFlow 1.5 OXS flow statistics (<c>struct ofp_oxs_stat</c>): reserved, length, then
/// TLVs of class 0x8002 (duration, idle time, packet count, byte count, flow count), padded to 8.
/// </summary>
internal readonly record struct OxsStats(uint DurationSeconds, uint DurationNanoseconds, uint? IdleSeconds, ulong Packets, ulong Bytes)
{
    private const ushort BasicClass = 0x8002;
    private const byte Duration = 0;
    private const byte IdleTime = 1;
    private const byte PacketCount = 4;
    private const byte ByteCount = 5;

    public static void Write(OfpWriter w, FlowStats s)
    {
        int start = w.Position;
        w.U16(0);
        w.U16(0);
        Put(w, Duration, ((ulong)s.DurationSeconds << 32) | s.DurationNanoseconds);
        if (s.IdleAgeSeconds is { } idle)
        {
            Put(w, IdleTime, (ulong)idle << 32);
        }

        Put(w, PacketCount, s.PacketCount);
        Put(w, ByteCount, s.ByteCount);
        w.PatchLength(start + 2, start, "OXS stats");
        w.PadTo8(start);
    }

    public static OxsStats Read(ref OfpReader r)
    {
        r.Skip(2, "OXS reserved");
        int length = r.U16();
        if (length < 4)
        {
            throw r.Error($"OXS stats length {length} is shorter than its 4-byte header");
        }

        var s = new OfpReader(r.Bytes(length - 4, "OXS stats"), "OXS stats");
        r.Skip((8 - (length % 8)) % 8, "OXS padding");
        uint sec = 0, nsec = 0;
        uint? idle = null;
        ulong packets = 0, bytes = 0;
        while (!s.End)
        {
            uint header = s.U32();
            var cls = (ushort)(header >> 16);
            var field = (byte)((header >> 9) & 0x7f);
            int len = (int)(header & 0xff);
            if (cls == 0xffff)
            {
                s.Skip(4, "OXS experimenter");
                len -= 4;
            }

            var v = new OfpReader(s.Bytes(len, "OXS value"), "OXS value");
            if (cls != BasicClass)
            {
                continue;
            }

            switch (field)
            {
                case Duration when len == 8:
                    ulong d = v.U64();
                    sec = (uint)(d >> 32);
                    nsec = (uint)d;
                    break;
                case IdleTime when len == 8:
                    idle = (uint)(v.U64() >> 32);
                    break;
                case PacketCount when len == 8:
                    packets = v.U64();
                    break;
                case ByteCount when len == 8:
                    bytes = v.U64();
                    break;
            }
        }

        return new OxsStats(sec, nsec, idle, packets, bytes);
    }

    private static void Put(OfpWriter w, byte field, ulong value)
    {
        w.U32(((uint)BasicClass << 16) | ((uint)field << 9) | 8u);
        w.U64(value);
    }
}
