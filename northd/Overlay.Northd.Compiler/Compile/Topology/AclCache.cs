using System.Collections.Concurrent;
using Overlay.Logical;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Northd.Compiler.Compile.Topology;

/// <summary>An ACL ready to emit: its stage, flow priority and canonical match and action text.</summary>
internal sealed record CompiledAcl(Stage Stage, int Priority, string Match, string Actions);

/// <summary>
/// Compiles each distinct ACL once (parse, type-check, canonical re-format), however many switches it
/// lands on. ACLs that do not parse or use an unknown direction or verdict compile to nothing: the NB
/// validator refuses them before they reach the compiler, so this only keeps the compiler total.
/// </summary>
internal sealed class AclCache
{
    /// <summary>NB ACL priority p becomes logical-flow priority p + 1000 (OVN_ACL_PRI_OFFSET).</summary>
    public const int PriorityOffset = 1000;

    private const int MaxEntries = 1 << 16;
    private static readonly CompiledAcl None = new(Stages.LsInAcl, -1, "", "");
    private readonly ConcurrentDictionary<Acl, CompiledAcl> cache = new();

    public CompiledAcl? Get(Acl acl)
    {
        if (!cache.TryGetValue(acl, out var compiled))
        {
            // Entries of deleted ACLs are not tracked; a full cache is simply started afresh.
            if (cache.Count >= MaxEntries) cache.Clear();
            compiled = cache.GetOrAdd(acl, static a => Compile(a) ?? None);
        }
        return ReferenceEquals(compiled, None) ? null : compiled;
    }

    public static CompiledAcl? Compile(Acl acl)
    {
        Stage? stage = acl.Direction switch
        {
            AclValues.FromLport => Stages.LsInAcl,
            AclValues.ToLport => Stages.LsOutAcl,
            _ => null,
        };
        string? actions = acl.Action switch
        {
            // allow-related is stateless until conntrack lands (docs/logical-pipeline.md).
            "allow" or "allow-related" or "allow-stateless" => Flows.Act.NextOnly.Text,
            // reject drops without a reply until the agent can synthesize one (docs/logical-pipeline.md).
            "drop" or "reject" => Flows.Act.DropOnly.Text,
            _ => null,
        };
        if (stage is null || actions is null || acl.Priority is < 0 or > AclValues.MaxPriority) return null;
        var match = LogicalSyntax.ParseMatch(acl.Match);
        if (!match.Ok) return null;
        return new CompiledAcl(stage, acl.Priority + PriorityOffset, Formatter.Format(match.Value!), actions);
    }
}
