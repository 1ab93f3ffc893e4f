using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Overlay.TestSupport;
using Xunit.Abstractions;

namespace Overlay.EndToEnd;

/// <summary>(i): what the CLI says a host installs is what the host's switch has.</summary>
public sealed partial class InspectionTests(SandboxFixture fixture, ITestOutputHelper output) : SandboxTest(fixture, output)
{
    /// <summary>
    /// Compared as (cookie, table, priority, match, actions), as printed: no hints are given and nothing is mapped.
    /// The OpenFlow port numbers of VIFs and tunnel ports come from what each agent reported to northd.
    /// </summary>
    [Fact]
    public void I_overlay_flows_for_a_chassis_equals_dump_flows_on_that_host()
    {
        Fixture.CliWaitHv("sync");
        foreach (SimHost host in Fixture.Sandbox.Hosts)
        {
            string json = Fixture.Deployment.CliOk("flows", "--chassis", host.Name, "-o", "json");
            using var doc = JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]);
            foreach (JsonElement t in doc.RootElement.GetProperty("tunnels").EnumerateArray())
                Assert.Equal(host.Vsctl("get", "Interface", t.GetProperty("name").GetString()!, "ofport"),
                    t.GetProperty("ofport").GetInt32().ToString(CultureInfo.InvariantCulture));
            string[] expected =
            [
                .. doc.RootElement.GetProperty("flows").EnumerateArray().Select(f => Key(
                    f.TryGetProperty("cookie", out JsonElement c) ? c.GetString() : null,
                    f.GetProperty("table").GetInt32().ToString(CultureInfo.InvariantCulture),
                    f.GetProperty("priority").GetInt32().ToString(CultureInfo.InvariantCulture),
                    f.GetProperty("match").GetString() ?? "",
                    f.GetProperty("actions").GetString() ?? "")).Order(StringComparer.Ordinal),
            ];
            string[] actual = [.. host.DumpFlows().Select(ParseDumped).Order(StringComparer.Ordinal)];
            Log($"{host.Name}: overlay flows {expected.Length}, ovs-ofctl dump-flows {actual.Length}");
            Assert.NotEmpty(actual);
            string[] missing = [.. expected.Except(actual)], extra = [.. actual.Except(expected)];
            Assert.True(missing.Length == 0 && extra.Length == 0 && expected.Length == actual.Length,
                $"{host.Name}: only in `overlay flows`:\n  {string.Join("\n  ", missing.Take(20))}\nonly on the switch:\n  {string.Join("\n  ", extra.Take(20))}");
        }
    }

    [Fact]
    public void Overlay_show_lists_both_tenants_and_the_chassis()
    {
        string show = Fixture.Deployment.CliOk("show");
        Log(show);
        foreach (string name in new[] { "a-web", "a-db", "a-lr", "b-web", "b-db", "b-lr", "a-web1", "b-db1" })
            Assert.Contains(name, show, StringComparison.Ordinal);
        string chassis = Fixture.Deployment.CliOk("chassis-list");
        Log(chassis);
        foreach (SimHost h in Fixture.Sandbox.Hosts)
            Assert.Contains(h.Name, chassis, StringComparison.Ordinal);
    }

    private static string Key(string? cookie, string table, string priority, string match, string actions) =>
        $"cookie={(cookie is null or "0x0" ? "0x0" : cookie)} table={table} priority={priority} match={match} actions={actions}";

    /// <summary>One <c>ovs-ofctl dump-flows</c> line (numeric tables and ports) as a <see cref="Key"/>.</summary>
    private static string ParseDumped(string line)
    {
        string l = FlowText.Normalize(line);
        Match m = Dumped().Match(l);
        Assert.True(m.Success, $"unexpected dump-flows line: {line}");
        string rest = m.Groups["rest"].Value;
        string priority = "32768", match = rest;
        if (rest.StartsWith("priority=", StringComparison.Ordinal))
        {
            int comma = rest.IndexOf(',', StringComparison.Ordinal);
            priority = comma < 0 ? rest["priority=".Length..] : rest["priority=".Length..comma];
            match = comma < 0 ? "" : rest[(comma + 1)..];
        }

        return Key(m.Groups["cookie"].Success ? m.Groups["cookie"].Value : null, m.Groups["table"].Value, priority, match, m.Groups["actions"].Value);
    }

    [GeneratedRegex(@"^(?:cookie=(?<cookie>0x[0-9a-f]+), )?table=(?<table>\d+), (?<rest>.*?) ?actions=(?<actions>.*)$")]
    private static partial Regex Dumped();
}
