using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class ScriptWriterTests
{
    [Fact]
    public void Written_script_loads_back_to_an_equal_model_with_equal_keys()
    {
        var db = Ok("""
            lr-add lr0
            ls-add sw0
            lr-add lr1
            lsp-add sw0 b -- lsp-set-addresses b '50:54:00:00:00:02 10.0.0.4' unknown -- lsp-set-enabled b disabled
            lsp-add sw0 a -- lsp-set-port-security a '50:54:00:00:00:01 10.0.0.3,10.0.0.5' -- lsp-set-options a foo=bar "odd key=it's \"quoted\""
            lsp-add sw0 r -- lsp-set-type r router -- lsp-set-options r router-port=lr0-sw0 -- lsp-set-addresses r router
            lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.1/24 fd00::1/64
            lrp-add lr0 lr0-lr1 00:00:00:00:ff:09 20.0.0.1/30 peer=lr1-lr0
            lrp-add lr1 lr1-lr0 00:00:00:00:ff:0a 20.0.0.2/30 peer=lr0-lr1
            lr-route-add lr0 0.0.0.0/0 20.0.0.2
            --policy=src-ip lr-route-add lr0 10.0.0.0/24 20.0.0.2 lr0-lr1
            lr-route-add lr1 99.0.0.0/8 discard
            create Address_Set name='"odd name"' addresses='"fd00::5","50:54:00:00:00:09",10.9.0.0/16'
            create Address_Set name=empty
            pg-add pg a b
            pg-add sw0
            --name=deny-ssh --type=switch acl-add sw0 from-lport 1200 'tcp.dst == 22' drop
            acl-add pg to-lport 1 'outport == @pg && eth.src == 50:54:00:00:00:09' allow-stateless
            """);
        var text = NbScriptWriter.Write(db);
        var loaded = NbScript.Load(text, "written.nbctl");
        Assert.True(loaded.Ok, text + "\n" + string.Join("\n", loaded.Diagnostics));
        Assert.Equal(db, loaded.Database);
        Assert.Equal(text, NbScriptWriter.Write(loaded.Database!));
        Assert.StartsWith("lr-add lr0\nls-add sw0\nlr-add lr1\n", text.ReplaceLineEndings("\n"));
    }
}
