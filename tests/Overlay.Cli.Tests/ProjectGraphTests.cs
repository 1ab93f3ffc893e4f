using System.Xml.Linq;
using Overlay.TestSupport;

namespace Overlay.Cli.Tests;

/// <summary>The dependency graph of DESIGN.md §2: one-way, protocol libraries at the bottom.</summary>
public class ProjectGraphTests
{
    // project -> projects it may reference (directly)
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Overlay.Logical"] = [],
        ["Overlay.Contracts"] = ["Overlay.Logical"],
        ["Overlay.OpenFlow"] = [],
        ["Overlay.Ovsdb"] = [],
        ["Overlay.Northd.Compiler"] = ["Overlay.Logical"],
        ["Overlay.Agent.Translator"] = ["Overlay.Logical", "Overlay.OpenFlow"],
        ["Overlay.Agent"] = ["Overlay.Agent.Translator", "Overlay.OpenFlow", "Overlay.Ovsdb", "Overlay.Contracts", "Overlay.Logical"],
        ["Overlay.Northd.Api"] = ["Overlay.Contracts", "Overlay.Northd.Compiler", "Overlay.Logical"],
        ["Overlay.Northd"] = ["Overlay.Northd.Compiler", "Overlay.Northd.Api", "Overlay.Contracts", "Overlay.Logical"],
        ["overlay"] = ["Overlay.Contracts", "Overlay.Northd.Api", "Overlay.Northd.Compiler", "Overlay.Agent.Translator", "Overlay.Logical"],
    };

    private static IEnumerable<(string Name, string Path)> ProductProjects() =>
        new[] { "contracts", "northd", "agent" }
            .SelectMany(d => Directory.EnumerateFiles(System.IO.Path.Combine(RepoRoot.Path, d), "*.csproj", SearchOption.AllDirectories))
            .Select(p => (System.IO.Path.GetFileNameWithoutExtension(p), p));

    [Fact]
    public void Every_product_project_is_declared_in_the_graph()
    {
        foreach (var (name, _) in ProductProjects())
            Assert.True(Allowed.ContainsKey(name == "Overlay.Cli" ? "overlay" : name), $"{name} is not in the design's project graph");
    }

    [Fact]
    public void References_only_point_down_the_graph()
    {
        foreach (var (name, path) in ProductProjects())
        {
            var key = name == "Overlay.Cli" ? "overlay" : name;
            var refs = XDocument.Load(path).Descendants("ProjectReference")
                .Select(e => System.IO.Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
                .ToList();
            foreach (var r in refs)
                Assert.True(Allowed[key].Contains(r), $"{name} must not reference {r}");
        }
    }

    [Fact]
    public void Protocol_libraries_have_no_package_dependencies()
    {
        foreach (var (name, path) in ProductProjects().Where(p => p.Name is "Overlay.OpenFlow" or "Overlay.Ovsdb" or "Overlay.Logical"))
            Assert.Empty(XDocument.Load(path).Descendants("PackageReference"));
    }
}
