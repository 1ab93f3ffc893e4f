using System.Text;

namespace Overlay.Contracts.Wire;

/// <summary>
/// grpc-message values are percent-encoded UTF-8: bytes outside printable ASCII and '%' itself become %XX.
/// Decoding is lenient: a malformed escape stays as it was.
/// </summary>
public static class GrpcStatusMessage
{
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";

    public static string Encode(string message)
    {
        bool plain = true;
        foreach (char c in message)
            if (c is < ' ' or > '~' or '%') { plain = false; break; }
        if (plain)
            return message;

        var sb = new StringBuilder(message.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(message))
        {
            if (b is < (byte)' ' or > (byte)'~' or (byte)'%')
                sb.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            else
                sb.Append((char)b);
        }
        return sb.ToString();
    }

    public static string Decode(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (!value.Contains('%'))
            return value;

        var bytes = new List<byte>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '%' && i + 2 < value.Length && TryHex(value[i + 1], out int hi) && TryHex(value[i + 2], out int lo))
            {
                bytes.Add((byte)(hi << 4 | lo));
                i += 2;
                continue;
            }
            // Header values are ASCII; anything else is kept as its UTF-8 bytes.
            if (c < 0x80)
                bytes.Add((byte)c);
            else
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static char HexDigit(int v) => (char)(v < 10 ? '0' + v : 'A' + v - 10);

    private static bool TryHex(char c, out int v)
    {
        v = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return v >= 0;
    }
}
