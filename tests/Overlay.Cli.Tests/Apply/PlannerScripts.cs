using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Tests.Apply;

/// <summary>Databases for planner tests, written as ovn-nbctl scripts.</summary>
internal static class PlannerScripts
{
    public const string TwoTier = """
        ls-add sw0
        ls-add sw1
        lr-add lr0
        lsp-add sw0 sw0-port1
        lsp-set-addresses sw0-port1 "50:54:00:00:00:01 10.0.0.3"
        lsp-set-port-security sw0-port1 "50:54:00:00:00:01 10.0.0.3"
        lsp-add sw0 sw0-port2
        lsp-set-addresses sw0-port2 "50:54:00:00:00:02 10.0.0.4"
        lsp-add sw1 sw1-port1
        lsp-set-addresses sw1-port1 "50:54:00:00:01:01 20.0.0.3"
        lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.1/24
        lrp-add lr0 lr0-sw1 00:00:00:00:ff:02 20.0.0.1/24
        lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router -- lsp-set-addresses sw0-lr0 router -- lsp-set-options sw0-lr0 router-port=lr0-sw0
        lsp-add sw1 sw1-lr0 -- lsp-set-type sw1-lr0 router -- lsp-set-addresses sw1-lr0 router -- lsp-set-options sw1-lr0 router-port=lr0-sw1
        lr-route-add lr0 30.0.0.0/24 20.0.0.50
        create Address_Set name=as_web addresses=10.0.0.3,10.0.0.4
        pg-add pg_web sw0-port1 sw0-port2
        acl-add pg_web to-lport 1002 'outport == @pg_web && ip4 && tcp.dst == 80' allow-related
        acl-add pg_web to-lport 1001 'outport == @pg_web && ip4' drop
        acl-add sw1 from-lport 1000 'ip4.src == $as_web' allow
        """;

    /// <summary>Two-tier with something of every kind changed: ports gone, moved, re-addressed; a router port re-MACed; routes, ACLs, sets, groups.</summary>
    public const string TwoTierChanged = """
        ls-add sw0
        ls-add sw1
        lr-add lr0
        ls-add sw2
        lsp-add sw0 sw0-port1
        lsp-set-addresses sw0-port1 "50:54:00:00:00:01 10.0.0.5"
        lsp-add sw1 sw0-port2
        lsp-set-addresses sw0-port2 "50:54:00:00:00:02 20.0.0.4"
        lsp-add sw1 sw1-port1
        lsp-set-addresses sw1-port1 "50:54:00:00:01:01 20.0.0.3"
        lsp-set-enabled sw1-port1 disabled
        lsp-add sw2 sw2-port1
        lrp-add lr0 lr0-sw0 00:00:00:00:ff:11 10.0.0.1/24
        lrp-add lr0 lr0-sw1 00:00:00:00:ff:02 20.0.0.1/24
        lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router -- lsp-set-addresses sw0-lr0 router -- lsp-set-options sw0-lr0 router-port=lr0-sw0
        lsp-add sw1 sw1-lr0 -- lsp-set-type sw1-lr0 router -- lsp-set-addresses sw1-lr0 router -- lsp-set-options sw1-lr0 router-port=lr0-sw1
        lr-route-add lr0 30.0.0.0/24 20.0.0.60
        lr-route-add lr0 0.0.0.0/0 20.0.0.1
        create Address_Set name=as_web addresses=10.0.0.5
        create Address_Set name=as_db addresses=20.0.0.3
        pg-add pg_web
        acl-add pg_web to-lport 1002 'outport == @pg_web && ip4 && tcp.dst == 80' allow
        acl-add sw1 from-lport 1000 'ip4.src == $as_web' allow
        acl-add sw1 from-lport 900 'ip4.src == $as_db' drop
        """;

    public const string Small = """
        ls-add sw9
        lsp-add sw9 p9
        lsp-set-addresses p9 "50:54:00:00:09:09 10.9.0.9"
        pg-add pg_web p9
        acl-add pg_web from-lport 10 'inport == @pg_web' drop
        """;

    public static readonly string[] All = [TwoTier, TwoTierChanged, Small, ""];

    public static NbDatabase Load(string script)
    {
        var r = NbScript.Load(script, "test.nbctl");
        Assert.True(r.Ok, string.Join("\n", r.Diagnostics));
        return r.Database!;
    }
}
