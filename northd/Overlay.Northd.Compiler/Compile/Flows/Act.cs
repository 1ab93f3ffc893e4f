using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Flows;

/// <summary>
/// An action list with its canonical text formatted once. Fixed lists (<c>next;</c>, <c>drop;</c>) are
/// shared by every flow that uses them, so their text is formatted and stored once.
/// </summary>
internal sealed class ActionList
{
    public ActionList(ImmutableArray<LAction> actions)
    {
        Actions = actions;
        Text = Formatter.Format(actions);
    }

    public ImmutableArray<LAction> Actions { get; }

    public string Text { get; }
}

/// <summary>Action constructors and the fixed action lists.</summary>
internal static class Act
{
    public static readonly NextAction Next = new();
    public static readonly OutputAction Output = OutputAction.Instance;
    public static readonly DropAction Drop = DropAction.Instance;

    public static readonly ActionList NextOnly = new([Next]);
    public static readonly ActionList DropOnly = new([Drop]);
    public static readonly ActionList OutputOnly = new([Output]);

    /// <summary><c>reg0[15] = 1; next;</c>: flag the packet for the port-security apply stage.</summary>
    public static readonly ActionList MarkPortSecDrop = new([Assign(Fields.PortSecDrop, Match.Int(1)), Next]);

    // Fixed actions shared by the ARP responders and routes.
    public static readonly AssignAction EthDstFromSrc = Assign(Fields.EthDst, Fields.EthSrc);
    public static readonly AssignAction ArpOpReply = Assign(Fields.ArpOp, Match.Int(2));
    public static readonly AssignAction ArpThaFromSha = Assign(Fields.ArpTha, Fields.ArpSha);
    public static readonly AssignAction ArpTpaFromSpa = Assign(Fields.ArpTpa, Fields.ArpSpa);
    public static readonly AssignAction OutportFromInport = Assign(Fields.Outport, Fields.Inport);
    public static readonly AssignAction Loopback = Assign(Fields.FlagsLoopback, Match.Int(1));
    public static readonly AssignAction NextHopIsDestination = Assign(Fields.NextHop, Fields.Ip4Dst);

    /// <summary>A router's ARP reply from its own port: the MAC comes from xreg0[0..47], set in admission.</summary>
    public static readonly ActionList RouterArpReply = new(
    [
        EthDstFromSrc,
        Assign(Fields.EthSrc, Fields.InportMac),
        ArpOpReply,
        ArpThaFromSha,
        Assign(Fields.ArpSha, Fields.InportMac),
        Swap(Fields.ArpTpa, Fields.ArpSpa),
        OutportFromInport,
        Loopback,
        Output,
    ]);

    /// <summary>An ICMP echo reply in place, sent on through routing back to the source.</summary>
    public static readonly ActionList EchoReply = new(
    [
        Swap(Fields.Ip4Dst, Fields.Ip4Src),
        Assign(Fields.IpTtl, Match.Int(255)),
        Assign(Fields.Icmp4Type, Match.Int(0)),
        Loopback,
        Next,
    ]);

    public static AssignAction Assign(FieldRef destination, Operand source) => new(destination, source);

    public static AssignAction Assign(FieldRef destination, FieldRef source) => new(destination, new FieldOperand(source));

    public static AssignAction SetPort(FieldRef destination, string port) => new(destination, new StringOperand(port));

    public static ExchangeAction Swap(FieldRef left, FieldRef right) => new(left, right);
}
