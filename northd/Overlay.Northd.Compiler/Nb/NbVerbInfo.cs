using System.Collections.Immutable;

namespace Overlay.Northd.Compiler.Nb;

/// <summary>A supported ovn-nbctl verb as tools see it: its name, usage line and the options it takes.</summary>
public sealed record NbVerbInfo(string Name, string Usage, int MinArgs, int MaxArgs, ImmutableArray<string> Options)
{
    /// <summary>Every supported verb, in declaration order (the same list the script parser uses).</summary>
    public static ImmutableArray<NbVerbInfo> All { get; } =
        NbVerbs.All.Select(v => new NbVerbInfo(v.Name, v.Usage, v.MinArgs, v.MaxArgs, v.Options)).ToImmutableArray();

    /// <summary>Options that come before a verb; those in <see cref="ValueOptions"/> take =VALUE.</summary>
    public static ImmutableArray<string> AllOptions => NbVerbs.AllOptions;

    public static ImmutableArray<string> ValueOptions => NbVerbs.ValueOptions;

    public static NbVerbInfo? Find(string name) => All.FirstOrDefault(v => v.Name == name);
}

/// <summary>Quoting as the script parser reads it, for tools that write commands for people or for the wire.</summary>
public static class NbQuoting
{
    /// <summary>A word as a shell would need it (bare when safe, quoted otherwise).</summary>
    public static string Shell(string word) => ShellWords.Quote(word);

    /// <summary>An OVSDB string literal, as <c>create Address_Set name=...</c> takes it.</summary>
    public static string Ovsdb(string value) => OvsdbStrings.Quote(value);
}
