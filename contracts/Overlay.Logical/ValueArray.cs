using System.Collections;
using System.Collections.Immutable;

namespace Overlay.Logical;

/// <summary>
/// An immutable array with structural equality, so records holding lists compare by content.
/// </summary>
public readonly struct ValueArray<T> : IEquatable<ValueArray<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> items;

    public ValueArray(ImmutableArray<T> items) => this.items = items.IsDefault ? ImmutableArray<T>.Empty : items;

    public ValueArray(IEnumerable<T> items) : this(items.ToImmutableArray()) { }

    public static ValueArray<T> Empty => new(ImmutableArray<T>.Empty);

    public ImmutableArray<T> Items => items.IsDefault ? ImmutableArray<T>.Empty : items;

    public int Count => Items.Length;

    public T this[int index] => Items[index];

    public bool Equals(ValueArray<T> other)
    {
        var a = Items;
        var b = other.Items;
        if (a.Length != b.Length) return false;
        var cmp = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Length; i++)
            if (!cmp.Equals(a[i], b[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is ValueArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var item in Items) h.Add(item);
        return h.ToHashCode();
    }

    public static bool operator ==(ValueArray<T> left, ValueArray<T> right) => left.Equals(right);
    public static bool operator !=(ValueArray<T> left, ValueArray<T> right) => !left.Equals(right);

    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    public static implicit operator ValueArray<T>(ImmutableArray<T> items) => new(items);

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

public static class ValueArray
{
    public static ValueArray<T> Create<T>(params T[] items) => new(ImmutableArray.Create(items));
    public static ValueArray<T> ToValueArray<T>(this IEnumerable<T> items) => new(items);
}
