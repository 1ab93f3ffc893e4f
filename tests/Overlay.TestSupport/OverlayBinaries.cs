namespace Overlay.TestSupport;

/// <summary>
/// Where the built Overlay programs are: <c>overlay-northd</c>, <c>overlay-agent</c> and the <c>overlay</c> CLI, each
/// run as <c>dotnet PROGRAM.dll</c> from its project's <c>bin/CONFIGURATION/net10.0</c> (the configuration the tests
/// themselves were built in). A test project that uses them references the projects with
/// <c>ReferenceOutputAssembly=false</c>, so they are built first.
/// </summary>
public static class OverlayBinaries
{
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string Northd => Dll(Path.Combine("northd", "Overlay.Northd"), "overlay-northd");

    public static string Agent => Dll(Path.Combine("agent", "Overlay.Agent"), "overlay-agent");

    public static string Cli => Dll(Path.Combine("northd", "Overlay.Cli"), "overlay");

    /// <summary>The dotnet host: the one running us, else DOTNET_HOST_PATH, else /usr/bin/dotnet or the PATH.</summary>
    public static string Dotnet { get; } = FindDotnet();

    private static string Dll(string project, string assembly)
    {
        string path = RepoRoot.Combine(project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; run dotnet build {project} -c {Configuration}", path);
    }

    private static string FindDotnet()
    {
        if (System.Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        foreach (string dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new InvalidOperationException("dotnet is not on the PATH");
    }
}
