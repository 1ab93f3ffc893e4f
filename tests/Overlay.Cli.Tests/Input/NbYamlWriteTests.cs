using Overlay.Cli.Input;
using Overlay.Northd.Compiler.Nb;
using Overlay.TestSupport;

namespace Overlay.Cli.Tests.Input;

public class NbYamlWriteTests
{
    private static NbDatabase Script(string text)
    {
        var r = NbScript.Load(text, "t.nbctl");
        Assert.True(r.Ok, string.Join("\n", r.Diagnostics));
        return r.Database!;
    }

    [Fact]
    public void Write_then_load_gives_an_equal_model()
    {
        var db = Script(File.ReadAllText(Path.Combine(RepoRoot.Path, "deploy/examples/two-tier.nbctl")));
        var text = NbYaml.Write(db);
        var loaded = NbYaml.Load(text, "written.yaml");
        Assert.True(loaded.Ok, text + "\n" + string.Join("\n", loaded.Diagnostics));
        Assert.Equal(db, loaded.Database);
    }

    [Fact]
    public void Write_keeps_everything_the_model_says_keys_aside()
    {
        // Deletions leave holes in the key space, and names sort differently from creation order,
        // so keys come back different; everything else must survive.
        var db = Script("""
            ls-add zz
            ls-add sw0
            lr-add lr0
            lr-add lr1
            ls-del zz
            lsp-add sw0 b -- lsp-set-addresses b '50:54:00:00:00:02 10.0.0.4' unknown -- lsp-set-enabled b disabled
            lsp-add sw0 a -- lsp-set-port-security a '50:54:00:00:00:01 10.0.0.3,10.0.0.5' -- lsp-set-options a foo=bar 'odd key=a "quoted" value'
            lsp-add sw0 r -- lsp-set-type r router -- lsp-set-options r router-port=lr0-sw0 -- lsp-set-addresses r router
            lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.1/24 fd00::1/64
            lrp-add lr0 lr0-lr1 00:00:00:00:ff:09 20.0.0.1/30 peer=lr1-lr0
            lrp-add lr1 lr1-lr0 00:00:00:00:ff:0a 20.0.0.2/30 peer=lr0-lr1
            lr-route-add lr0 0.0.0.0/0 20.0.0.2
            --policy=src-ip lr-route-add lr0 10.0.0.0/24 20.0.0.2 lr0-lr1
            lr-route-add lr1 10.0.0.0/24 20.0.0.1
            lr-route-add lr1 99.0.0.0/8 discard
            create Address_Set name=true addresses='"fd00::5","50:54:00:00:00:09",10.9.0.0/16'
            pg-add pg a b
            pg-add empty
            --name=deny-ssh acl-add sw0 from-lport 1200 'tcp.dst == 22' drop
            acl-add pg to-lport 1 'outport == @pg && ip4.src == $true && eth.src == 50:54:00:00:00:09' allow-stateless
            """);
        var text = NbYaml.Write(db);
        var loaded = NbYaml.Load(text, "written.yaml");
        Assert.True(loaded.Ok, text + "\n" + string.Join("\n", loaded.Diagnostics));
        Assert.Equal(StripKeys(db), StripKeys(loaded.Database!));
        Assert.Equal(text, NbYaml.Write(loaded.Database!));
    }

    [Fact]
    public void An_empty_database_writes_an_empty_mapping()
    {
        Assert.Equal("{}\n", NbYaml.Write(NbDatabase.Empty));
        Assert.True(NbYaml.Load("{}\n", "e.yaml").Ok);
    }

    private static NbDatabase StripKeys(NbDatabase db) => db with
    {
        Switches = db.Switches.SetItems(db.Switches.Select(kv => new KeyValuePair<string, LogicalSwitch>(kv.Key, kv.Value with
        {
            TunnelKey = 0,
            Ports = kv.Value.Ports.SetItems(kv.Value.Ports.Select(p => new KeyValuePair<string, SwitchPort>(p.Key, p.Value with { TunnelKey = 0 }))),
        }))),
        Routers = db.Routers.SetItems(db.Routers.Select(kv => new KeyValuePair<string, LogicalRouter>(kv.Key, kv.Value with
        {
            TunnelKey = 0,
            Ports = kv.Value.Ports.SetItems(kv.Value.Ports.Select(p => new KeyValuePair<string, RouterPort>(p.Key, p.Value with { TunnelKey = 0 }))),
        }))),
    };
}
