namespace Overlay.Agent.Translator.Tests.Support;

/// <summary>Files of the repository (found upward from the test binaries by Overlay.sln).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The stage-1 oracle topologies (ovn-nbctl scripts checked against real OVN by the compiler's tests).</summary>
    public static IEnumerable<string> OracleTopologies() =>
        Directory.GetFiles(Path("tests", "Overlay.Northd.Compiler.Tests", "Oracle", "Topologies"), "*.nbctl").Order(StringComparer.Ordinal);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Overlay.sln"))) return dir.FullName;
        throw new InvalidOperationException("Overlay.sln not found above " + AppContext.BaseDirectory);
    }
}
