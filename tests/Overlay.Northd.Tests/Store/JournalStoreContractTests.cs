using Overlay.Northd.Store;

namespace Overlay.Northd.Tests.Store;

/// <summary>The store contract, run on the embedded journal.</summary>
public sealed class JournalStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TempDir temp = new();

    protected override INorthdStore Create() => new JournalStore(Path.Combine(temp.Path, "db"));

    public void Dispose() => temp.Dispose();
}
