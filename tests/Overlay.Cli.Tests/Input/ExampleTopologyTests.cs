using Overlay.Cli.Input;
using Overlay.Northd.Compiler.Nb;
using Overlay.TestSupport;

namespace Overlay.Cli.Tests.Input;

/// <summary>deploy/examples: the two-tier network as an ovn-nbctl script and as YAML is one NB model.</summary>
public class ExampleTopologyTests
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(RepoRoot.Path, "deploy", "examples", name));

    [Fact]
    public void Two_tier_script_and_yaml_load_to_equal_models()
    {
        var script = NbScript.Load(Example("two-tier.nbctl"), "two-tier.nbctl");
        var yaml = NbYaml.Load(Example("two-tier.yaml"), "two-tier.yaml");
        Assert.True(script.Ok, string.Join("\n", script.Diagnostics));
        Assert.True(yaml.Ok, string.Join("\n", yaml.Diagnostics));
        Assert.Equal(script.Database, yaml.Database);
    }

    [Fact]
    public void Two_tier_has_what_the_example_promises()
    {
        var db = NbYaml.Load(Example("two-tier.yaml"), "two-tier.yaml").Database!;
        Assert.Equal(["sw0", "sw1"], db.Switches.Keys);
        Assert.Equal((1u, 2u, 3u), (db.Switches["sw0"].TunnelKey, db.Switches["sw1"].TunnelKey, db.Routers["lr0"].TunnelKey));
        foreach (var sw in db.Switches.Values)
        {
            var vifs = sw.Ports.Values.Where(p => p.Type == PortTypes.Vif).ToList();
            Assert.Equal(2, vifs.Count);
            Assert.All(vifs, p => Assert.Equal(p.Addresses, p.PortSecurity));
            Assert.Single(sw.Ports.Values, p => p.Type == PortTypes.Router);
        }
        Assert.Equal(2, db.PortGroups["pg_web"].Acls.Count);
        Assert.Equal(["20.0.0.3", "20.0.0.4"], db.AddressSets["as_db"].Addresses);
        var index = NbIndex.Build(db);
        Assert.Equal(["sw0-lr0"], index.SwitchPortsAttachedTo("lr0-sw0").AsEnumerable());
        Assert.Equal("sw1", index.FindSwitchPort("sw1-lr0")!.Value.Switch.Name);
    }
}
