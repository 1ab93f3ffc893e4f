using Overlay.Northd.Compiler.Compile;

namespace Overlay.Northd.Compiler.Tests.Compile;

public sealed class GoldenTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Topologies.All()) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void LflowListMatchesGoldenFile(string name)
    {
        var db = Topologies.All().Single(t => t.Name == name).Db;
        GoldenFile.Check(name, LflowListFormatter.Format(NorthdCompiler.Compile(db)));
    }
}
