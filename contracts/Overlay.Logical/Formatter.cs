using System.Globalization;
using System.Net;
using System.Text;

namespace Overlay.Logical;

/// <summary>
/// Canonical text for matches and actions. Parsing the output gives back an equal value
/// (the round-trip property the tests check).
/// </summary>
public static class Formatter
{
    private const string HexDigits = "0123456789abcdef";

    public static string Format(Expr e)
    {
        var sb = new StringBuilder(64);
        Write(sb, e);
        return sb.ToString();
    }

    public static string Format(IEnumerable<LAction> actions)
    {
        var sb = new StringBuilder(64);
        WriteActions(sb, actions);
        return sb.ToString();
    }

    public static string Format(LAction a)
    {
        var sb = new StringBuilder(32);
        Write(sb, a);
        return sb.ToString();
    }

    public static string Format(Operand o)
    {
        var sb = new StringBuilder(24);
        Write(sb, o);
        return sb.ToString();
    }

    public static string Format(FieldRef f)
    {
        var sb = new StringBuilder(16);
        Write(sb, f);
        return sb.ToString();
    }

    public static string Op(RelOp op) => op switch
    {
        RelOp.Eq => "==",
        RelOp.Ne => "!=",
        RelOp.Lt => "<",
        RelOp.Le => "<=",
        RelOp.Gt => ">",
        RelOp.Ge => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case ConstExpr c:
                sb.Append(c.Value ? '1' : '0');
                break;
            case CmpExpr c:
                Write(sb, c.Field);
                sb.Append(' ').Append(Op(c.Op)).Append(' ');
                Write(sb, c.Value);
                break;
            case BitExpr b:
                Write(sb, b.Field);
                break;
            case NotExpr n:
                sb.Append('!');
                if (n.Inner is BitExpr or ConstExpr) Write(sb, n.Inner);
                else { sb.Append('('); Write(sb, n.Inner); sb.Append(')'); }
                break;
            case AndExpr a:
                WriteJoined(sb, a.Terms, " && ", t => t is OrExpr or AndExpr);
                break;
            case OrExpr o:
                WriteJoined(sb, o.Terms, " || ", t => t is AndExpr or OrExpr);
                break;
            case CallExpr call:
                sb.Append(call.Name).Append('(');
                for (int i = 0; i < call.Args.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Write(sb, call.Args[i]);
                }
                sb.Append(')');
                break;
            default:
                throw new ArgumentException($"unknown expression {e.GetType().Name}");
        }
    }

    private static void WriteJoined(StringBuilder sb, ValueArray<Expr> terms, string sep, Func<Expr, bool> needsParens)
    {
        for (int i = 0; i < terms.Count; i++)
        {
            if (i > 0) sb.Append(sep);
            var t = terms[i];
            if (needsParens(t)) { sb.Append('('); Write(sb, t); sb.Append(')'); }
            else Write(sb, t);
        }
    }

    public static void Write(StringBuilder sb, FieldRef f)
    {
        sb.Append(f.Name);
        if (f.Low is int lo)
        {
            sb.Append('[').Append(lo);
            if (f.High is int hi && hi != lo) sb.Append("..").Append(hi);
            sb.Append(']');
        }
    }

    public static void Write(StringBuilder sb, Operand o)
    {
        switch (o)
        {
            case IntOperand i:
                WriteInt(sb, i);
                break;
            case StringOperand s:
                WriteString(sb, s.Value);
                break;
            case AddressSetOperand a:
                sb.Append('$').Append(a.Name);
                break;
            case PortGroupOperand p:
                sb.Append('@').Append(p.Name);
                break;
            case SetOperand set:
                sb.Append('{');
                for (int k = 0; k < set.Items.Count; k++)
                {
                    if (k > 0) sb.Append(", ");
                    Write(sb, set.Items[k]);
                }
                sb.Append('}');
                break;
            case FieldOperand f:
                Write(sb, f.Field);
                break;
            default:
                throw new ArgumentException($"unknown operand {o.GetType().Name}");
        }
    }

    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    private static void WriteInt(StringBuilder sb, IntOperand i)
    {
        if (!i.IsMasked)
        {
            WriteValue(sb, i.Value, i.Format);
            return;
        }
        WriteValue(sb, i.Value, i.Format);
        sb.Append('/');
        int width = i.Format switch { IntFormat.IPv4 => 32, IntFormat.IPv6 => 128, IntFormat.Ethernet => 48, _ => 0 };
        if (width > 0 && PrefixLength(i.Mask, width) is int plen && i.Format != IntFormat.Ethernet)
            sb.Append(plen);
        else
            WriteValue(sb, i.Mask, i.Format == IntFormat.Decimal ? IntFormat.Hex : i.Format);
    }

    /// <summary>The prefix length if mask is a CIDR mask of the given width.</summary>
    public static int? PrefixLength(UInt128 mask, int width)
    {
        UInt128 ones = width == 128 ? UInt128.MaxValue : (((UInt128)1 << width) - 1);
        mask &= ones;
        for (int plen = 0; plen <= width; plen++)
            if (Lexer.PrefixMask(plen, width) == mask) return plen;
        return null;
    }

    public static void WriteValue(StringBuilder sb, UInt128 v, IntFormat format)
    {
        switch (format)
        {
            case IntFormat.Decimal:
                sb.Append(v.ToString(CultureInfo.InvariantCulture));
                break;
            case IntFormat.Hex:
                sb.Append("0x").Append(v.ToString("x", CultureInfo.InvariantCulture));
                break;
            case IntFormat.IPv4:
                {
                    uint a = (uint)v;
                    sb.Append(a >> 24).Append('.').Append((a >> 16) & 0xff).Append('.').Append((a >> 8) & 0xff).Append('.').Append(a & 0xff);
                    break;
                }
            case IntFormat.Ethernet:
                {
                    ulong m = (ulong)v;
                    Span<char> text = stackalloc char[17];
                    for (int k = 0; k < 6; k++)
                    {
                        int b = (int)(m >> (8 * (5 - k))) & 0xff;
                        text[3 * k] = HexDigits[b >> 4];
                        text[3 * k + 1] = HexDigits[b & 0xf];
                        if (k < 5) text[3 * k + 2] = ':';
                    }
                    sb.Append(text);
                    break;
                }
            case IntFormat.IPv6:
                {
                    Span<byte> bytes = stackalloc byte[16];
                    for (int k = 0; k < 16; k++) bytes[k] = (byte)(v >> (8 * (15 - k)));
                    sb.Append(new IPAddress(bytes).ToString());
                    break;
                }
        }
    }

    public static void WriteActions(StringBuilder sb, IEnumerable<LAction> actions)
    {
        bool first = true;
        foreach (var a in actions)
        {
            if (!first) sb.Append(' ');
            first = false;
            Write(sb, a);
        }
    }

    public static void Write(StringBuilder sb, LAction a)
    {
        switch (a)
        {
            case NextAction n:
                sb.Append("next");
                if (n.Pipeline is Pipeline p)
                {
                    sb.Append("(pipeline=").Append(p == Pipeline.Ingress ? "ingress" : "egress");
                    if (n.Table is int t1) sb.Append(", table=").Append(t1);
                    sb.Append(')');
                }
                else if (n.Table is int t) sb.Append('(').Append(t).Append(')');
                break;
            case OutputAction:
                sb.Append("output");
                break;
            case DropAction:
                sb.Append("drop");
                break;
            case AssignAction s:
                Write(sb, s.Destination);
                sb.Append(" = ");
                Write(sb, s.Source);
                break;
            case ExchangeAction x:
                Write(sb, x.Left);
                sb.Append(" <-> ");
                Write(sb, x.Right);
                break;
            case DecrementTtlAction:
                sb.Append("ip.ttl--");
                break;
            case NestedAction nest:
                sb.Append(nest.Name).Append(" { ");
                foreach (var inner in nest.Body)
                {
                    Write(sb, inner);
                    sb.Append(' ');
                }
                sb.Append('}');
                break;
            case CallAction c:
                if (c.Result is not null) { Write(sb, c.Result); sb.Append(" = "); }
                if (c.Result is null && c.Args.Count == 0 && ActionParser.BareActionNames.Contains(c.Name))
                {
                    sb.Append(c.Name).Append(';');
                    return;
                }
                sb.Append(c.Name).Append('(');
                for (int i = 0; i < c.Args.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Write(sb, c.Args[i]);
                }
                sb.Append(')');
                break;
            default:
                throw new ArgumentException($"unknown action {a.GetType().Name}");
        }
        sb.Append(';');
    }
}
