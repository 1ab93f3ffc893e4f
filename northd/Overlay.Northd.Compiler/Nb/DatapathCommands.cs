using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// What ls-add and lr-add share: ovn-nbctl's naming and --may-exist rules, and the datapath key allocation
/// (switches and routers draw from one key space).
/// </summary>
internal static class DatapathCommands
{
    /// <param name="verb">"ls-add" or "lr-add", for errors about the command itself.</param>
    /// <param name="noun">"switch" or "router", for messages.</param>
    /// <param name="prefix">"ls" or "lr": unnamed datapaths are called prefix + key.</param>
    /// <returns>The new datapath's name and key, or null when there is nothing to create (an error was reported, or it exists and --may-exist).</returns>
    public static (string Name, uint Key)? Add(
        TxState tx, string verb, string noun, string prefix, string? requested, bool mayExist,
        Func<string, bool> exists, Func<string, string> objectName)
    {
        if (requested is null && mayExist) { tx.Error(verb, "", "", "--may-exist requires specifying a name"); return null; }
        if (requested is { Length: 0 }) { tx.Error(verb, "name", "", $"a {noun} name must not be empty"); return null; }
        if (requested is not null && exists(requested))
        {
            if (!mayExist) tx.Error(objectName(requested), "name", requested, $"a {noun} with this name already exists");
            return null;
        }
        if (tx.AllocateDatapathKey() is not { } key)
        {
            tx.Error(objectName(requested ?? "(unnamed)"), "", "", $"no free datapath tunnel key in {Keys.MinDatapath}..{Keys.MaxDatapath}");
            return null;
        }
        string name = requested ?? TxState.GeneratedName(prefix, key, exists);
        tx.Sources.Created(objectName(name), tx.At);
        return (name, key);
    }
}
