using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile.Units;

/// <summary>What one compile unit produces. A unit that does not exist in the NB produces <see cref="Empty"/>.</summary>
internal sealed class UnitOutput(LogicalFlow[] flows, DatapathBinding? datapath = null, PortBinding? port = null, MulticastGroup[]? groups = null)
{
    public static readonly UnitOutput Empty = new([]);

    public LogicalFlow[] Flows { get; } = flows;

    public DatapathBinding? Datapath { get; } = datapath;

    public PortBinding? Port { get; } = port;

    public MulticastGroup[] Groups { get; } = groups ?? [];

    public bool IsEmpty => Flows.Length == 0 && Datapath is null && Port is null && Groups.Length == 0;
}
