using Overlay.Agent.Configuration;

namespace Overlay.Agent.Tests.Commands;

public sealed class OptionsTests
{
    [Fact]
    public void DefaultsAreValid()
    {
        Assert.True(new AgentOptionsValidator().Validate(null, new AgentOptions()).Succeeded);
    }

    [Fact]
    public void EveryBadSettingIsListed()
    {
        var o = new AgentOptions { OpenFlow = "nonsense", Ovsdb = "tcp:nowhere", Bridge = "", AuditInterval = TimeSpan.Zero, Chassis = "hv1", EncapIp = null };

        var result = new AgentOptionsValidator().Validate(null, o);

        Assert.True(result.Failed);
        Assert.Equal(5, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("--chassis and --encap-ip go together", StringComparison.Ordinal));
    }

    [Fact]
    public void OvsdbCanBeSwitchedOff()
    {
        Assert.True(new AgentOptionsValidator().Validate(null, new AgentOptions { Ovsdb = AgentOptions.NoOvsdb }).Succeeded);
    }
}
