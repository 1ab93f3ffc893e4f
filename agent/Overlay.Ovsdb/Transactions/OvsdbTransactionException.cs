using System.Collections.Immutable;
using System.Text;

namespace Overlay.Ovsdb;

/// <summary>
/// One error in a transact reply. <see cref="Index"/> and <see cref="Operation"/> are null when the error is not
/// tied to an operation (it failed at commit, e.g. a referential integrity or index violation).
/// </summary>
public sealed record OperationError(int? Index, OvsdbOperation? Operation, string Error, string? Details)
{
    public override string ToString()
    {
        string where = Index is { } i ? $"operation {i} ({Operation})" : "commit";
        return $"{where}: {Error}{(Details is null ? "" : ": " + Details)}";
    }
}

/// <summary>The server rejected a transaction; nothing was changed. The message lists each failing operation.</summary>
public sealed class OvsdbTransactionException : OvsdbException
{
    public OvsdbTransactionException(string database, ImmutableArray<OvsdbOperation> operations, ImmutableArray<OperationError> errors)
        : base(Format(database, operations, errors))
    {
        Database = database;
        Operations = operations;
        Errors = errors;
    }

    public string Database { get; }

    public ImmutableArray<OvsdbOperation> Operations { get; }

    public ImmutableArray<OperationError> Errors { get; }

    /// <summary>True when one of the errors has this RFC 7047 error string (e.g. "timed out", "constraint violation").</summary>
    public bool HasError(string error) => Errors.Any(e => e.Error == error);

    private static string Format(string database, ImmutableArray<OvsdbOperation> operations, ImmutableArray<OperationError> errors)
    {
        var text = new StringBuilder($"OVSDB transaction on {database} ({operations.Length} operations) failed:");
        foreach (var error in errors)
            text.Append("\n  ").Append(error);
        return text.ToString();
    }
}
