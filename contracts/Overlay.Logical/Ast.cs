namespace Overlay.Logical;

/// <summary>A field with an optional bit range, LSB = 0: <c>reg0</c>, <c>reg0[15]</c>, <c>xreg0[0..47]</c>.</summary>
public sealed record FieldRef(string Name, int? Low = null, int? High = null)
{
    public bool HasRange => Low is not null;

    public static FieldRef Bit(string name, int bit) => new(name, bit, bit);

    public static FieldRef Range(string name, int low, int high) => new(name, low, high);

    public static implicit operator FieldRef(string name) => new(name);

    public override string ToString() => Formatter.Format(this);
}

public enum RelOp : byte { Eq, Ne, Lt, Le, Gt, Ge }

/// <summary>A right-hand side: constant, string, set, $address_set, @port_group, or (in actions) a field.</summary>
public abstract record Operand
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary>An integer of up to 128 bits, optionally masked (Mask == all ones means exact).</summary>
public sealed record IntOperand(UInt128 Value, UInt128 Mask, IntFormat Format) : Operand
{
    public bool IsMasked => Mask != UInt128.MaxValue;

    public static IntOperand Of(UInt128 value, IntFormat format = IntFormat.Decimal) => new(value, UInt128.MaxValue, format);

    public static IntOperand Hex(UInt128 value) => Of(value, IntFormat.Hex);

    public static IntOperand Ipv4(uint address) => Of(address, IntFormat.IPv4);

    public static IntOperand Ipv4Prefix(uint address, int prefixLength) =>
        prefixLength == 32 ? Ipv4(address) : new(address & (uint)Lexer.PrefixMask(prefixLength, 32), Lexer.PrefixMask(prefixLength, 32), IntFormat.IPv4);

    public static IntOperand Mac(ulong mac) => Of(mac, IntFormat.Ethernet);

    public override string ToString() => Formatter.Format(this);
}

public sealed record StringOperand(string Value) : Operand
{
    public override string ToString() => Formatter.Format(this);
}

public sealed record AddressSetOperand(string Name) : Operand
{
    public override string ToString() => Formatter.Format(this);
}

public sealed record PortGroupOperand(string Name) : Operand
{
    public override string ToString() => Formatter.Format(this);
}

public sealed record SetOperand(ValueArray<Operand> Items) : Operand
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary>A field used as an operand (actions: <c>reg0 = ip4.dst</c>, <c>get_arp(outport, reg0)</c>).</summary>
public sealed record FieldOperand(FieldRef Field) : Operand
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary>Match expressions. Build them as values; <see cref="Formatter"/> prints OVN syntax.</summary>
public abstract record Expr
{
    public static readonly Expr True = new ConstExpr(true);
    public static readonly Expr False = new ConstExpr(false);

    public override string ToString() => Formatter.Format(this);

    public static Expr And(params Expr[] terms) => AndExpr.Of(terms);

    public static Expr Or(params Expr[] terms) => OrExpr.Of(terms);

    public static Expr Eq(FieldRef field, Operand value) => new CmpExpr(field, RelOp.Eq, value);

    public static Expr Bit(FieldRef field) => new BitExpr(field);
}

/// <summary><c>1</c> (true) or <c>0</c> (false).</summary>
public sealed record ConstExpr(bool Value) : Expr
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary><c>field op value</c>; value may be a set, $address_set or @port_group.</summary>
public sealed record CmpExpr(FieldRef Field, RelOp Op, Operand Value) : Expr
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary>A 1-bit field or a predicate standing alone: <c>ip4</c>, <c>eth.mcast</c>, <c>reg0[3]</c>.</summary>
public sealed record BitExpr(FieldRef Field) : Expr
{
    public override string ToString() => Formatter.Format(this);
}

public sealed record NotExpr(Expr Inner) : Expr
{
    public override string ToString() => Formatter.Format(this);
}

public sealed record AndExpr(ValueArray<Expr> Terms) : Expr
{
    /// <summary>Flattens nested ANDs and drops <c>1</c>; a single term is returned as is.</summary>
    public static Expr Of(IEnumerable<Expr> terms)
    {
        var list = new List<Expr>();
        foreach (var t in terms)
        {
            if (t is AndExpr a) list.AddRange(a.Terms);
            else if (t is ConstExpr { Value: true }) continue;
            else list.Add(t);
        }
        return list.Count switch
        {
            0 => True,
            1 => list[0],
            _ => new AndExpr(list.ToValueArray()),
        };
    }

    public override string ToString() => Formatter.Format(this);
}

public sealed record OrExpr(ValueArray<Expr> Terms) : Expr
{
    /// <summary>Flattens nested ORs and drops <c>0</c>; a single term is returned as is.</summary>
    public static Expr Of(IEnumerable<Expr> terms)
    {
        var list = new List<Expr>();
        foreach (var t in terms)
        {
            if (t is OrExpr o) list.AddRange(o.Terms);
            else if (t is ConstExpr { Value: false }) continue;
            else list.Add(t);
        }
        return list.Count switch
        {
            0 => False,
            1 => list[0],
            _ => new OrExpr(list.ToValueArray()),
        };
    }

    public override string ToString() => Formatter.Format(this);
}

/// <summary>A function evaluated on the chassis, e.g. <c>is_chassis_resident("lport")</c>.</summary>
public sealed record CallExpr(string Name, ValueArray<Operand> Args) : Expr
{
    public override string ToString() => Formatter.Format(this);
}

public enum Pipeline : byte { Ingress, Egress }

/// <summary>Actions, one record per OVN action form. See <see cref="ActionParser"/>.</summary>
public abstract record LAction
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary><c>next;</c>, <c>next(T);</c> or <c>next(pipeline=P, table=T);</c></summary>
public sealed record NextAction(Pipeline? Pipeline = null, int? Table = null) : LAction
{
    public override string ToString() => Formatter.Format(this);
}

public sealed record OutputAction : LAction
{
    public static readonly OutputAction Instance = new();
    public override string ToString() => Formatter.Format(this);
}

public sealed record DropAction : LAction
{
    public static readonly DropAction Instance = new();
    public override string ToString() => Formatter.Format(this);
}

/// <summary><c>dst = value;</c> where value is a constant, a string (for inport/outport) or a field.</summary>
public sealed record AssignAction(FieldRef Destination, Operand Source) : LAction
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary><c>a &lt;-&gt; b;</c></summary>
public sealed record ExchangeAction(FieldRef Left, FieldRef Right) : LAction
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary><c>ip.ttl--;</c></summary>
public sealed record DecrementTtlAction : LAction
{
    public static readonly DecrementTtlAction Instance = new();
    public override string ToString() => Formatter.Format(this);
}

/// <summary>A block action that runs its body on a (possibly synthesized) packet: <c>arp { ... };</c>, <c>icmp4 { ... };</c>, <c>clone { ... };</c></summary>
public sealed record NestedAction(string Name, ValueArray<LAction> Body) : LAction
{
    public override string ToString() => Formatter.Format(this);
}

/// <summary>A function action, optionally storing a result: <c>get_arp(outport, reg0);</c>, <c>reg9[2] = lookup_arp(inport, arp.spa, arp.sha);</c></summary>
public sealed record CallAction(FieldRef? Result, string Name, ValueArray<Operand> Args) : LAction
{
    public override string ToString() => Formatter.Format(this);
}
