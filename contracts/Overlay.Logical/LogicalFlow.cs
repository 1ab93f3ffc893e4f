using System.Text;

namespace Overlay.Logical;

/// <summary>
/// A logical flow: on datapath <paramref name="Datapath"/> (its tunnel key), in <paramref name="Stage"/>,
/// match and actions in OVN syntax. <paramref name="Id"/> is derived from the other identity fields, so
/// every replica computes the same id; <paramref name="Source"/> names the NB object that produced it.
/// </summary>
public sealed record LogicalFlow(uint Datapath, Stage Stage, int Priority, string Match, string Actions, ulong Id, string Source)
{
    public Pipeline Pipeline => Stage.Pipeline;

    public static LogicalFlow Create(uint datapath, Stage stage, int priority, string match, string actions, string source) =>
        new(datapath, stage, priority, match, actions, FlowId.Compute(datapath, stage, priority, match, actions), source);

    public static LogicalFlow Create(uint datapath, Stage stage, int priority, Expr match, IEnumerable<LAction> actions, string source) =>
        Create(datapath, stage, priority, Formatter.Format(match), Formatter.Format(actions), source);

    /// <summary>The id as printed: 16 lowercase hex digits.</summary>
    public string IdText => FlowId.Format(Id);
}

/// <summary>The stable 64-bit logical flow id: FNV-1a over the identity fields, then a 64-bit finalizer.</summary>
public static class FlowId
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const ulong PrimeSquared = unchecked(Prime * Prime);

    public static ulong Compute(uint datapath, Stage stage, int priority, string match, string actions)
    {
        ulong h = Offset;
        h = Mix(h, datapath);
        h = Mix(h, (uint)stage.Kind << 16 | (uint)stage.Pipeline << 8 | (uint)stage.Table);
        h = Mix(h, (uint)priority);
        h = Mix(h, match);
        h = Mix(h, actions);
        // splitmix64 finalizer: spreads FNV's weak low bits.
        h ^= h >> 30; h *= 0xbf58476d1ce4e5b9UL;
        h ^= h >> 27; h *= 0x94d049bb133111ebUL;
        h ^= h >> 31;
        return h;
    }

    private static ulong Mix(ulong h, uint v)
    {
        for (int i = 0; i < 4; i++) { h ^= (byte)(v >> (8 * i)); h *= Prime; }
        return h;
    }

    private static ulong Mix(ulong h, string s)
    {
        foreach (char c in s)
        {
            h ^= (byte)c;
            if (c < 256)
            {
                // The high byte is 0: xor-ing it in is a no-op, so the two multiplies fold into one.
                h *= PrimeSquared;
                continue;
            }
            h *= Prime;
            h ^= (byte)(c >> 8); h *= Prime;
        }
        h ^= 0xff; h *= Prime; // field separator
        return h;
    }

    public static string Format(ulong id) => id.ToString("x16");

    public static bool TryParse(string text, out ulong id)
    {
        var t = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return ulong.TryParse(t, System.Globalization.NumberStyles.HexNumber, null, out id);
    }
}
