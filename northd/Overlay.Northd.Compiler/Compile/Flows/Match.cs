using System.Runtime.InteropServices;
using Overlay.Logical;
using Overlay.Northd.Compiler.Compile.Addressing;

namespace Overlay.Northd.Compiler.Compile.Flows;

/// <summary>
/// Small constructors for typed match terms and operands. <see cref="And"/> and <see cref="Or"/> build
/// the same values as <see cref="AndExpr.Of"/> and <see cref="OrExpr.Of"/> (flattened, constants
/// dropped) with one exactly sized array, since the compiler builds hundreds of thousands of them.
/// </summary>
internal static class Match
{
    public static Expr Eq(FieldRef field, Operand value) => new CmpExpr(field, RelOp.Eq, value);

    public static Expr Eq(FieldRef field, int value) => new CmpExpr(field, RelOp.Eq, Int(value));

    public static Expr Bit(FieldRef field) => new BitExpr(field);

    public static Expr Port(FieldRef field, string name) => new CmpExpr(field, RelOp.Eq, new StringOperand(name));

    public static Operand Mac(ulong mac) => IntOperand.Mac(mac);

    public static Operand Ip4(uint address) => IntOperand.Ipv4(address);

    /// <summary>A CIDR as a match constant: the bare address for /32, else network/len.</summary>
    public static Operand Ip4(Ipv4Cidr c) => IntOperand.Ipv4Prefix(c.Address, c.PrefixLength);

    public static Operand Ip6(Ipv6Cidr c) =>
        c.IsHost ? IntOperand.Of(c.Address, IntFormat.IPv6) : new IntOperand(c.Network, c.Mask, IntFormat.IPv6);

    public static Operand Int(int value) => IntOperand.Of((UInt128)value);

    /// <summary>A set constant <c>{a, b}</c>, kept as a set even with one element (OVN prints it so).</summary>
    public static Operand Set(List<Operand> items) =>
        new SetOperand(new ValueArray<Operand>(ImmutableCollectionsMarshal.AsImmutableArray(items.ToArray())));

    public static Expr And(params ReadOnlySpan<Expr> terms) => Join(terms, conjunction: true);

    public static Expr Or(params ReadOnlySpan<Expr> terms) => Join(terms, conjunction: false);

    private static Expr Join(ReadOnlySpan<Expr> terms, bool conjunction)
    {
        int count = 0;
        foreach (var t in terms) count += Width(t, conjunction);
        var identity = conjunction ? Expr.True : Expr.False;
        if (count == 0) return identity;
        var items = new Expr[count];
        int i = 0;
        foreach (var t in terms)
        {
            switch (t)
            {
                case AndExpr a when conjunction:
                    foreach (var x in a.Terms) items[i++] = x;
                    break;
                case OrExpr o when !conjunction:
                    foreach (var x in o.Terms) items[i++] = x;
                    break;
                case ConstExpr c when c.Value == conjunction:
                    break;
                default:
                    items[i++] = t;
                    break;
            }
        }
        if (count == 1) return items[0];
        var array = new ValueArray<Expr>(ImmutableCollectionsMarshal.AsImmutableArray(items));
        return conjunction ? new AndExpr(array) : new OrExpr(array);
    }

    private static int Width(Expr t, bool conjunction) => t switch
    {
        AndExpr a when conjunction => a.Terms.Count,
        OrExpr o when !conjunction => o.Terms.Count,
        ConstExpr c when c.Value == conjunction => 0,
        _ => 1,
    };
}
