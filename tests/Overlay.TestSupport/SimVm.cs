using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Overlay.TestSupport;

/// <summary>
/// A "VM": network namespace <c>PREFIX-NAME</c> whose eth0 is a veth with its peer <c>tapNAME</c> on the host's
/// br-int (<c>external_ids:iface-id</c> names the logical port).
/// </summary>
public sealed class SimVm
{
    private SimVm(SimHost host, string name, string ns, string mac, string ipCidr, string? gateway, string ifaceId)
    {
        Host = host;
        Name = name;
        Namespace = ns;
        Mac = mac;
        IpCidr = ipCidr;
        Gateway = gateway;
        IfaceId = ifaceId;
    }

    public SimHost Host { get; }

    public string Name { get; }

    public string Namespace { get; }

    public string Mac { get; }

    public string IpCidr { get; }

    public string Ip => IpCidr.Split('/')[0];

    public string? Gateway { get; }

    public string IfaceId { get; }

    public string PortName => "tap" + Name;

    internal static SimVm Create(MultiHostSandbox sandbox, SimHost host, string name, string mac, string ipCidr, string? gateway, string ifaceId)
    {
        if (name.Length > 12)
            throw new ArgumentException($"VM name {name} is longer than 12 characters (interface names hold 15)", nameof(name));
        var vm = new SimVm(host, name, $"{sandbox.Prefix}-{name}", mac, ipCidr, gateway, ifaceId);
        sandbox.AddNamespace(vm.Namespace);
        sandbox.Ip("link", "add", vm.PortName, "netns", host.Namespace, "type", "veth", "peer", "name", "eth0", "netns", vm.Namespace);
        vm.Exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1").EnsureSuccess($"{name}: sysctl");
        sandbox.Ip("-n", vm.Namespace, "link", "set", "eth0", "address", mac, "mtu", "1400", "up");
        sandbox.Ip("-n", vm.Namespace, "addr", "add", ipCidr, "dev", "eth0");
        if (gateway is not null)
            sandbox.Ip("-n", vm.Namespace, "route", "add", "default", "via", gateway);
        // AF_PACKET hands OVS packets with a partial checksum otherwise: TCP/UDP across the tunnel would fail.
        vm.Exec("ethtool", "-K", "eth0", "tx", "off").EnsureSuccess($"{name}: ethtool");
        sandbox.Ip("-n", host.Namespace, "link", "set", vm.PortName, "up");
        host.Vsctl("add-port", "br-int", vm.PortName, "--", "set", "Interface", vm.PortName,
            $"external_ids:iface-id={ifaceId}", $"external_ids:attached-mac={mac}");
        return vm;
    }

    /// <summary>Runs a program inside the VM (not checking its exit code).</summary>
    public ProcessRunner.Result Exec(string program, params string[] args) => ExecWithTimeout(TimeSpan.FromSeconds(60), program, args);

    public ProcessRunner.Result ExecWithTimeout(TimeSpan timeout, string program, params string[] args) =>
        OvsTools.Run("ip", ["netns", "exec", Namespace, OvsTools.Find(program), .. args], timeout: timeout);

    /// <summary>
    /// <c>ping -c COUNT -i INTERVAL -W WAIT DST</c> from this VM; every reply's TTL is kept. Bounded by a hard timeout.
    /// </summary>
    public PingResult Ping(string destination, int count = 3, double interval = 0.2, int waitSeconds = 2)
    {
        TimeSpan limit = TimeSpan.FromSeconds(count * interval + waitSeconds + 15);
        ProcessRunner.Result r = ExecWithTimeout(limit, "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture),
            "-i", interval.ToString(CultureInfo.InvariantCulture), "-W", waitSeconds.ToString(CultureInfo.InvariantCulture), destination);
        return PingResult.Parse(Name, destination, r.Stdout + r.Stderr);
    }

    /// <summary>Pings until one reply arrives or <paramref name="timeout"/> passes (one probe per 0.2 s); true if one did.</summary>
    public bool WaitReachable(string destination, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Ping(destination, count: 1, waitSeconds: 1).Received > 0)
                return true;
        }

        return false;
    }

    /// <summary>Received packets counter of eth0 (read from the kernel, live).</summary>
    public long RxPackets => Counter("rx");

    public long TxPackets => Counter("tx");

    /// <summary>Sets a static neighbour entry, so the VM sends IP without asking ARP first.</summary>
    public void SetNeighbour(string ip, string mac) =>
        OvsTools.Run("ip", ["-n", Namespace, "neigh", "replace", ip, "lladdr", mac, "dev", "eth0", "nud", "permanent"]).EnsureSuccess($"{Name}: ip neigh");

    /// <summary>Removes every neighbour entry of eth0, static ones included.</summary>
    public void FlushNeighbours() => OvsTools.Run("ip", ["-n", Namespace, "neigh", "flush", "dev", "eth0", "nud", "all"]);

    /// <summary>Changes eth0's MAC (a spoofing VM); restore with <see cref="Mac"/>.</summary>
    public void SetMac(string mac) => OvsTools.Run("ip", ["-n", Namespace, "link", "set", "eth0", "address", mac]).EnsureSuccess($"{Name}: set mac");

    /// <summary>Replaces eth0's address (a spoofing VM); restore with <see cref="IpCidr"/>. Re-adds the default route.</summary>
    public void SetIp(string ipCidr)
    {
        OvsTools.Run("ip", ["-n", Namespace, "addr", "flush", "dev", "eth0"]).EnsureSuccess($"{Name}: addr flush");
        OvsTools.Run("ip", ["-n", Namespace, "addr", "add", ipCidr, "dev", "eth0"]).EnsureSuccess($"{Name}: addr add");
        if (Gateway is not null)
            OvsTools.Run("ip", ["-n", Namespace, "route", "replace", "default", "via", Gateway]).EnsureSuccess($"{Name}: route");
    }

    /// <summary>
    /// Starts capturing IPv4 frames arriving on eth0 (AF_PACKET, in the VM's namespace) and returns once the
    /// capture is listening. It stops after <paramref name="maxFrames"/> matching frames or <paramref name="duration"/>.
    /// </summary>
    public FrameCapture StartCapture(TimeSpan duration, int maxFrames = 50, int ipProto = -1) =>
        FrameCapture.Start(this, duration, maxFrames, ipProto);

    private long Counter(string direction)
    {
        string json = OvsTools.Run("ip", ["-j", "-s", "-n", Namespace, "link", "show", "dev", "eth0"]).EnsureSuccess($"{Name}: ip -s link").Stdout;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement[0].GetProperty("stats64").GetProperty(direction).GetProperty("packets").GetInt64();
    }
}

/// <summary>The outcome of one ping run.</summary>
public sealed partial record PingResult(string From, string To, int Transmitted, int Received, IReadOnlyList<int> Ttls, string Output)
{
    public int Lost => Transmitted - Received;

    public static PingResult Parse(string from, string to, string output)
    {
        Match summary = Summary().Match(output);
        int tx = summary.Success ? int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        int rx = summary.Success ? int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        List<int> ttls = [.. Ttl().Matches(output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        return new PingResult(from, to, tx, rx, ttls, output);
    }

    public override string ToString() => $"ping {From} -> {To}: {Transmitted} transmitted, {Received} received";

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex Summary();

    [GeneratedRegex(@"bytes from .*ttl=(\d+)")]
    private static partial Regex Ttl();
}
