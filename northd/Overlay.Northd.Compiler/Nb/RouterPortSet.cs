using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// <c>set Logical_Router_Port PORT [mac=MAC] [networks=NETWORKS] [peer=PEER|[]]</c>: ovn-nbctl's generic
/// set on the router port columns we model. It changes the port in place, so its tunnel key stays
/// (lrp-del + lrp-add would allocate a new one). A null field is left as it is; Peer "" clears the peer.
/// </summary>
public sealed record LrpSet(string Port, string? Mac, ValueArray<string>? Networks, string? Peer) : NbCommand
{
    public override string Verb => "set Logical_Router_Port";
}

internal static class RouterPortSet
{
    public const string Table = "Logical_Router_Port";

    public static Built Build(VerbCall c)
    {
        if (c.Args[0] != Table) return Built.Fail(c.Args[0], $"only the {Table} table is supported (columns mac, networks, peer)");
        string? mac = null, peer = null;
        ValueArray<string>? networks = null;
        foreach (var arg in c.Args.Skip(2))
        {
            int eq = arg.IndexOf('=');
            if (eq <= 0) return Built.Fail(arg, "expected COLUMN=VALUE");
            string column = arg[..eq], value = arg[(eq + 1)..];
            switch (column)
            {
                case "mac":
                    {
                        var (parsed, error) = OvsdbStrings.ParseString(value);
                        if (error is not null) return Built.Fail(arg, error);
                        mac = parsed;
                        break;
                    }
                case "networks":
                    {
                        var (parsed, error) = OvsdbStrings.ParseSet(value);
                        if (error is not null) return Built.Fail(arg, error);
                        if (parsed.Count == 0) return Built.Fail(arg, "a router port requires at least one network");
                        networks = parsed.ToValueArray();
                        break;
                    }
                case "peer":
                    {
                        // An optional column: [] (or an empty set) clears it.
                        var (parsed, error) = OvsdbStrings.ParseSet(value);
                        if (error is not null || parsed.Count > 1) return Built.Fail(arg, error ?? "peer takes one router port name or []");
                        peer = parsed.Count == 0 ? "" : parsed[0];
                        break;
                    }
                default:
                    return Built.Fail(arg, $"{Table} does not contain a column whose name matches \"{column}\" (supported: mac, networks, peer)");
            }
        }
        return Built.One(new LrpSet(c.Args[1], mac, networks, peer));
    }

    public static void Apply(TxState tx, LrpSet c)
    {
        string obj = NbObjects.RouterPort(c.Port);
        if (tx.FindRouterPort(c.Port) is not (var lr, var port))
        {
            tx.Error(obj, "name", c.Port, "port name not found");
            return;
        }
        var changed = port;
        if (c.Mac is { } mac) { changed = changed with { Mac = mac }; tx.Sources.Set(obj, "mac", tx.At); }
        if (c.Networks is { } networks) { changed = changed with { Networks = NbOrder.StringSet(networks) }; tx.Sources.Set(obj, "networks", tx.At); }
        if (c.Peer is { } peer) { changed = changed with { Peer = peer.Length == 0 ? null : peer }; tx.Sources.Set(obj, "peer", tx.At); }
        tx.Put(lr with { Ports = lr.Ports.SetItem(c.Port, changed) });
    }
}
