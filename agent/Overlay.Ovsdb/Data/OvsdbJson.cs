using System.Text.Json;

namespace Overlay.Ovsdb;

/// <summary>RFC 7047 §5.1 JSON encoding of atoms, sets, maps and rows.</summary>
public static class OvsdbJson
{
    public static void WriteAtom(Utf8JsonWriter writer, OvsdbAtom atom)
    {
        switch (atom.Kind)
        {
            case AtomKind.Integer:
                writer.WriteNumberValue(atom.AsInteger);
                break;
            case AtomKind.Real:
                writer.WriteNumberValue(atom.AsReal);
                break;
            case AtomKind.Boolean:
                writer.WriteBooleanValue(atom.AsBoolean);
                break;
            case AtomKind.String:
                writer.WriteStringValue(atom.AsString);
                break;
            case AtomKind.Uuid:
                WritePair(writer, "uuid", atom.AsUuid.ToString("D"));
                break;
            case AtomKind.NamedUuid:
                WritePair(writer, "named-uuid", atom.AsNamedUuid);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(atom), atom.Kind, "unknown atom kind");
        }
    }

    /// <summary>A set of one is written as the bare atom, as ovsdb-server itself does.</summary>
    public static void WriteDatum(Utf8JsonWriter writer, OvsdbDatum datum)
    {
        if (!datum.IsMap && datum.Count == 1)
        {
            WriteAtom(writer, datum.Keys[0]);
            return;
        }
        writer.WriteStartArray();
        writer.WriteStringValue(datum.IsMap ? "map" : "set");
        writer.WriteStartArray();
        for (int i = 0; i < datum.Count; i++)
        {
            if (datum.IsMap)
            {
                writer.WriteStartArray();
                WriteAtom(writer, datum.Keys[i]);
                WriteAtom(writer, datum.Values[i]);
                writer.WriteEndArray();
            }
            else
            {
                WriteAtom(writer, datum.Keys[i]);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndArray();
    }

    public static void WriteRow(Utf8JsonWriter writer, OvsdbRow row)
    {
        writer.WriteStartObject();
        foreach (var (column, datum) in row)
        {
            writer.WritePropertyName(column);
            WriteDatum(writer, datum);
        }
        writer.WriteEndObject();
    }

    public static OvsdbAtom ReadAtom(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                return json.TryGetInt64(out long integer) ? OvsdbAtom.Integer(integer) : OvsdbAtom.Real(json.GetDouble());
            case JsonValueKind.True:
                return OvsdbAtom.Boolean(true);
            case JsonValueKind.False:
                return OvsdbAtom.Boolean(false);
            case JsonValueKind.String:
                return OvsdbAtom.String(json.GetString()!);
            case JsonValueKind.Array when json.GetArrayLength() == 2 && json[0].ValueKind == JsonValueKind.String && json[1].ValueKind == JsonValueKind.String:
                string tag = json[0].GetString()!;
                string text = json[1].GetString()!;
                if (tag == "uuid")
                {
                    return Guid.TryParseExact(text, "D", out var uuid)
                        ? OvsdbAtom.Uuid(uuid)
                        : throw Malformed($"bad uuid \"{text}\"", json);
                }
                if (tag == "named-uuid")
                {
                    return OvsdbAtom.IsValidId(text) ? OvsdbAtom.NamedUuid(text) : throw Malformed($"bad named-uuid \"{text}\"", json);
                }
                throw Malformed($"unknown tagged atom \"{tag}\"", json);
            default:
                throw Malformed("not an atom", json);
        }
    }

    public static OvsdbDatum ReadDatum(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Array && json.GetArrayLength() == 2 && json[0].ValueKind == JsonValueKind.String)
        {
            switch (json[0].GetString())
            {
                case "set":
                    return OvsdbDatum.Set(ReadElements(json[1]).Select(ReadAtom));
                case "map":
                    return ReadMap(json);
            }
        }
        return OvsdbDatum.Scalar(ReadAtom(json));
    }

    public static OvsdbRow ReadRow(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw Malformed("a row must be a JSON object", json);
        return new OvsdbRow(json.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, ReadDatum(p.Value))));
    }

    private static OvsdbDatum ReadMap(JsonElement json)
    {
        var pairs = new List<KeyValuePair<OvsdbAtom, OvsdbAtom>>();
        foreach (var pair in ReadElements(json[1]))
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
                throw Malformed("a map element must be a [key, value] pair", json);
            pairs.Add(KeyValuePair.Create(ReadAtom(pair[0]), ReadAtom(pair[1])));
        }
        try
        {
            return OvsdbDatum.Map(pairs);
        }
        catch (ArgumentException e)
        {
            throw Malformed(e.Message, json);
        }
    }

    private static JsonElement.ArrayEnumerator ReadElements(JsonElement json) =>
        json.ValueKind == JsonValueKind.Array ? json.EnumerateArray() : throw Malformed("set/map body must be an array", json);

    private static void WritePair(Utf8JsonWriter writer, string tag, string value)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(tag);
        writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static OvsdbProtocolException Malformed(string what, JsonElement json)
    {
        string text = json.GetRawText();
        if (text.Length > 120)
            text = text[..120] + "…";
        return new OvsdbProtocolException($"malformed OVSDB value ({what}): {text}");
    }
}
