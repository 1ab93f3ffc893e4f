using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile;

/// <summary>The deterministic order of everything in a <see cref="LogicalNetwork"/> other than flows.</summary>
internal static class NetworkOrder
{
    public static int Datapaths(DatapathBinding a, DatapathBinding b)
    {
        int c = a.Key.CompareTo(b.Key);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    public static int Ports(PortBinding a, PortBinding b)
    {
        int c = a.Datapath.CompareTo(b.Datapath);
        if (c == 0) c = a.Key.CompareTo(b.Key);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    public static int Groups(MulticastGroup a, MulticastGroup b)
    {
        int c = a.Datapath.CompareTo(b.Datapath);
        if (c == 0) c = a.Key.CompareTo(b.Key);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }
}
