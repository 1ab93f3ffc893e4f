using Overlay.Logical;
using Overlay.Northd.Compiler.Compile;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>Logical networks from ovn-nbctl scripts, compiled by the stage-1 compiler.</summary>
internal static class Networks
{
    public static LogicalNetwork Compile(string script)
    {
        var r = NbScript.Load(script, "test.nbctl");
        Assert.True(r.Ok, "script refused:\n" + string.Join("\n", r.Diagnostics));
        return NorthdCompiler.Compile(r.Database!);
    }

    /// <summary>One switch sw0 (key 1) with VIFs p1..p3 (10.0.0.1..3).</summary>
    public const string SingleSwitch = """
        ls-add sw0
        lsp-add sw0 p1 -- lsp-set-addresses p1 "50:54:00:00:00:01 10.0.0.1"
        lsp-add sw0 p2 -- lsp-set-addresses p2 "50:54:00:00:00:02 10.0.0.2"
        lsp-add sw0 p3 -- lsp-set-addresses p3 "50:54:00:00:00:03 10.0.0.3"
        """;

    /// <summary>sw0 (p1, p2) and sw1 (q1) joined by lr0.</summary>
    public const string Router = """
        ls-add sw0
        lsp-add sw0 p1 -- lsp-set-addresses p1 "50:54:00:00:00:01 10.0.0.1"
        lsp-add sw0 p2 -- lsp-set-addresses p2 "50:54:00:00:00:02 10.0.0.2"
        ls-add sw1
        lsp-add sw1 q1 -- lsp-set-addresses q1 "50:54:00:00:01:01 10.0.1.11"
        lr-add lr0
        lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.254/24
        lrp-add lr0 lr0-sw1 00:00:00:00:ff:02 10.0.1.254/24
        lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router -- lsp-set-addresses sw0-lr0 router -- lsp-set-options sw0-lr0 router-port=lr0-sw0
        lsp-add sw1 sw1-lr0 -- lsp-set-type sw1-lr0 router -- lsp-set-addresses sw1-lr0 router -- lsp-set-options sw1-lr0 router-port=lr0-sw1
        """;
}
