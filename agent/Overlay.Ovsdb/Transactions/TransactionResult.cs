using System.Collections.Immutable;
using System.Text.Json;

namespace Overlay.Ovsdb;

/// <summary>The result of one successful operation: the new row's uuid (insert), a row count
/// (update/mutate/delete) or rows (select); the rest are empty.</summary>
public sealed record OperationResult(Guid? Uuid, long? Count, ImmutableArray<OvsdbRow> Rows)
{
    public static OperationResult Empty { get; } = new(null, null, []);
}

/// <summary>The results of a committed transaction, one per operation, in order.</summary>
public sealed class TransactionResult
{
    public TransactionResult(ImmutableArray<OvsdbOperation> operations, ImmutableArray<OperationResult> results)
    {
        Operations = operations;
        Results = results;
    }

    public ImmutableArray<OvsdbOperation> Operations { get; }

    public ImmutableArray<OperationResult> Results { get; }

    public int Count => Results.Length;

    public OperationResult this[int index] => Results[index];

    /// <summary>The uuid the server gave the row inserted with <c>uuid-name</c> <paramref name="uuidName"/>.</summary>
    public Guid GetInsertedUuid(string uuidName)
    {
        for (int i = 0; i < Operations.Length; i++)
        {
            if (Operations[i] is Insert insert && insert.UuidName == uuidName && Results[i].Uuid is { } uuid)
                return uuid;
        }
        throw new KeyNotFoundException($"the transaction has no insert named @{uuidName}");
    }

    /// <summary>Decodes a transact reply; throws <see cref="OvsdbTransactionException"/> listing every error.</summary>
    internal static TransactionResult Decode(string database, ImmutableArray<OvsdbOperation> operations, JsonElement reply)
    {
        if (reply.ValueKind != JsonValueKind.Array)
            throw new OvsdbProtocolException($"transact reply is not an array: {JsonRpc.JsonRpcConnection.Abbreviate(reply)}");

        var results = ImmutableArray.CreateBuilder<OperationResult>(operations.Length);
        var errors = ImmutableArray.CreateBuilder<OperationError>();
        int index = 0;
        foreach (var element in reply.EnumerateArray())
        {
            OvsdbOperation? operation = index < operations.Length ? operations[index] : null;
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                string? details = element.TryGetProperty("details", out var d) && d.ValueKind != JsonValueKind.Null
                    ? (d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText())
                    : null;
                string text = error.ValueKind == JsonValueKind.String ? error.GetString()! : error.GetRawText();
                errors.Add(new OperationError(operation is null ? null : index, operation, text, details));
            }
            if (index < operations.Length)
                results.Add(element.ValueKind == JsonValueKind.Object ? DecodeOne(element) : OperationResult.Empty);
            index++;
        }

        if (errors.Count > 0)
            throw new OvsdbTransactionException(database, operations, errors.ToImmutable());
        if (index < operations.Length)
            throw new OvsdbProtocolException($"transact reply has {index} results for {operations.Length} operations and no error");
        return new TransactionResult(operations, results.MoveToImmutable());
    }

    private static OperationResult DecodeOne(JsonElement element)
    {
        Guid? uuid = element.TryGetProperty("uuid", out var u) ? OvsdbJson.ReadAtom(u).AsUuid : null;
        long? count = element.TryGetProperty("count", out var c) && c.TryGetInt64(out long n) ? n : null;
        var rows = element.TryGetProperty("rows", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(OvsdbJson.ReadRow).ToImmutableArray()
            : [];
        return new OperationResult(uuid, count, rows);
    }
}
