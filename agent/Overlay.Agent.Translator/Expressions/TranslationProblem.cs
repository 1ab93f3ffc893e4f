namespace Overlay.Agent.Translator.Expressions;

/// <summary>Why a logical flow cannot be translated on this host; caught per flow and reported.</summary>
internal sealed class TranslationProblem(DiagnosticKind kind, string message) : Exception(message)
{
    public DiagnosticKind Kind { get; } = kind;
}
