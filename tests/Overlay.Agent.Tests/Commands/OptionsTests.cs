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
    public void A_bad_interval_is_shown_in_seconds_as_given()
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions { AuditInterval = TimeSpan.FromSeconds(-5) });

        Assert.Equal(["--audit-interval must be positive (got -5 s)"], result.Failures!);
    }

    [Theory]
    [InlineData("127.0.0.1:6641")]
    [InlineData("tcp:127.0.0.1:6641")]
    [InlineData("")]
    public void NorthdMustBeAnHttpAddress(string northd)
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions { Northd = northd });

        Assert.Contains(result.Failures!, f => f.Contains("is not an http:// or https:// address", StringComparison.Ordinal));
    }

    [Fact]
    public void NorthdIsValidAlone()
    {
        Assert.True(new AgentOptionsValidator().Validate(null, new AgentOptions { Northd = "http://127.0.0.1:6641" }).Succeeded);
    }

    [Fact]
    public void OvsdbCanBeSwitchedOff()
    {
        Assert.True(new AgentOptionsValidator().Validate(null, new AgentOptions { Ovsdb = AgentOptions.NoOvsdb }).Succeeded);
    }
}
