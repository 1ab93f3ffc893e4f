using System.Runtime.CompilerServices;

namespace Overlay.OpenFlow.Fields;

/// <summary>
/// <see cref="MatchBuilder"/> for code that builds many matches (a flow compiler): fields set from integers and kept
/// on the stack instead of in a dictionary, each field shared through a <see cref="MatchInterner"/> when given one,
/// so an equal field is made once and the match needs no interning afterwards. Same rules as
/// <see cref="MatchBuilder.Set(OfField, UInt128, UInt128?)"/>: setting a field again replaces it, an all-zero mask
/// removes it, values are stored canonical; the match built equals the one <see cref="MatchBuilder"/> builds.
/// </summary>
public ref struct ValueMatchBuilder
{
    private const int InlineFields = 16;

    private readonly MatchInterner? _interner;
    private Slots _slots;
    private MatchField?[]? _spilled;
    private int _count;
    private int _sharedBy;
    private bool _unshared;

    public ValueMatchBuilder(MatchInterner? interner)
    {
        _interner = interner;
    }

    /// <summary>Starts from the fields of <paramref name="start"/> (to add a field to a match).</summary>
    public ValueMatchBuilder(MatchInterner? interner, Match start)
        : this(interner)
    {
        foreach (MatchField f in start.Fields)
        {
            Append(f);
        }

        if (start.SharedBy != 0)
        {
            Track(start.SharedBy);
        }
        else
        {
            _unshared |= !start.IsEmpty;
        }
    }

    /// <summary>Fields set so far (xreg/xxreg count as their 32-bit registers).</summary>
    public readonly int Count => _count;

    /// <summary>
    /// Sets a field of at most 16 bytes (tunnel metadata: 4) from an integer, mask null = exact; replaces an earlier value.
    /// Throws as <see cref="MatchBuilder"/> does for a value that does not fit or a mask on a field that takes none.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Set(OfField field, UInt128 value, UInt128? mask = null)
    {
        if (field.Kind is FieldKind.Xreg or FieldKind.Xxreg)
        {
            SetRegisters(field, value, mask);
            return;
        }

        // Most fields stay one field: no buffer of parts to clear on every call.
        if (!MatchCanonicalizer.CanonicalSingle(field, value, mask, out FieldKey key))
        {
            Remove(field);
            return;
        }

        Put(Share(key));
    }

    private MatchField Share(in FieldKey key)
    {
        if (_interner is null)
        {
            _unshared = true;
            return key.ToField();
        }

        MatchField f = _interner.Field(key, out int table);
        Track(table);
        return f;
    }

    /// <summary>An xreg or xxreg, set as the 32-bit registers it is made of.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetRegisters(OfField field, UInt128 value, UInt128? mask)
    {
        KeyParts buffer = default;
        Span<FieldKey> parts = buffer;
        int n = MatchCanonicalizer.Canonical(field, value, mask, parts);
        if (n < 0)
        {
            Remove(field);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            Put(Share(parts[i]));
        }
    }

    public void Remove(OfField field)
    {
        Span<MatchField?> items = _spilled is null ? _slots : _spilled;
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(items[i]!.Field, field))
            {
                items[(i + 1).._count].CopyTo(items[i..]);
                items[--_count] = null;
                return;
            }
        }
    }

    /// <summary>Builds without the prerequisite check; <see cref="Match.Validate"/> reports problems without allocating when there are none.</summary>
    public Match BuildUnchecked()
    {
        if (_count == 0)
        {
            return Match.Any;
        }

        Span<MatchField?> items = _spilled is null ? _slots : _spilled;
        var fields = new MatchField[_count];
        for (int i = 0; i < fields.Length; i++)
        {
            // Insertion sort by encoding order: a handful of fields, mostly in order already.
            MatchField f = items[i]!;
            int j = i;
            while (j > 0 && fields[j - 1].Field.Order > f.Field.Order)
            {
                fields[j] = fields[j - 1];
                j--;
            }

            fields[j] = f;
        }

        return new Match(fields, _unshared ? 0 : _sharedBy);
    }

    /// <summary>Builds the match; throws <see cref="InvalidOperationException"/> listing missing prerequisites, as <see cref="MatchBuilder.Build"/>.</summary>
    public Match Build() => MatchBuilder.Checked(BuildUnchecked());

    private void Track(int table)
    {
        if (_sharedBy == 0)
        {
            _sharedBy = table;
        }
        else if (_sharedBy != table)
        {
            _unshared = true;
        }
    }

    private void Put(MatchField field)
    {
        Span<MatchField?> items = _spilled is null ? _slots : _spilled;
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(items[i]!.Field, field.Field))
            {
                items[i] = field;
                return;
            }
        }

        Append(field);
    }

    private void Append(MatchField field)
    {
        if (_spilled is null && _count == InlineFields || _spilled is not null && _count == _spilled.Length)
        {
            var larger = new MatchField?[_count * 2];
            Span<MatchField?> items = _spilled is null ? _slots : _spilled;
            items.CopyTo(larger);
            _spilled = larger;
        }

        if (_spilled is null)
        {
            _slots[_count++] = field;
        }
        else
        {
            _spilled[_count++] = field;
        }
    }

    [InlineArray(InlineFields)]
    private struct Slots
    {
        private MatchField? _first;
    }

    [InlineArray(4)]
    private struct KeyParts
    {
        private FieldKey _first;
    }
}
