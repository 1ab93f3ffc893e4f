namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>Files of the repository (found upward from the test binaries by Overlay.sln).</summary>
internal static class RepoFiles
{
    public static string Path(params string[] parts) => Overlay.TestSupport.RepoRoot.Combine(parts);

    /// <summary>The stage-1 oracle topologies (ovn-nbctl scripts checked against real OVN by the compiler's tests).</summary>
    public static IEnumerable<string> OracleTopologies() =>
        Directory.GetFiles(Path("tests", "Overlay.Northd.Compiler.Tests", "Oracle", "Topologies"), "*.nbctl").Order(StringComparer.Ordinal);
}
