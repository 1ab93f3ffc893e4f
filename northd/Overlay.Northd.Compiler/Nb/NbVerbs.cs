using System.Collections.Immutable;
using System.Globalization;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>One verb with its arguments and the options written before it.</summary>
internal sealed record VerbCall(string Verb, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string?> Options, SourceLocation? Source)
{
    public bool Has(string option) => Options.ContainsKey(option);

    public string? Value(string option) => Options.GetValueOrDefault(option);

    public string? Arg(int i) => i < Args.Count ? Args[i] : null;
}

/// <summary>What building a verb gave: commands, or the bad token and what was wrong with it.</summary>
internal readonly record struct Built(IReadOnlyList<NbCommand> Commands, string BadToken = "", string? Error = null)
{
    public static Built One(NbCommand c) => new([c]);

    public static Built Fail(string badToken, string error) => new([], badToken, error);
}

/// <summary>A supported ovn-nbctl verb: usage, argument counts, the options it takes, and how to build its command.</summary>
internal sealed record NbVerb(string Name, string Usage, int MinArgs, int MaxArgs, ImmutableArray<string> Options, Func<VerbCall, Built> Build);

/// <summary>The supported verbs, declared once. Option names are written without their value ("--policy").</summary>
internal static class NbVerbs
{
    public const int Unbounded = int.MaxValue;

    public const string MayExist = "--may-exist";
    public const string IfExists = "--if-exists";
    public const string Policy = "--policy";
    public const string Type = "--type";
    public const string Name = "--name";

    /// <summary>Options that take a value (--policy=dst-ip); the others are flags.</summary>
    public static readonly ImmutableArray<string> ValueOptions = [Policy, Type, Name];

    public static readonly ImmutableArray<string> AllOptions = [MayExist, IfExists, Policy, Type, Name];

    public static ImmutableArray<NbVerb> All { get; } =
    [
        new("ls-add", "[--may-exist] ls-add [SWITCH]", 0, 1, [MayExist], c => Built.One(new LsAdd(c.Arg(0), c.Has(MayExist)))),
        new("ls-del", "[--if-exists] ls-del SWITCH", 1, 1, [IfExists], c => Built.One(new LsDel(c.Args[0], c.Has(IfExists)))),
        new("lsp-add", "[--may-exist] lsp-add SWITCH PORT", 2, 2, [MayExist], c => Built.One(new LspAdd(c.Args[0], c.Args[1], c.Has(MayExist)))),
        new("lsp-del", "[--if-exists] lsp-del PORT", 1, 1, [IfExists], c => Built.One(new LspDel(c.Args[0], c.Has(IfExists)))),
        new("lsp-set-addresses", "lsp-set-addresses PORT [ADDRESS]...", 1, Unbounded, [], c => Built.One(new LspSetAddresses(c.Args[0], c.Args.Skip(1).ToValueArray()))),
        new("lsp-set-port-security", "lsp-set-port-security PORT [ADDRS]...", 1, Unbounded, [], c => Built.One(new LspSetPortSecurity(c.Args[0], c.Args.Skip(1).ToValueArray()))),
        new("lsp-set-type", "lsp-set-type PORT TYPE", 2, 2, [], c => Built.One(new LspSetType(c.Args[0], c.Args[1]))),
        new("lsp-set-options", "lsp-set-options PORT KEY=VALUE...", 1, Unbounded, [], BuildSetOptions),
        new("lsp-set-enabled", "lsp-set-enabled PORT enabled|disabled", 2, 2, [], BuildSetEnabled),
        new("lr-add", "[--may-exist] lr-add [ROUTER]", 0, 1, [MayExist], c => Built.One(new LrAdd(c.Arg(0), c.Has(MayExist)))),
        new("lr-del", "[--if-exists] lr-del ROUTER", 1, 1, [IfExists], c => Built.One(new LrDel(c.Args[0], c.Has(IfExists)))),
        new("lrp-add", "[--may-exist] lrp-add ROUTER PORT MAC NETWORK... [peer=PEER]", 4, Unbounded, [MayExist], BuildLrpAdd),
        new("lrp-del", "[--if-exists] lrp-del PORT", 1, 1, [IfExists], c => Built.One(new LrpDel(c.Args[0], c.Has(IfExists)))),
        new("lr-route-add", "[--may-exist] [--policy=dst-ip|src-ip] lr-route-add ROUTER PREFIX NEXTHOP [PORT]", 3, 4, [MayExist, Policy], BuildRouteAdd),
        new("lr-route-del", "[--if-exists] [--policy=dst-ip|src-ip] lr-route-del ROUTER [PREFIX [NEXTHOP [PORT]]]", 1, 4, [IfExists, Policy], BuildRouteDel),
        new("acl-add", "[--type=switch|port-group] [--name=NAME] [--may-exist] acl-add ENTITY DIRECTION PRIORITY MATCH VERDICT", 5, 5, [Type, Name, MayExist], BuildAclAdd),
        new("acl-del", "[--type=switch|port-group] acl-del ENTITY [DIRECTION [PRIORITY MATCH]]", 1, 4, [Type], BuildAclDel),
        new("pg-add", "pg-add GROUP [PORT]...", 1, Unbounded, [], c => Built.One(new PgAdd(c.Args[0], c.Args.Skip(1).ToValueArray()))),
        new("pg-set-ports", "pg-set-ports GROUP PORT...", 2, Unbounded, [], c => Built.One(new PgSetPorts(c.Args[0], c.Args.Skip(1).ToValueArray()))),
        new("pg-del", "[--if-exists] pg-del GROUP", 1, 1, [IfExists], c => Built.One(new PgDel(c.Args[0], c.Has(IfExists)))),
        new("create", "create Address_Set name=NAME [addresses=ADDRESSES]", 2, Unbounded, [], BuildCreate),
        new("destroy", "[--if-exists] destroy Address_Set NAME...", 2, Unbounded, [IfExists], BuildDestroy),
        new("set", "set Logical_Router_Port PORT [mac=MAC] [networks=NETWORKS] [peer=PEER|[]]", 3, Unbounded, [], RouterPortSet.Build),
        new("address-set-del", "[--if-exists] address-set-del NAME", 1, 1, [IfExists], c => Built.One(new AddressSetDel(c.Args[0], c.Has(IfExists)))),
    ];

    private static readonly Dictionary<string, NbVerb> ByName = All.ToDictionary(v => v.Name, StringComparer.Ordinal);

    public static NbVerb? Find(string name) => ByName.GetValueOrDefault(name);

    private static Built BuildSetOptions(VerbCall c)
    {
        var options = new List<KeyValuePair<string, string>>();
        foreach (var arg in c.Args.Skip(1))
        {
            int eq = arg.IndexOf('=');
            if (eq <= 0) return Built.Fail(arg, "expected KEY=VALUE");
            options.Add(new(arg[..eq], arg[(eq + 1)..]));
        }
        return Built.One(new LspSetOptions(c.Args[0], options.ToValueArray()));
    }

    private static Built BuildSetEnabled(VerbCall c) => c.Args[1] switch
    {
        "enabled" => Built.One(new LspSetEnabled(c.Args[0], true)),
        "disabled" => Built.One(new LspSetEnabled(c.Args[0], false)),
        var other => Built.Fail(other, "state must be \"enabled\" or \"disabled\""),
    };

    private static Built BuildLrpAdd(VerbCall c)
    {
        var networks = new List<string>();
        string? peer = null;
        foreach (var arg in c.Args.Skip(3))
        {
            if (arg.StartsWith("peer=", StringComparison.Ordinal)) { peer = arg[5..]; continue; }
            if (arg.Contains('=')) return Built.Fail(arg, "only the peer=PEER setting is supported after the networks");
            if (peer is not null) return Built.Fail(arg, "networks must come before peer=PEER");
            networks.Add(arg);
        }
        if (networks.Count == 0) return Built.Fail(c.Args[2], "a router port requires at least one network");
        if (peer is { Length: 0 }) return Built.Fail("peer=", "peer=PEER needs a router port name");
        return Built.One(new LrpAdd(c.Args[0], c.Args[1], c.Args[2], networks.ToValueArray(), peer, c.Has(MayExist)));
    }

    private static string? CheckPolicy(VerbCall c) =>
        c.Value(Policy) is { } p && p is not ("dst-ip" or "src-ip") ? p : null;

    private static Built BuildRouteAdd(VerbCall c)
    {
        if (CheckPolicy(c) is { } bad) return Built.Fail("--policy=" + bad, "policy must be \"dst-ip\" or \"src-ip\"");
        return Built.One(new LrRouteAdd(c.Args[0], c.Args[1], c.Args[2], c.Arg(3), c.Value(Policy) ?? "dst-ip", c.Has(MayExist)));
    }

    private static Built BuildRouteDel(VerbCall c)
    {
        if (CheckPolicy(c) is { } bad) return Built.Fail("--policy=" + bad, "policy must be \"dst-ip\" or \"src-ip\"");
        return Built.One(new LrRouteDel(c.Args[0], c.Arg(1), c.Arg(2), c.Arg(3), c.Value(Policy), c.Has(IfExists)));
    }

    private static (AclOwner? Type, Built? Error) EntityType(VerbCall c) => c.Value(Type) switch
    {
        null => (null, null),
        "switch" => (AclOwner.Switch, null),
        "port-group" => (AclOwner.PortGroup, null),
        var other => (null, Built.Fail("--type=" + other, "--type must be \"switch\" or \"port-group\"")),
    };

    private static Built BuildAclAdd(VerbCall c)
    {
        var (type, error) = EntityType(c);
        if (error is { } e) return e;
        if (!int.TryParse(c.Args[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int priority))
            return Built.Fail(c.Args[2], $"priority must be an integer in 0..{AclValues.MaxPriority}");
        if (c.Has(Name) && c.Value(Name) is not { Length: > 0 }) return Built.Fail("--name=", "--name needs a value");
        return Built.One(new AclAdd(c.Args[0], c.Args[1], priority, c.Args[3], c.Args[4], type, c.Value(Name), c.Has(MayExist)));
    }

    private static Built BuildAclDel(VerbCall c)
    {
        var (type, error) = EntityType(c);
        if (error is { } e) return e;
        if (c.Args.Count == 3) return Built.Fail(c.Args[2], "cannot specify priority without match");
        int? priority = null;
        if (c.Args.Count == 4)
        {
            if (!int.TryParse(c.Args[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int p))
                return Built.Fail(c.Args[2], $"priority must be an integer in 0..{AclValues.MaxPriority}");
            priority = p;
        }
        return Built.One(new AclDel(c.Args[0], c.Arg(1), priority, c.Arg(3), type));
    }

    private static Built BuildCreate(VerbCall c)
    {
        if (c.Args[0] != "Address_Set") return Built.Fail(c.Args[0], "only the Address_Set table is supported");
        string? name = null;
        IReadOnlyList<string> addresses = [];
        foreach (var arg in c.Args.Skip(1))
        {
            int eq = arg.IndexOf('=');
            if (eq <= 0 || eq == arg.Length - 1) return Built.Fail(arg, "argument does not end in \"=\" followed by a value");
            string column = arg[..eq], value = arg[(eq + 1)..];
            switch (column)
            {
                case "name":
                    {
                        var (parsed, error) = OvsdbStrings.ParseString(value);
                        if (error is not null) return Built.Fail(arg, error);
                        name = parsed;
                        break;
                    }
                case "addresses":
                    {
                        var (parsed, error) = OvsdbStrings.ParseSet(value);
                        if (error is not null) return Built.Fail(arg, error);
                        addresses = parsed;
                        break;
                    }
                default:
                    return Built.Fail(arg, $"Address_Set does not contain a column whose name matches \"{column}\" (supported: name, addresses)");
            }
        }
        if (name is null) return Built.Fail(c.Args[0], "name=NAME is required");
        return Built.One(new AddressSetAdd(name, addresses.ToValueArray()));
    }

    private static Built BuildDestroy(VerbCall c)
    {
        if (c.Args[0] != "Address_Set") return Built.Fail(c.Args[0], "only the Address_Set table is supported");
        return new Built(c.Args.Skip(1).Select(n => (NbCommand)new AddressSetDel(n, c.Has(IfExists))).ToList());
    }
}
