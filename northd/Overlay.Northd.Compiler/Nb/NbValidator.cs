namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Full validation of an NB database: every problem, each naming its object, field and bad value.
/// Pure; <see cref="NbTransaction"/> runs it on the result of a transaction and refuses on any problem.
/// It is also the oracle for <see cref="NbIncrementalValidator"/>, which must report exactly the same.
/// </summary>
public static class NbValidator
{
    public static IReadOnlyList<NbDiagnostic> Validate(NbDatabase db)
    {
        var index = NbIndex.Build(db);
        var problems = new List<NbDiagnostic>();
        SwitchRules.Check(db, index, problems);
        RouterRules.Check(db, index, problems);
        RouteRules.Check(db, problems);
        AclRules.Check(db, problems);
        GroupRules.Check(db, index, problems);
        CheckKeys(db, problems);
        PortNameRules.Check(db, problems);
        return problems.Distinct().ToList();
    }

    private static void CheckKeys(NbDatabase db, List<NbDiagnostic> problems)
    {
        var datapaths = new KeyRules.DatapathKeys(problems);
        foreach (var sw in db.Switches.Values)
        {
            datapaths.Check(NbObjects.Switch(sw.Name), sw.TunnelKey);
            KeyRules.CheckSwitchPorts(sw, problems);
        }
        foreach (var lr in db.Routers.Values)
        {
            datapaths.Check(NbObjects.Router(lr.Name), lr.TunnelKey);
            KeyRules.CheckRouterPorts(lr, problems);
        }
    }
}
