using System.Collections.Immutable;
using Overlay.Logical;

namespace Overlay.Northd.Compiler.Tests.Compile;

/// <summary>Compares two logical networks item by item and reports the first difference readably.</summary>
internal static class NetworkAssert
{
    public static void Equal(LogicalNetwork expected, LogicalNetwork actual, string context = "")
    {
        Assert.Equal(expected.Revision, actual.Revision);
        Same(expected.Datapaths, actual.Datapaths, "datapaths", context);
        Same(expected.Ports, actual.Ports, "port bindings", context);
        Same(expected.MulticastGroups, actual.MulticastGroups, "multicast groups", context);
        Same(expected.AddressSets, actual.AddressSets, "address sets", context);
        Same(expected.PortGroups, actual.PortGroups, "port groups", context);
        Same(expected.Flows, actual.Flows, "flows", context);
    }

    private static void Same<T>(ImmutableArray<T> expected, ImmutableArray<T> actual, string what, string context)
    {
        var missing = expected.Except(actual).Take(5).ToList();
        var extra = actual.Except(expected).Take(5).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            Assert.Fail($"{context}: {what} differ\n  missing: {string.Join("\n           ", missing)}\n  extra:   {string.Join("\n           ", extra)}");
        for (int i = 0; i < expected.Length; i++)
            if (!Equals(expected[i], actual[i]))
                Assert.Fail($"{context}: {what} out of order at {i}: expected {expected[i]}, got {actual[i]}");
        Assert.Equal(expected.Length, actual.Length);
    }
}
