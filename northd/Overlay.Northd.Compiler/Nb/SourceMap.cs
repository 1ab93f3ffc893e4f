namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Remembers which command created an object and last set each of its fields, so a validation problem
/// found after the transaction can point at the script line or YAML node that caused it.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, Dictionary<string, SourceLocation?>> map = new(StringComparer.Ordinal);

    public void Created(string obj, SourceLocation? at)
    {
        map[obj] = new(StringComparer.Ordinal) { [""] = at };
    }

    public void Set(string obj, string field, SourceLocation? at)
    {
        if (!map.TryGetValue(obj, out var fields)) map[obj] = fields = new(StringComparer.Ordinal);
        fields[field] = at;
    }

    public void Forget(string obj) => map.Remove(obj);

    /// <summary>The field's source, else the source of the field's map ("options" for "options:router-port"), else the object's.</summary>
    public SourceLocation? Find(string obj, string field)
    {
        if (!map.TryGetValue(obj, out var fields)) return null;
        if (fields.TryGetValue(field, out var at) && at is not null) return at;
        int colon = field.IndexOf(':');
        if (colon > 0 && fields.TryGetValue(field[..colon], out at) && at is not null) return at;
        return fields.GetValueOrDefault("");
    }
}
