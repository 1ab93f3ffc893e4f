namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Full validation of an NB database: every problem, each naming its object, field and bad value.
/// Pure; <see cref="NbTransaction"/> runs it on the result of every transaction and refuses on any problem.
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
        CheckPortNames(db, problems);
        return problems.Distinct().ToList();
    }

    // Switch and router ports share one namespace (they all become SB port bindings). The transaction
    // enforces this; a database read from a store is checked too.
    private static void CheckPortNames(NbDatabase db, List<NbDiagnostic> problems)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var ports = db.Switches.Values.SelectMany(s => s.Ports.Values.Select(p => (p.Name, NbObjects.SwitchPort(p.Name), NbObjects.Switch(s.Name))))
            .Concat(db.Routers.Values.SelectMany(r => r.Ports.Values.Select(p => (p.Name, NbObjects.RouterPort(p.Name), NbObjects.Router(r.Name)))));
        foreach (var (name, obj, datapath) in ports)
            if (!owner.TryAdd(name, datapath))
                problems.Add(new(obj, "name", name, $"port name is also used on {owner[name]}; port names must be unique across switches and routers"));
    }

    // Keys come from the transaction, but a database read from a store is checked too.
    private static void CheckKeys(NbDatabase db, List<NbDiagnostic> problems)
    {
        var datapaths = new Dictionary<uint, string>();
        void Datapath(string obj, uint key)
        {
            if (key is < Overlay.Logical.Keys.MinDatapath or > Overlay.Logical.Keys.MaxDatapath)
                problems.Add(new(obj, "tunnel_key", key.ToString(System.Globalization.CultureInfo.InvariantCulture), "datapath tunnel key out of range"));
            else if (!datapaths.TryAdd(key, obj))
                problems.Add(new(obj, "tunnel_key", key.ToString(System.Globalization.CultureInfo.InvariantCulture), $"datapath tunnel key also used by {datapaths[key]}"));
        }
        void Ports(IEnumerable<(string Obj, uint Key)> ports)
        {
            var seen = new Dictionary<uint, string>();
            foreach (var (obj, key) in ports)
                if (key is < Overlay.Logical.Keys.MinPort or > Overlay.Logical.Keys.MaxPort)
                    problems.Add(new(obj, "tunnel_key", key.ToString(System.Globalization.CultureInfo.InvariantCulture), "port tunnel key out of range"));
                else if (!seen.TryAdd(key, obj))
                    problems.Add(new(obj, "tunnel_key", key.ToString(System.Globalization.CultureInfo.InvariantCulture), $"port tunnel key also used by {seen[key]}"));
        }
        foreach (var sw in db.Switches.Values)
        {
            Datapath(NbObjects.Switch(sw.Name), sw.TunnelKey);
            Ports(sw.Ports.Values.Select(p => (NbObjects.SwitchPort(p.Name), p.TunnelKey)));
        }
        foreach (var lr in db.Routers.Values)
        {
            Datapath(NbObjects.Router(lr.Name), lr.TunnelKey);
            Ports(lr.Ports.Values.Select(p => (NbObjects.RouterPort(p.Name), p.TunnelKey)));
        }
    }
}
