using System.Runtime.CompilerServices;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>
/// Compares text with tests/Overlay.Northd.Compiler.Tests/Golden/NAME.txt. With OVERLAY_BLESS=1 it
/// rewrites the file instead (review the diff before committing it).
/// </summary>
internal static class GoldenFile
{
    public static bool Blessing => Environment.GetEnvironmentVariable("OVERLAY_BLESS") == "1";

    public static string PathOf(string name, [CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller)!, "..", "Golden", name + ".txt"));

    public static void Check(string name, string actual)
    {
        string path = PathOf(name);
        if (Blessing)
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"missing golden file {path}; run the tests with OVERLAY_BLESS=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
