using Overlay.Northd.Compiler.Compile;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>
/// The incremental compiler against the full compile as oracle, over random NB transaction sequences
/// from fixed seeds: after every step the states are identical, the diff turns the previous network
/// into the new one, and updating back to the previous NB leaves no residue.
/// </summary>
public sealed class IncrementalPropertyTests
{
    private const int Steps = 300;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void IncrementalEqualsFullAfterEveryStep(int seed)
    {
        var random = new RandomNb(seed);
        var incremental = new IncrementalCompiler(random.Db);
        var previous = NorthdCompiler.Compile(random.Db);
        NetworkAssert.Equal(previous, incremental.Network, "initial");
        for (int step = 1; step <= Steps; step++)
        {
            var before = random.Db;
            string what = random.Step();
            string context = $"seed {seed} step {step} ({what})";

            var diff = incremental.Update(random.Db);
            var full = NorthdCompiler.Compile(random.Db);
            NetworkAssert.Equal(full, incremental.Network, context);
            NetworkAssert.Equal(full, DiffApplier.Apply(previous, diff), context + " [diff applied]");

            if (step % 7 == 0)
            {
                var back = incremental.Update(before);
                NetworkAssert.Equal(previous, incremental.Network, context + " [reverted]");
                NetworkAssert.Equal(previous, DiffApplier.Apply(full, back), context + " [revert diff applied]");
                incremental.Update(random.Db);
                NetworkAssert.Equal(full, incremental.Network, context + " [re-applied]");
            }
            previous = full;
        }
    }

    [Fact]
    public void RandomHistoriesReachInterestingStates()
    {
        // Guards the generator: the property above means little if the NB stays trivial.
        var db = RandomNb.Evolve(1, Steps);
        var network = NorthdCompiler.Compile(db);
        Assert.True(db.Switches.Count >= 2 && db.Routers.Count >= 1, "too few datapaths");
        Assert.Contains(network.Ports, p => p.IsPatch);
        Assert.Contains(network.Flows, f => f.Stage.Name == "lr_in_arp_resolve" && f.Priority == 100);
        Assert.Contains(network.Flows, f => f.Stage.Name == "ls_in_acl" && f.Priority >= 1000);
        Assert.Contains(network.Flows, f => f.Stage.Name == "ls_out_check_port_sec" && f.Priority == 90);
    }
}
