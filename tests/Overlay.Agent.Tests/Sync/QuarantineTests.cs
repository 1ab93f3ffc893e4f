using Overlay.Agent.Sync;
using Flows = Overlay.Agent.Tests.Support.Flows;

namespace Overlay.Agent.Tests.Sync;

public sealed class QuarantineTests
{
    [Fact]
    public void ARefusedFlowIsLeftOutUntilTheDesiredFlowWithItsKeyChanges()
    {
        var quarantine = new Quarantine();
        quarantine.Add(Flows.Make(2, outPort: 0xdead), "OFPBAC_BAD_OUT_PORT", "port binding p2");
        var desired = FlowSet.Of([Flows.Make(1), Flows.Make(2, outPort: 0xdead)]);

        Assert.Equal([Flows.Make(1)], quarantine.Apply(desired).Flows.ToArray());

        quarantine.Forget(desired);
        Assert.Single(quarantine.Rejected);

        var fixedUp = FlowSet.Of([Flows.Make(1), Flows.Make(2, outPort: 2)]);
        Assert.Equal(2, quarantine.Apply(fixedUp).Count); // Same key, different flow: tried again.
        quarantine.Forget(fixedUp);
        Assert.Empty(quarantine.Rejected);
    }
}
