using Overlay.Agent.Tests.Support;
using Overlay.Agent.View;

namespace Overlay.Agent.Tests.View;

public sealed class ViewCacheTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ovlag-cache-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void ASavedViewLoadsBackAndReplacesThePreviousOneWithNoTempFileLeft()
    {
        var cache = new ViewCache(Path.Combine(_dir.FullName, "nested"));
        cache.Save(Networks.View(withHv3: true));
        cache.Save(Networks.View(withHv3: false));

        ViewLoadResult loaded = cache.Load();

        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        Assert.Equal(["hv2"], loaded.Document!.Remotes.Select(r => r.Name));
        Assert.Equal([ViewCache.FileName], Directory.GetFiles(cache.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public void NoCacheIsAProblemNotAnException()
    {
        ViewLoadResult loaded = new ViewCache(Path.Combine(_dir.FullName, "absent")).Load();

        Assert.False(loaded.Ok);
        Assert.Contains("no cached view", loaded.Problems[0], StringComparison.Ordinal);
    }
}
