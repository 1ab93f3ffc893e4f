namespace Overlay.TestSupport;

/// <summary>One VM of a placement file: NAME HOST MAC IP/PREFIX [GATEWAY]; NAME is also the logical port.</summary>
public sealed record VmPlacement(string Name, string Host, string Mac, string IpCidr, string? Gateway);

/// <summary>
/// The demo network the sandbox and the end-to-end tests share: <c>deploy/examples/two-tenants.nbctl</c> (two tenants
/// with identical address plans, each two switches and a router) and <c>two-tenants.vms</c> (which VM runs where).
/// </summary>
public static class DemoNetwork
{
    public static string Script => RepoRoot.Combine("deploy", "examples", "two-tenants.nbctl");

    public static string Placement => RepoRoot.Combine("deploy", "examples", "two-tenants.vms");

    /// <summary>Hosts the placement uses.</summary>
    public const int Hosts = 3;

    public static IReadOnlyList<VmPlacement> ReadPlacement(string path)
    {
        var vms = new List<VmPlacement>();
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            string[] f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length is < 4 or > 5)
                throw new FormatException($"{path}: '{line}': expected NAME HOST MAC IP/PREFIX [GATEWAY]");
            vms.Add(new VmPlacement(f[0], f[1], f[2], f[3], f.Length == 5 ? f[4] : null));
        }

        return vms;
    }

    /// <summary>Creates every VM of the placement on the sandbox's hosts.</summary>
    public static void AddVms(MultiHostSandbox sandbox, string? placement = null)
    {
        foreach (VmPlacement vm in ReadPlacement(placement ?? Placement))
            sandbox.AddVm(vm.Name, vm.Host, vm.Mac, vm.IpCidr, vm.Gateway, vm.Name);
    }
}
