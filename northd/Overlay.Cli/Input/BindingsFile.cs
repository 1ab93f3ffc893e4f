using System.Globalization;
using Overlay.Agent.Translator;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Input;

/// <summary>
/// Where logical ports live, for offline host translation. One entry per line, '#' comments:
/// <c>chassis NAME ENCAP_IP</c> declares a host; <c>LOGICAL_PORT CHASSIS [OFPORT]</c> binds a port
/// (the OpenFlow port number is needed for ports on the host being translated).
/// </summary>
public sealed record Bindings(
    IReadOnlyList<RemoteChassis> Chassis,
    IReadOnlyList<(string Port, string Chassis, uint? OfPort)> Ports)
{
    public static (Bindings? Bindings, IReadOnlyList<NbDiagnostic> Problems) Parse(string text, string file)
    {
        var chassis = new List<RemoteChassis>();
        var ports = new List<(string, string, uint?)>();
        var problems = new List<NbDiagnostic>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var where = new SourceLocation(file, i + 1);
            var line = lines[i];
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words[0] == "chassis")
            {
                if (words.Length != 3 || !System.Net.IPAddress.TryParse(words[2], out _))
                    problems.Add(new NbDiagnostic("bindings", "chassis", line.Trim(), "expected 'chassis NAME ENCAP_IP' with an IP address", where));
                else if (chassis.Any(c => c.Name == words[1]))
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
            if (ports.Any(p => p.Item1 == words[0]))
                problems.Add(new NbDiagnostic("bindings", "binding", words[0], "logical port bound twice", where));
            else
                ports.Add((words[0], words[1], ofport));
        }
        foreach (var (port, on, _) in ports)
            if (!chassis.Any(c => c.Name == on))
                problems.Add(new NbDiagnostic("bindings", "chassis", on, $"port {port} is bound to an undeclared chassis (add 'chassis {on} IP')", new SourceLocation(file, 0)));
        return problems.Count > 0 ? (null, problems) : (new Bindings(chassis, ports), problems);
    }

    /// <summary>The view of one host, or an error message naming the bad chassis.</summary>
    public (HostView? View, string? Error) ViewOf(string chassisName, Overlay.Logical.LogicalNetwork network)
    {
        var self = Chassis.FirstOrDefault(c => c.Name == chassisName);
        if (self is null)
            return (null, $"no chassis named '{chassisName}' in the bindings (known: {string.Join(", ", Chassis.Select(c => c.Name))})");
        foreach (var (port, on, ofport) in Ports)
        {
            if (on == chassisName && ofport is null)
                return (null, $"port {port} is bound to {chassisName} but has no OpenFlow port number");
            if (!network.Ports.Any(p => p.Name == port))
                return (null, $"bindings name logical port '{port}', which the topology does not have");
        }
        return (HostView.Create(chassisName, self.EncapIp, Chassis, network, Ports), null);
    }
}
