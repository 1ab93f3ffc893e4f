using System.Collections;
using System.Collections.Immutable;

namespace Overlay.OpenFlow.Actions;

/// <summary>
/// An immutable, structurally comparable action list. Empty means drop. Instruction-like
/// items (write_metadata, goto_table) must come last, goto_table very last, as OVS requires.
/// <see cref="ToString"/> prints <c>drop</c> or the comma-separated ovs-ofctl actions.
/// </summary>
public sealed class ActionList : IReadOnlyList<OfAction>, IEquatable<ActionList>
{
    private readonly ImmutableArray<OfAction> _actions;

    public ActionList(IEnumerable<OfAction> actions)
    {
        _actions = [.. actions];
        Validate(_actions);
    }

    /// <summary>A list of copies of <paramref name="actions"/> (a caller's scratch list, read as a span).</summary>
    public ActionList(ReadOnlySpan<OfAction> actions)
    {
        _actions = [.. actions];
        Validate(_actions);
    }

    public static ActionList Drop { get; } = new([]);

    public static ActionList Of(params OfAction[] actions) => new(actions);

    public int Count => _actions.Length;

    public bool IsDrop => _actions.IsEmpty;

    public OfAction this[int index] => _actions[index];

    public ImmutableArray<OfAction> Items => _actions;

    public IEnumerator<OfAction> GetEnumerator() => ((IEnumerable<OfAction>)_actions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ActionList? other) =>
        other is not null && (ReferenceEquals(this, other) || (GetHashCode() == other.GetHashCode() && _actions.SequenceEqual(other._actions)));

    public override bool Equals(object? obj) => Equals(obj as ActionList);

    // Computed once (the list is immutable; 0 means not yet, one int so threads see all or nothing): lists are
    // hashed each time a translation shares them.
    private int _hash;

    public override int GetHashCode()
    {
        if (_hash != 0)
        {
            return _hash;
        }

        var hash = new HashCode();
        foreach (OfAction a in _actions)
        {
            hash.Add(a);
        }

        int h = hash.ToHashCode();
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    public static bool operator ==(ActionList? left, ActionList? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ActionList? left, ActionList? right) => !(left == right);

    public override string ToString() => IsDrop ? "drop" : string.Join(',', _actions.Select(a => a.ToString()));

    private static void Validate(ImmutableArray<OfAction> actions)
    {
        bool sawInstruction = false;
        int metadata = 0;
        int gotos = 0;
        for (int i = 0; i < actions.Length; i++)
        {
            OfAction a = actions[i];
            if (a is null)
            {
                throw new ArgumentException("action list contains null");
            }

            if (a.IsInstruction)
            {
                sawInstruction = true;
                metadata += a is WriteMetadataAction ? 1 : 0;
                gotos += a is GotoTableAction ? 1 : 0;
                if (a is WriteMetadataAction && gotos > 0)
                {
                    throw new ArgumentException("write_metadata must come before goto_table");
                }
            }
            else if (sawInstruction)
            {
                throw new ArgumentException($"action '{a}' follows write_metadata/goto_table; those must come last");
            }
        }

        if (metadata > 1 || gotos > 1)
        {
            throw new ArgumentException("at most one write_metadata and one goto_table per flow");
        }
    }
}
