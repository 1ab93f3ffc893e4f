namespace Overlay.Cli.Tests;

internal static class RepoRoot
{
    /// <summary>The checkout root: the nearest ancestor of the test binaries holding Overlay.sln.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Overlay.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Overlay.sln not found above " + AppContext.BaseDirectory);
    }
}
