using Overlay.Logical;

namespace Overlay.Northd.Compiler.Compile;

/// <summary>Items that appeared and items that went. A changed item is its old value in Removed and its new value in Added.</summary>
public sealed record SetChanges<T>(IReadOnlyList<T> Added, IReadOnlyList<T> Removed)
{
    public static SetChanges<T> None { get; } = new([], []);

    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0;
}

/// <summary>
/// What one NB update changed in the logical network. Flows are identified by their id (a flow whose
/// source changed appears in both lists with the same id; apply removals before additions). Lists are
/// in the network's own order. <see cref="UnitsRecompiled"/> counts the compile units regenerated.
/// </summary>
public sealed record LogicalFlowDiff(
    IReadOnlyList<LogicalFlow> Added,
    IReadOnlyList<LogicalFlow> Removed,
    long Revision,
    SetChanges<DatapathBinding> Datapaths,
    SetChanges<PortBinding> Ports,
    SetChanges<MulticastGroup> MulticastGroups,
    SetChanges<AddressSetBinding> AddressSets,
    SetChanges<PortGroupBinding> PortGroups,
    int UnitsRecompiled)
{
    public bool IsEmpty =>
        Added.Count == 0 && Removed.Count == 0 && Datapaths.IsEmpty && Ports.IsEmpty && MulticastGroups.IsEmpty
        && AddressSets.IsEmpty && PortGroups.IsEmpty;

    public static LogicalFlowDiff Nothing(long revision) => new([], [], revision, SetChanges<DatapathBinding>.None,
        SetChanges<PortBinding>.None, SetChanges<MulticastGroup>.None, SetChanges<AddressSetBinding>.None,
        SetChanges<PortGroupBinding>.None, 0);
}
