using Overlay.OpenFlow.Fields;

namespace Overlay.OpenFlow.Tests.Codec;

/// <summary><see cref="ValueMatchBuilder"/> and <see cref="MatchInterner"/> against <see cref="MatchBuilder"/>, the oracle.</summary>
public sealed class ValueMatchBuilderTests
{
    private static readonly OfField[] Fields =
    [
        OfFields.Metadata, OfFields.Reg(0), OfFields.Reg(3), OfFields.Reg(10), OfFields.Reg(14), OfFields.Xreg(1), OfFields.Xreg(4),
        OfFields.Xxreg(0), OfFields.Xxreg(1), OfFields.EthType, OfFields.EthDst, OfFields.IpProto, OfFields.IpTtl, OfFields.Ipv4Dst,
        OfFields.Ipv6Src, OfFields.TcpDst, OfFields.VlanVid, OfFields.VlanPcp, OfFields.ConjId, OfFields.CtLabel,
        OfFields.TunMetadata(0), OfFields.TunMetadata(5),
    ];

    [Fact]
    public void RandomSetsBuildWhatMatchBuilderBuilds()
    {
        var random = new Random(20261121);
        var interner = new MatchInterner();
        for (int round = 0; round < 4000; round++)
        {
            var oracle = Match.Builder();
            var plain = new ValueMatchBuilder(null);
            var shared = new ValueMatchBuilder(interner);
            int sets = random.Next(1, 7);
            Exception? expected = null;
            for (int s = 0; s < sets && expected is null; s++)
            {
                OfField field = Fields[random.Next(Fields.Length)];
                int width = field.IsVariableLength ? 4 : field.Bytes;
                UInt128 value = Value(random, width);
                UInt128? mask = Mask(random, width);
                expected = Catch(() => oracle.Set(field, value, mask));
                Exception? got = Catch(ref plain, field, value, mask);
                Exception? gotShared = Catch(ref shared, field, value, mask);
                Assert.Equal(expected?.GetType(), got?.GetType());
                Assert.Equal(expected?.GetType(), gotShared?.GetType());
            }

            if (expected is not null)
            {
                continue;
            }

            Match want = oracle.BuildUnchecked();
            AssertSame(want, plain.BuildUnchecked());
            AssertSame(want, shared.BuildUnchecked());
        }
    }

    [Fact]
    public void WideRegistersSplitAndTunnelMetadataIsStripped()
    {
        var b = new ValueMatchBuilder(new MatchInterner());
        b.Set(OfFields.Xxreg(0), (UInt128)0x80 << 96, (UInt128)0xff << 96);
        b.Set(OfFields.Xreg(4), 0x1_0000_0002UL);
        b.Set(OfFields.TunMetadata(0), 0x0101);
        b.Set(OfFields.TunMetadata(1), 0x01, 0x00ff);
        b.Set(OfFields.Reg(14), 7, 0xffffffff);
        Match built = b.BuildUnchecked();

        Match want = Match.Builder()
            .Xxreg(0, (UInt128)0x80 << 96, (UInt128)0xff << 96).Xreg(4, 0x1_0000_0002UL)
            .Set(OfFields.TunMetadata(0), ByteString.FromHex("0101")).TunMetadata(1, 1, 0xff).Reg(14, 7).BuildUnchecked();
        AssertSame(want, built);
        Assert.Equal("reg0=0x80/0xff,reg8=0x1,reg9=0x2,reg14=0x7,tun_metadata0=0x101,tun_metadata1=0x1", built.ToString());
        Assert.Equal(ByteString.FromHex("ff"), built.Get(OfFields.TunMetadata(1))!.Mask);
    }

    [Fact]
    public void LaterSetsReplaceAndZeroMasksRemove()
    {
        var b = new ValueMatchBuilder(null);
        b.Set(OfFields.Reg(1), 5);
        b.Set(OfFields.Reg(2), 0x0800);
        b.Set(OfFields.Reg(1), 6, 0xf);
        b.Set(OfFields.Reg(2), 0, 0);
        Assert.Equal(Match.Builder().Reg(1, 6, 0xf).BuildUnchecked(), b.BuildUnchecked());
        b.Remove(OfFields.Reg(1));
        Assert.Same(Match.Any, b.BuildUnchecked());
    }

    [Fact]
    public void ManyFieldsSpillOffTheStack()
    {
        var b = new ValueMatchBuilder(null);
        var oracle = Match.Builder();
        for (int i = 15; i >= 0; i--)
        {
            b.Set(OfFields.Reg(i), (uint)i);
            oracle.Reg(i, (uint)i);
        }

        b.Set(OfFields.Metadata, 9);
        b.Set(OfFields.ConjId, 3);
        b.Remove(OfFields.Reg(4));
        oracle.Metadata(9).ConjId(3).Remove(OfFields.Reg(4));
        AssertSame(oracle.BuildUnchecked(), b.BuildUnchecked());
    }

    [Fact]
    public void ChecksAsMatchBuilderDoes()
    {
        Assert.Throws<ArgumentException>(() => { var b = new ValueMatchBuilder(null); b.Set(OfFields.EthType, 0x0800, 0xff00); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { var b = new ValueMatchBuilder(null); b.Set(OfFields.Reg(0), 1UL << 32); });
        Assert.Throws<InvalidOperationException>(() => { var b = new ValueMatchBuilder(null); b.Set(OfFields.Ipv4Src, 1); b.Build(); });
        var ok = new ValueMatchBuilder(null);
        ok.Set(OfFields.EthType, 0x0800);
        ok.Set(OfFields.Ipv4Src, 0x0a000001);
        Assert.Empty(ok.Build().Validate());
    }

    [Fact]
    public void StartingFromAMatchAddsAField()
    {
        var interner = new MatchInterner();
        Match head = Match.Builder().Metadata(5).IPv4().Reg(14, 2).BuildUnchecked();
        var b = new ValueMatchBuilder(interner, interner.Intern(head));
        b.Set(OfFields.ConjId, 42);
        Match built = b.BuildUnchecked();

        AssertSame(head.ToBuilder().ConjId(42).BuildUnchecked(), built);
        Assert.Equal("conj_id=42,ip,reg14=0x2,metadata=0x5", built.ToString());
        Assert.Same(built, interner.Intern(built));
    }

    [Fact]
    public void InternedBuildsShareFieldsAndNeedNoInterning()
    {
        var interner = new MatchInterner();
        Match a = Build(interner, 1, 2);
        Match b = Build(interner, 1, 3);
        Assert.Same(a.Get(OfFields.Metadata), b.Get(OfFields.Metadata));
        Assert.Same(a.Get(OfFields.EthType), b.Get(OfFields.EthType));
        Assert.Same(a, interner.Intern(a));

        // A match built elsewhere gets the same shared fields; so does an equal one decoded or built by hand.
        Match other = Match.Builder().Metadata(1).IPv4().Reg(14, 2).BuildUnchecked();
        Match interned = interner.Intern(other);
        Assert.Equal(a, interned);
        Assert.Same(a.Get(OfFields.Reg(14)), interned.Get(OfFields.Reg(14)));
        Assert.Same(interned, interner.Intern(interned));

        static Match Build(MatchInterner interner, ulong datapath, uint port)
        {
            var b = new ValueMatchBuilder(interner);
            b.Set(OfFields.Metadata, datapath);
            b.Set(OfFields.EthType, 0x0800);
            b.Set(OfFields.Reg(14), port);
            return b.BuildUnchecked();
        }
    }

    [Fact]
    public void ABoundedInternerStartsOverButStaysCorrect()
    {
        var interner = new MatchInterner(capacity: 3);
        var built = new List<Match>();
        for (uint i = 0; i < 20; i++)
        {
            var b = new ValueMatchBuilder(interner);
            b.Set(OfFields.Metadata, i % 4);
            b.Set(OfFields.Reg(14), i);
            built.Add(b.BuildUnchecked());
        }

        Assert.True(interner.Count <= 3);
        for (uint i = 0; i < 20; i++)
        {
            Match want = Match.Builder().Metadata(i % 4).Reg(14, i).BuildUnchecked();
            AssertSame(want, built[(int)i]);
            AssertSame(want, interner.Intern(want));
        }
    }

    [Fact]
    public void InterningKeepsWideFieldsToo()
    {
        var interner = new MatchInterner();
        Match a = Match.Builder().Set(OfFields.TunMetadata(2), ByteString.FromHex(new string('1', 40))).BuildUnchecked();
        Match b = Match.Builder().Set(OfFields.TunMetadata(2), ByteString.FromHex(new string('1', 40))).BuildUnchecked();
        Match ia = interner.Intern(a);
        Match ib = interner.Intern(b);
        Assert.Equal(a, ib);
        Assert.Same(ia.Fields[0], ib.Fields[0]);
    }

    private static void AssertSame(Match want, Match got)
    {
        Assert.Equal(want, got);
        Assert.Equal(want.GetHashCode(), got.GetHashCode());
        Assert.Equal(want.ToString(), got.ToString());
        Assert.Equal(want.Fields.Length, got.Fields.Length);
        for (int i = 0; i < want.Fields.Length; i++)
        {
            Assert.Same(want.Fields[i].Field, got.Fields[i].Field);
            Assert.Equal(want.Fields[i].Value.ToHex(), got.Fields[i].Value.ToHex());
            Assert.Equal(want.Fields[i].Mask?.ToHex(), got.Fields[i].Mask?.ToHex());
        }

        Assert.Equal(want.Validate(), got.Validate());
    }

    private static UInt128 Value(Random random, int width)
    {
        UInt128 v = ((UInt128)(ulong)random.NextInt64() << 64) | (ulong)random.NextInt64();
        v = random.Next(4) switch
        {
            0 => v & 0xff,
            1 => v & 0xffff_ffff,
            2 => UInt128.Zero,
            _ => v,
        };
        return width >= 16 ? v : v & ((UInt128.One << (width * 8)) - 1);
    }

    private static UInt128? Mask(Random random, int width)
    {
        UInt128 ones = width >= 16 ? UInt128.MaxValue : (UInt128.One << (width * 8)) - 1;
        return random.Next(7) switch
        {
            0 or 1 => null,
            2 => ones,
            3 => UInt128.Zero,
            4 => ones & 0xff00,
            5 => ones & ((UInt128)0xffff_ffff << 32),
            _ => Value(random, width) | 1,
        };
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (ArgumentException e)
        {
            return e;
        }
    }

    private static Exception? Catch(ref ValueMatchBuilder b, OfField field, UInt128 value, UInt128? mask)
    {
        try
        {
            b.Set(field, value, mask);
            return null;
        }
        catch (ArgumentException e)
        {
            return e;
        }
    }
}
