namespace Overlay.TestSupport;

/// <summary>The checkout root: the nearest ancestor of the test binaries holding Overlay.sln.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path under the checkout root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Overlay.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no Overlay.sln above {AppContext.BaseDirectory}");
    }
}
