using System.Collections.Immutable;
using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow;

/// <summary>
/// Outcome of <see cref="OpenFlowConnection.SendBundleAsync"/>. On failure nothing was
/// applied (atomic bundle) and <see cref="Error"/> is the switch's error for the flow mod
/// that caused it (<see cref="FailedIndex"/>, <see cref="FailedFlowMod"/>), not the
/// generic OFPBFC_MSG_FAILED, which is kept in <see cref="Errors"/> with the rest.
/// </summary>
public sealed record BundleResult(bool Committed, ErrorMessage? Error, int? FailedIndex, FlowMod? FailedFlowMod)
{
    public static BundleResult Success { get; } = new(true, null, null, null);

    /// <summary>Every error the switch sent during the bundle, in arrival order.</summary>
    public ImmutableArray<ErrorMessage> Errors { get; init; } = [];

    public override string ToString() => Committed
        ? "bundle committed"
        : FailedIndex is { } i
            ? $"bundle rejected: flow mod #{i} (xid=0x{FailedFlowMod?.Xid:x}) {FailedFlowMod?.ToFlowEntry()} failed with {Error?.Describe()}"
            : $"bundle rejected: {Error?.Describe() ?? "unknown error"}";
}
