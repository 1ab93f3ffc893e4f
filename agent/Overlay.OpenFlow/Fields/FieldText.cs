using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;

namespace Overlay.OpenFlow.Fields;

/// <summary>Value formatting and parsing in ovs-ofctl's conventions.</summary>
public static class FieldText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Formats a value (and optional mask) the way <c>set_field:</c> prints it (OVS mf_format).</summary>
    public static string FormatValue(OfField field, ByteString value, ByteString? mask)
    {
        if (mask is { } m)
        {
            if (m.IsAllZeros)
            {
                return "ANY";
            }

            if (m.IsAllOnes)
            {
                mask = null;
            }
        }

        var sb = new StringBuilder();
        switch (field.Format)
        {
            case FieldFormat.Port when mask is null:
                sb.Append(OfPort.Format((uint)value.ToUInt64()));
                break;
            case FieldFormat.Ethernet:
                sb.Append(Mac(value.Span));
                if (mask is { } em)
                {
                    sb.Append('/').Append(Mac(em.Span));
                }

                break;
            case FieldFormat.IPv4:
                sb.Append(Ipv4Masked(value.Span, mask is { } m4 ? m4.Span : default));
                break;
            case FieldFormat.IPv6:
                sb.Append(Ipv6Masked(value.Span, mask is { } m6 ? m6.Span : default));
                break;
            case FieldFormat.Decimal or FieldFormat.Port:
                sb.Append(new BigInteger(value.Span, isUnsigned: true, isBigEndian: true).ToString(Inv));
                if (mask is { } dm)
                {
                    sb.Append('/').Append(Hex(dm.Span));
                }

                break;
            default:
                sb.Append(Hex(value.Span));
                if (mask is { } hm)
                {
                    sb.Append('/').Append(Hex(hm.Span));
                }

                break;
        }

        return sb.ToString();
    }

    /// <summary>OVS ds_put_hex: "0x" and the value without leading zeros, or "0".</summary>
    public static string Hex(ReadOnlySpan<byte> bytes)
    {
        int first = bytes.IndexOfAnyExcept((byte)0);
        if (first < 0)
        {
            return "0";
        }

        var sb = new StringBuilder(2 + (bytes.Length * 2));
        sb.Append("0x").Append(bytes[first].ToString("x", Inv));
        for (int i = first + 1; i < bytes.Length; i++)
        {
            sb.Append(bytes[i].ToString("x2", Inv));
        }

        return sb.ToString();
    }

    /// <summary>"%#x" of an integer: "0" or "0x..".</summary>
    public static string Hex(ulong value) => value == 0 ? "0" : "0x" + value.ToString("x", Inv);

    public static string Mac(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(17);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(':');
            }

            sb.Append(bytes[i].ToString("x2", Inv));
        }

        return sb.ToString();
    }

    /// <summary>"a.b.c.d", "/N" for a CIDR mask, "/m.m.m.m" otherwise (OVS ip_format_masked).</summary>
    public static string Ipv4Masked(ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask = default)
    {
        string text = new IPAddress(value).ToString();
        if (mask.IsEmpty || !mask.ContainsAnyExcept((byte)0xff))
        {
            return text;
        }

        int prefix = CidrPrefix(mask);
        return prefix >= 0 ? $"{text}/{prefix}" : $"{text}/{new IPAddress(mask)}";
    }

    /// <summary>IPv6 in RFC 5952 form, with "/N" or "/mask" (OVS ipv6_format_masked).</summary>
    public static string Ipv6Masked(ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask = default)
    {
        string text = new IPAddress(value).ToString();
        if (mask.IsEmpty || !mask.ContainsAnyExcept((byte)0xff))
        {
            return text;
        }

        int prefix = CidrPrefix(mask);
        return prefix >= 0 ? $"{text}/{prefix}" : $"{text}/{new IPAddress(mask)}";
    }

    /// <summary>Number of leading one bits if <paramref name="mask"/> is a prefix mask, else -1.</summary>
    public static int CidrPrefix(ReadOnlySpan<byte> mask)
    {
        int bits = 0;
        int i = 0;
        while (i < mask.Length && mask[i] == 0xff)
        {
            bits += 8;
            i++;
        }

        if (i < mask.Length)
        {
            byte b = mask[i];
            int ones = BitOperations.LeadingZeroCount((uint)(byte)~b) - 24;
            if ((byte)(b << ones) != 0)
            {
                return -1;
            }

            bits += ones;
            i++;
        }

        for (; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                return -1;
            }
        }

        return bits;
    }

    /// <summary>Parses "aa:bb:cc:dd:ee:ff" (or with '-') into 6 bytes.</summary>
    public static byte[] ParseMac(string text)
    {
        string[] parts = text.Split(':', '-');
        if (parts.Length != 6)
        {
            throw new FormatException($"'{text}' is not an Ethernet address");
        }

        var bytes = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            if (parts[i].Length is < 1 or > 2 || !byte.TryParse(parts[i], NumberStyles.HexNumber, Inv, out bytes[i]))
            {
                throw new FormatException($"'{text}' is not an Ethernet address");
            }
        }

        return bytes;
    }

    /// <summary>Prefix mask of <paramref name="prefix"/> bits in <paramref name="width"/> bytes.</summary>
    public static byte[] PrefixMask(int prefix, int width)
    {
        if (prefix < 0 || prefix > width * 8)
        {
            throw new ArgumentOutOfRangeException(nameof(prefix), prefix, $"prefix must be 0..{width * 8}");
        }

        var mask = new byte[width];
        for (int i = 0; i < width; i++)
        {
            int bits = Math.Clamp(prefix - (i * 8), 0, 8);
            mask[i] = (byte)(0xff << (8 - bits));
        }

        return mask;
    }
}
