using System.Globalization;
using Overlay.TestSupport;

namespace Overlay.OpenFlow.Tests.Support;

/// <summary>
/// ovs-ofctl as an oracle: <c>ofp-print</c> decodes our bytes the way OVS does, and
/// <c>-mmmmm parse-flow</c> shows the bytes OVS itself would send for a flow text.
/// </summary>
internal static class OfctlOracle
{
    /// <summary>ovs-ofctl ofp-print of a message; the text OVS decodes it to.</summary>
    public static string OfpPrint(byte[] message)
    {
        OvsTools.EnsureInstalled();
        ProcessRunner.Result r = ProcessRunner.Run(OvsTools.Find("ovs-ofctl"), ["ofp-print", Convert.ToHexString(message)]);
        return (r.Stdout + r.Stderr).Trim();
    }

    /// <summary>The FLOW_MOD bytes ovs-ofctl encodes for <paramref name="flowText"/> in OpenFlow 1.5 (xid 1).</summary>
    public static byte[] ParseFlow(string flowText, string command = "parse-flow")
    {
        OvsTools.EnsureInstalled();
        ProcessRunner.Result r = ProcessRunner.Run(OvsTools.Find("ovs-ofctl"), ["-mmmmm", "-O", "OpenFlow15", command, flowText]);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"ovs-ofctl {command} '{flowText}' failed: {r.Stderr.Trim()}");
        }

        return ParseHexDump(r.Stdout);
    }

    /// <summary>Reads the bytes of an OVS hex dump ("00000000  06 0e 00 70 ...-... |...|").</summary>
    public static byte[] ParseHexDump(string text)
    {
        var bytes = new List<byte>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length < 10 || !line[..8].All(Uri.IsHexDigit) || line[8] != ' ')
            {
                continue;
            }

            int bar = line.IndexOf('|', StringComparison.Ordinal);
            string hex = (bar < 0 ? line[10..] : line[10..bar]).Replace('-', ' ');
            foreach (string b in hex.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                bytes.Add(byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return [.. bytes];
    }
}
