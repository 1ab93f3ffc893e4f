using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;

namespace Overlay.Agent.Tests.Support;

/// <summary>
/// A flow table with Open vSwitch's OpenFlow 1.5 flow-mod semantics, for checking plans without a switch:
/// add replaces the flow with the same (table, priority, match) entirely; a strict modify replaces only
/// the actions (the cookie stays, as OVS does); a strict delete removes that flow; a non-strict delete
/// with an empty match removes everything (cookie-masked).
/// </summary>
internal sealed class TableModel
{
    public List<FlowEntry> Flows { get; } = [];

    public TableModel(IEnumerable<FlowEntry>? flows = null) => Flows.AddRange(flows ?? []);

    public void Apply(IEnumerable<FlowMod> mods)
    {
        foreach (FlowMod fm in mods)
            Apply(fm);
    }

    /// <summary>Applies one flow mod to <paramref name="table"/> in place.</summary>
    public static void ApplyTo(List<FlowEntry> table, FlowMod fm)
    {
        var model = new TableModel(table);
        model.Apply(fm);
        table.Clear();
        table.AddRange(model.Flows);
    }

    public void Apply(FlowMod fm)
    {
        bool Same(FlowEntry f) => f.Table == fm.TableId && f.Priority == fm.Priority && f.Match == fm.Match;
        switch (fm.Command)
        {
            case FlowModCommand.Add:
                int at = Flows.FindIndex(Same);
                if (at >= 0)
                    Flows[at] = fm.ToFlowEntry();
                else
                    Flows.Add(fm.ToFlowEntry());
                break;
            case FlowModCommand.ModifyStrict:
                int i = Flows.FindIndex(Same);
                if (i >= 0)
                    Flows[i] = Flows[i] with { Actions = fm.Actions };
                break;
            case FlowModCommand.DeleteStrict:
                Flows.RemoveAll(Same);
                break;
            case FlowModCommand.Delete when fm.Match.IsEmpty:
                Flows.RemoveAll(f => (fm.TableId == FlowMod.AllTables || f.Table == fm.TableId) && ((f.Cookie ^ fm.Cookie) & fm.CookieMask) == 0);
                break;
            default:
                throw new NotSupportedException($"the model does not do {fm.Command} with a match");
        }
    }
}
