namespace Overlay.Northd.Tests.Support;

/// <summary>Small NB topologies as commands (each a list of words).</summary>
public static class Topologies
{
    /// <summary>
    /// sw0 (p0a, p0b) and sw1 (p1a) attached to router lr0; sw2 (p2a) on its own.
    /// A chassis with p0a needs sw0, lr0 and sw1 (the patch closure); one with p2a needs only sw2.
    /// </summary>
    public static string[][] TwoTenants() =>
    [
        ["ls-add", "sw0"], ["ls-add", "sw1"], ["ls-add", "sw2"], ["lr-add", "lr0"],
        .. RouterLink("lr0", "sw0", "00:00:00:00:01:00", "10.0.0.1/24"),
        .. RouterLink("lr0", "sw1", "00:00:00:00:01:01", "10.0.1.1/24"),
        .. Vif("sw0", "p0a", "00:00:00:00:00:0a", "10.0.0.10"),
        .. Vif("sw0", "p0b", "00:00:00:00:00:0b", "10.0.0.11"),
        .. Vif("sw1", "p1a", "00:00:00:00:00:1a", "10.0.1.10"),
        .. Vif("sw2", "p2a", "00:00:00:00:00:2a", "10.0.2.10"),
    ];

    public static string[][] Vif(string sw, string port, string mac, string ip) =>
    [
        ["lsp-add", sw, port],
        ["lsp-set-addresses", port, $"{mac} {ip}"],
    ];

    public static string[][] RouterLink(string router, string sw, string mac, string network)
    {
        string lrp = $"lrp-{sw}", lsp = $"rp-{sw}";
        return
        [
            ["lrp-add", router, lrp, mac, network],
            ["lsp-add", sw, lsp],
            ["lsp-set-type", lsp, "router"],
            ["lsp-set-options", lsp, $"router-port={lrp}"],
            ["lsp-set-addresses", lsp, "router"],
        ];
    }
}
