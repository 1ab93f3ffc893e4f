namespace Overlay.Northd.Compiler.Nb.Tests;

/// <summary>Helpers: run an ovn-nbctl script as one transaction and assert on the outcome.</summary>
internal static class Script
{
    public const string File = "t.nbctl";

    /// <summary>A switch with one VIF and a router attached to it; most tests build on this.</summary>
    public const string Base = """
        ls-add sw0
        lsp-add sw0 sw0-port1
        lsp-set-addresses sw0-port1 "50:54:00:00:00:01 10.0.0.3"
        lr-add lr0
        lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.1/24
        lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router -- lsp-set-addresses sw0-lr0 router -- lsp-set-options sw0-lr0 router-port=lr0-sw0
        """;

    public static NbDatabase Ok(string script, NbDatabase? db = null)
    {
        var r = NbScript.Apply(db ?? NbDatabase.Empty, script, File);
        Assert.True(r.Ok, "expected success, got:\n" + string.Join("\n", r.Diagnostics));
        Assert.Empty(r.Diagnostics);
        return r.Database!;
    }

    public static IReadOnlyList<NbDiagnostic> Fails(string script, NbDatabase? db = null)
    {
        var r = NbScript.Apply(db ?? NbDatabase.Empty, script, File);
        Assert.False(r.Ok, "expected the transaction to be refused");
        Assert.Null(r.Database);
        Assert.NotEmpty(r.Diagnostics);
        return r.Diagnostics;
    }

    /// <summary>Asserts the script is refused with exactly one problem, and returns it.</summary>
    public static NbDiagnostic FailsOnce(string script, NbDatabase? db = null)
    {
        var all = Fails(script, db);
        Assert.True(all.Count == 1, "expected one problem, got:\n" + string.Join("\n", all));
        return all[0];
    }

    /// <summary>Asserts one problem names this object, field and value, and its message contains <paramref name="message"/>.</summary>
    public static NbDiagnostic Has(IReadOnlyList<NbDiagnostic> all, string obj, string field, string value, string message)
    {
        var hit = all.FirstOrDefault(d => d.Object == obj && d.Field == field && d.Value == value && d.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(hit is not null, $"no problem {obj} / {field} / \"{value}\" / ...{message}... among:\n" + string.Join("\n", all));
        return hit!;
    }

    public static SwitchPort Lsp(NbDatabase db, string sw, string port) => db.Switches[sw].Ports[port];

    public static RouterPort Lrp(NbDatabase db, string lr, string port) => db.Routers[lr].Ports[port];
}
