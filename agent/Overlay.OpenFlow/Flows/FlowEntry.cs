using System.Globalization;
using Overlay.OpenFlow.Actions;
using Overlay.OpenFlow.Fields;

namespace Overlay.OpenFlow.Flows;

/// <summary>
/// A flow as the agent thinks of it: table, priority, cookie, match, actions.
/// Structurally comparable, so desired and installed flow sets can be diffed.
/// <see cref="ToString"/> gives a line <c>ovs-ofctl -O OpenFlow15 add-flow</c> accepts:
/// <c>table=N,priority=P,cookie=0x..,MATCH actions=ACTS</c>.
/// </summary>
public sealed record FlowEntry(byte Table, ushort Priority, ulong Cookie, Match Match, ActionList Actions)
{
    public ushort IdleTimeout { get; init; }

    public ushort HardTimeout { get; init; }

    public ushort Importance { get; init; }

    public FlowModFlags Flags { get; init; }

    public override string ToString()
    {
        var parts = new List<string>
        {
            "table=" + Table.ToString(CultureInfo.InvariantCulture),
            "priority=" + Priority.ToString(CultureInfo.InvariantCulture),
            "cookie=0x" + Cookie.ToString("x", CultureInfo.InvariantCulture),
        };
        if (IdleTimeout != 0)
        {
            parts.Add("idle_timeout=" + IdleTimeout.ToString(CultureInfo.InvariantCulture));
        }

        if (HardTimeout != 0)
        {
            parts.Add("hard_timeout=" + HardTimeout.ToString(CultureInfo.InvariantCulture));
        }

        if (Importance != 0)
        {
            parts.Add("importance=" + Importance.ToString(CultureInfo.InvariantCulture));
        }

        parts.AddRange(FlowModFlagsText.Keywords(Flags));
        if (!Match.IsEmpty)
        {
            parts.Add(Match.ToString());
        }

        return string.Join(',', parts) + " actions=" + Actions;
    }
}
