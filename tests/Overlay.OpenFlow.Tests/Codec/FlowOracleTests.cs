using Overlay.OpenFlow.Flows;
using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Tests.Support;

namespace Overlay.OpenFlow.Tests.Codec;

/// <summary>
/// ovs-ofctl as the oracle for flows: the text we print is what OVS parses back into the
/// very bytes we encode, OVS decodes our bytes to the text we print, and decoding OVS's
/// bytes gives back the flow we started from.
/// </summary>
public sealed class FlowOracleTests
{
    [Theory]
    [MemberData(nameof(FlowCorpus.Names), MemberType = typeof(FlowCorpus))]
    public void OvsEncodesOurFlowTextToOurBytes(string name)
    {
        FlowEntry flow = FlowCorpus.Get(name);
        byte[] ours = (FlowMod.Add(flow) with { Xid = 1 }).Encode();

        byte[] ovs = OfctlOracle.ParseFlow(flow.ToString());

        Assert.Equal(Convert.ToHexString(ovs), Convert.ToHexString(ours));
    }

    [Theory]
    [MemberData(nameof(FlowCorpus.Names), MemberType = typeof(FlowCorpus))]
    public void OvsPrintsOurBytesAsOurText(string name)
    {
        FlowEntry flow = FlowCorpus.Get(name);
        byte[] ours = (FlowMod.Add(flow) with { Xid = 1 }).Encode();

        string printed = OfctlOracle.OfpPrint(ours);

        Assert.DoesNotContain("decode error", printed, StringComparison.OrdinalIgnoreCase);
        string matchPart = flow.Match.IsEmpty ? "" : "," + flow.Match;
        string priorityAndMatch = flow.Priority == 32768 ? flow.Match.ToString() : $"priority={flow.Priority}{matchPart}";
        Assert.Contains(priorityAndMatch, printed, StringComparison.Ordinal);
        Assert.EndsWith(" actions=" + flow.Actions, printed.Split('\n')[0].TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FlowCorpus.Names), MemberType = typeof(FlowCorpus))]
    public void DecodingOvsBytesGivesBackTheFlow(string name)
    {
        FlowEntry flow = FlowCorpus.Get(name);
        byte[] ovs = OfctlOracle.ParseFlow(flow.ToString());

        var decoded = Assert.IsType<FlowMod>(OfpMessage.Decode(ovs));

        Assert.Equal(FlowModCommand.Add, decoded.Command);
        Assert.Equal(flow, decoded.ToFlowEntry());
        Assert.Equal(flow.ToString(), decoded.ToFlowEntry().ToString());
    }
}
