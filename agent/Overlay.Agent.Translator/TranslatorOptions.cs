namespace Overlay.Agent.Translator;

/// <summary>Knobs of the translation; the defaults suit production.</summary>
public sealed record TranslatorOptions
{
    public static TranslatorOptions Default { get; } = new();

    /// <summary>A conjunction of several sets becomes a conjunctive match when its cross product has more flows than this.</summary>
    public int ConjunctionThreshold { get; init; } = 8;

    /// <summary>Tunnel ports the view does not number yet are requested from here up (ofport_request), skipping local VIF ports.</summary>
    public uint TunnelOfPortBase { get; init; } = 60000;

    /// <summary>A logical flow whose match needs more OpenFlow flows than this is reported and skipped.</summary>
    public int MaxFlowsPerLogicalFlow { get; init; } = 100_000;

    /// <summary>
    /// Whether plain matches take the direct routes that skip the general normalization (same flows either way; tests
    /// turn them off to check that).
    /// </summary>
    internal bool Shortcuts { get; init; } = true;
}
