using System.Collections.Immutable;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Store;

/// <summary>One durable change. Every record carries the next revision of the single global sequence.</summary>
public abstract record StoreRecord(long Revision);

/// <summary>An NB transaction: nbctl commands as words, exactly as TransactRequest.commands.</summary>
public sealed record NbTransactionRecord(long Revision, ImmutableArray<ImmutableArray<string>> Commands) : StoreRecord(Revision)
{
    // ImmutableArray compares by reference; records compare by content so a reopened store equals what was written.
    public bool Equals(NbTransactionRecord? other) =>
        ReferenceEquals(this, other) || other is not null && Revision == other.Revision
        && Commands.Length == other.Commands.Length
        && Commands.Zip(other.Commands).All(p => p.First.SequenceEqual(p.Second, StringComparer.Ordinal));

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Revision);
        foreach (var command in Commands)
            foreach (var word in command)
                h.Add(word, StringComparer.Ordinal);
        return h.ToHashCode();
    }
}

/// <summary>A chassis reported itself: its tunnel endpoint and the iface-ids bound on it (last report wins).</summary>
public sealed record ChassisUpsertRecord(long Revision, string Name, string EncapIp, ImmutableArray<string> IfaceIds) : StoreRecord(Revision)
{
    public bool Equals(ChassisUpsertRecord? other) =>
        ReferenceEquals(this, other) || other is not null && Revision == other.Revision && Name == other.Name
        && EncapIp == other.EncapIp && IfaceIds.SequenceEqual(other.IfaceIds, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Revision, Name, EncapIp, StoreHash.Of(IfaceIds));
}

/// <summary>An operator removed a chassis (DeleteChassis).</summary>
public sealed record ChassisDeleteRecord(long Revision, string Name) : StoreRecord(Revision);

/// <summary>A chassis as held in a snapshot.</summary>
public sealed record ChassisEntry(string Name, string EncapIp, ImmutableArray<string> IfaceIds)
{
    public bool Equals(ChassisEntry? other) =>
        ReferenceEquals(this, other) || other is not null && Name == other.Name && EncapIp == other.EncapIp
        && IfaceIds.SequenceEqual(other.IfaceIds, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, EncapIp, StoreHash.Of(IfaceIds));
}

/// <summary>The state itself at a revision (so tunnel keys survive compaction), not the records that led to it.</summary>
public sealed record StoreSnapshot(long Revision, NbDatabase Nb, ImmutableArray<ChassisEntry> Chassis)
{
    public bool Equals(StoreSnapshot? other) =>
        ReferenceEquals(this, other) || other is not null && Revision == other.Revision && Nb.Equals(other.Nb)
        && Chassis.SequenceEqual(other.Chassis);

    public override int GetHashCode() => HashCode.Combine(Revision, Nb, Chassis.Length);
}

/// <summary>What a store holds when opened: the latest snapshot, if any, and the records after it, in revision order.</summary>
/// <param name="RecoveryNote">Set when opening had to drop damaged data (torn or corrupt journal tail); says what was dropped.</param>
public sealed record StoreContents(StoreSnapshot? Snapshot, IReadOnlyList<StoreRecord> Records, string? RecoveryNote);

/// <summary>An append whose revision is not the store's revision + 1.</summary>
public sealed class StoreConflictException(long expected, long actual)
    : Exception($"store revision conflict: expected revision {expected}, got {actual}")
{
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}

/// <summary>The store's files are damaged in a way opening cannot repair by dropping a tail (e.g. a corrupt snapshot).</summary>
public sealed class StoreCorruptException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Another process (or another open store in this one) holds the store directory.</summary>
public sealed class StoreLockedException(string message, Exception? inner = null) : Exception(message, inner);

internal static class StoreHash
{
    public static int Of(ImmutableArray<string> words)
    {
        var h = new HashCode();
        foreach (var w in words)
            h.Add(w, StringComparer.Ordinal);
        return h.ToHashCode();
    }
}
