using System.Globalization;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Tunnel keys: datapath keys in range and unique across switches and routers; port keys in range and
/// unique within their datapath. Keys come from the transaction, but a database read from a store is checked too.
/// </summary>
internal static class KeyRules
{
    /// <summary>
    /// Datapath keys in walk order (switches, then routers): a repeat is reported on the later datapath.
    /// Only datapaths sharing a key interact, so a walk restricted to some keys reports exactly what a full
    /// walk reports for those keys.
    /// </summary>
    public sealed class DatapathKeys(List<NbDiagnostic> problems)
    {
        private readonly Dictionary<uint, string> owners = [];

        public void Check(string obj, uint key)
        {
            if (key is < Keys.MinDatapath or > Keys.MaxDatapath)
                problems.Add(new(obj, "tunnel_key", Text(key), "datapath tunnel key out of range"));
            else if (!owners.TryAdd(key, obj))
                problems.Add(new(obj, "tunnel_key", Text(key), $"datapath tunnel key also used by {owners[key]}"));
        }
    }

    public static void CheckSwitchPorts(LogicalSwitch sw, List<NbDiagnostic> problems) =>
        CheckPorts(sw.Ports.Values.Select(p => (NbObjects.SwitchPort(p.Name), p.TunnelKey)), problems);

    public static void CheckRouterPorts(LogicalRouter lr, List<NbDiagnostic> problems) =>
        CheckPorts(lr.Ports.Values.Select(p => (NbObjects.RouterPort(p.Name), p.TunnelKey)), problems);

    private static void CheckPorts(IEnumerable<(string Obj, uint Key)> ports, List<NbDiagnostic> problems)
    {
        var seen = new Dictionary<uint, string>();
        foreach (var (obj, key) in ports)
            if (key is < Keys.MinPort or > Keys.MaxPort)
                problems.Add(new(obj, "tunnel_key", Text(key), "port tunnel key out of range"));
            else if (!seen.TryAdd(key, obj))
                problems.Add(new(obj, "tunnel_key", Text(key), $"port tunnel key also used by {seen[key]}"));
    }

    private static string Text(uint key) => key.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Switch and router ports share one namespace (they all become SB port bindings). The transaction
/// enforces this; a database read from a store is checked too. A repeat is reported on every port
/// after the first in walk order (switches, then routers; each by name, then its ports by name).
/// </summary>
internal static class PortNameRules
{
    public static void Check(NbDatabase db, List<NbDiagnostic> problems)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sw in db.Switches.Values)
            foreach (var p in sw.Ports.Values)
                if (!owner.TryAdd(p.Name, NbObjects.Switch(sw.Name)))
                    problems.Add(Duplicate(NbObjects.SwitchPort(p.Name), p.Name, owner[p.Name]));
        foreach (var lr in db.Routers.Values)
            foreach (var p in lr.Ports.Values)
                if (!owner.TryAdd(p.Name, NbObjects.Router(lr.Name)))
                    problems.Add(Duplicate(NbObjects.RouterPort(p.Name), p.Name, owner[p.Name]));
    }

    public static NbDiagnostic Duplicate(string obj, string name, string firstDatapath) =>
        new(obj, "name", name, $"port name is also used on {firstDatapath}; port names must be unique across switches and routers");
}
