using System.Globalization;
using Overlay.Agent.Translator;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Input;

/// <summary>
/// Where logical ports live, for offline host translation. One entry per line, '#' comments:
/// <c>chassis NAME ENCAP_IP</c> declares a host; <c>LOGICAL_PORT CHASSIS [OFPORT]</c> binds a port
/// (the OpenFlow port number is needed for ports on the host being translated). <see cref="Lines"/> says where each
/// port's binding is, for problems found once the topology is known.
/// </summary>
public sealed record Bindings(
    IReadOnlyList<RemoteChassis> Chassis,
    IReadOnlyList<(string Port, string Chassis, uint? OfPort)> Ports,
    IReadOnlyDictionary<string, SourceLocation> Lines)
{
    public static (Bindings? Bindings, IReadOnlyList<NbDiagnostic> Problems) Parse(string text, string file)
    {
        var chassis = new List<RemoteChassis>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var ports = new List<(string, string, uint?)>();
        var lines = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var problems = new List<NbDiagnostic>();
        var all = text.Split('\n');
        for (int i = 0; i < all.Length; i++)
        {
            var where = new SourceLocation(file, i + 1);
            var line = all[i];
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words[0] == "chassis")
            {
                if (words.Length != 3 || !System.Net.IPAddress.TryParse(words[2], out _))
                    problems.Add(new NbDiagnostic("bindings", "chassis", line.Trim(), "expected 'chassis NAME ENCAP_IP' with an IP address", where));
                else if (!declared.Add(words[1]))
                    problems.Add(new NbDiagnostic("bindings", "chassis", words[1], "chassis declared twice", where));
                else
                    chassis.Add(new RemoteChassis(words[1], words[2]));
                continue;
            }
            if (words.Length is < 2 or > 3)
            {
                problems.Add(new NbDiagnostic("bindings", "binding", line.Trim(), "expected 'LOGICAL_PORT CHASSIS [OFPORT]'", where));
                continue;
            }
            uint? ofport = null;
            if (words.Length == 3)
            {
                if (!uint.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is 0 or >= 0xff00)
                {
                    problems.Add(new NbDiagnostic("bindings", "ofport", words[2], "OpenFlow port must be a number from 1 to 65279", where));
                    continue;
                }
                ofport = n;
            }
            if (!lines.TryAdd(words[0], where))
                problems.Add(new NbDiagnostic("bindings", "binding", words[0], $"logical port bound twice (first on line {lines[words[0]].Line})", where));
            else
                ports.Add((words[0], words[1], ofport));
        }
        // Chassis may be declared after the ports bound to them.
        foreach (var (port, on, _) in ports)
            if (!declared.Contains(on))
                problems.Add(new NbDiagnostic("bindings", "chassis", on, $"port {port} is bound to an undeclared chassis (add 'chassis {on} IP')", lines[port]));
        return problems.Count > 0 ? (null, [.. problems.OrderBy(p => p.Location!.Line)]) : (new Bindings(chassis, ports, lines), problems);
    }

    /// <summary>
    /// The view of one host, or what stops it: a chassis not declared, and every binding that names a port the topology
    /// does not have or a port on this chassis without an OpenFlow port number (each with its file and line).
    /// </summary>
    public (HostView? View, IReadOnlyList<string> Problems) ViewOf(string chassisName, Overlay.Logical.LogicalNetwork network)
    {
        var self = Chassis.FirstOrDefault(c => c.Name == chassisName);
        if (self is null)
            return (null, [$"overlay: no chassis named '{chassisName}' in the bindings (known: {string.Join(", ", Chassis.Select(c => c.Name))})"]);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in network.Ports) known.Add(p.Name);
        var problems = new List<string>();
        foreach (var (port, on, ofport) in Ports)
        {
            if (!known.Contains(port))
                problems.Add(new NbDiagnostic("bindings", "binding", port, "no logical port of that name in the topology", Lines[port]).ToString());
            else if (on == chassisName && ofport is null)
                problems.Add(new NbDiagnostic("bindings", "binding", port,
                    $"bound to {chassisName}, the host shown, but has no OpenFlow port number (add it: '{port} {on} OFPORT')", Lines[port]).ToString());
        }
        return problems.Count > 0 ? (null, problems) : (HostView.Create(chassisName, self.EncapIp, Chassis, network, Ports), problems);
    }
}
