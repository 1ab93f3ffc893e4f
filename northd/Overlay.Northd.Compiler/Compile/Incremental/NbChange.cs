namespace Overlay.Northd.Compiler.Compile.Incremental;

/// <summary>What about an NB object changed between two revisions.</summary>
internal enum NbChangeKind : byte
{
    /// <summary>A switch appeared, disappeared or changed tunnel key (Owner = switch).</summary>
    SwitchHeader,
    /// <summary>A switch's own ACLs changed (Owner = switch).</summary>
    SwitchAcls,
    /// <summary>A port of the switch changed enabled state or "unknown" addressing, or came or went (Owner = switch).</summary>
    SwitchMembership,
    /// <summary>A switch port changed in any way (Owner = switch, Name = port; Existence when added or removed).</summary>
    SwitchPort,
    /// <summary>A router appeared, disappeared or changed tunnel key (Owner = router).</summary>
    RouterHeader,
    /// <summary>A router's static routes changed (Owner = router).</summary>
    RouterRoutes,
    /// <summary>A router port changed in any way (Owner = router, Name = port).</summary>
    RouterPort,
    /// <summary>A port group's member list changed, or the group came or went (Owner = group).</summary>
    PortGroupPorts,
    /// <summary>A port group's ACLs changed, or the group came or went (Owner = group).</summary>
    PortGroupAcls,
    /// <summary>An address set changed, came or went (Owner = set).</summary>
    AddressSet,
}

/// <summary>
/// One change. For a switch port, <paramref name="LinkBefore"/> and <paramref name="LinkAfter"/> name the
/// router port its old and new version attach (router-type ports only): which switch a router port
/// attaches to can change with either, and each revision must be asked about both.
/// </summary>
internal readonly record struct NbChange(
    NbChangeKind Kind, string Owner, string Name = "", bool Existence = false, string? LinkBefore = null, string? LinkAfter = null);
