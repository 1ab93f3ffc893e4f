namespace Overlay.Agent.Translator;

public enum DiagnosticKind : byte
{
    /// <summary>The match or actions do not parse or type-check.</summary>
    Syntax,
    /// <summary>The flow names a logical port, multicast group, address set or port group the datapath does not have.</summary>
    UnknownName,
    /// <summary>The flow uses a field or action this translation cannot express in OpenFlow.</summary>
    Unsupported,
    /// <summary>Two logical flows produced the same OpenFlow (table, priority, match) with different actions; the first kept.</summary>
    Conflict,
}

/// <summary>A problem with one logical flow (<see cref="FlowId"/>) or other input object; the rest of the translation goes on.</summary>
public sealed record TranslationDiagnostic(DiagnosticKind Kind, ulong? FlowId, string Subject, string Message)
{
    public override string ToString() =>
        FlowId is { } id ? $"lflow {FlowId.Value:x16} ({Subject}): {Kind}: {Message}" : $"{Subject}: {Kind}: {Message}";
}
