using System.Net;
using Microsoft.Extensions.Options;
using Overlay.OpenFlow;
using Overlay.Ovsdb;

namespace Overlay.Agent.Configuration;

/// <summary>Checks <see cref="AgentOptions"/> once at start and lists every problem.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions o)
    {
        var problems = new List<string>();
        Try(() => OpenFlowEndpoint.Parse(o.OpenFlow), $"--openflow '{o.OpenFlow}'", problems);
        if (o.UsesOvsdb)
            Try(() => OvsdbEndpoint.Parse(o.Ovsdb), $"--ovsdb '{o.Ovsdb}'", problems);
        if (string.IsNullOrWhiteSpace(o.Bridge))
            problems.Add("--bridge must not be empty");
        if (string.IsNullOrWhiteSpace(o.CacheDir))
            problems.Add("--cache-dir must not be empty");
        Positive(o.AuditInterval, "--audit-interval", problems);
        Positive(o.ViewPollInterval, "view poll interval", problems);
        Positive(o.ReconnectMin, "reconnect minimum", problems);
        Positive(o.RequestTimeout, "request timeout", problems);
        if (o.ReconnectMax < o.ReconnectMin)
            problems.Add("reconnect maximum must not be below the minimum");
        if (o.TunnelPortWait < TimeSpan.Zero)
            problems.Add("tunnel port wait must not be negative");
        if (string.IsNullOrEmpty(o.Chassis) != string.IsNullOrEmpty(o.EncapIp))
            problems.Add("--chassis and --encap-ip go together: give both or neither");
        if (!string.IsNullOrEmpty(o.EncapIp) && !IPAddress.TryParse(o.EncapIp, out _))
            problems.Add($"--encap-ip '{o.EncapIp}' is not an IP address");
        if (o.ViewFile is { Length: 0 })
            problems.Add("--view must not be empty");
        if (o.Northd is not null)
        {
            if (o.ViewFile is not null)
                problems.Add("--northd and --view are alternatives: give one view source");
            if (!Uri.TryCreate(o.Northd, UriKind.Absolute, out Uri? northd) || northd.Scheme is not ("http" or "https") || northd.Host.Length == 0)
                problems.Add($"--northd '{o.Northd}' is not an http:// or https:// address (e.g. http://127.0.0.1:6641)");
        }

        Positive(o.NorthdHeartbeatTimeout, "northd heartbeat timeout", problems);
        Positive(o.NorthdRequestTimeout, "northd request timeout", problems);
        if (o.BindingReportDelay < TimeSpan.Zero)
            problems.Add("binding report delay must not be negative");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(TimeSpan value, string what, List<string> problems)
    {
        if (value <= TimeSpan.Zero)
            problems.Add($"{what} must be positive (got {Overlay.Contracts.Wire.GrpcTimeout.Describe(value)})");
    }

    private static void Try(Action parse, string what, List<string> problems)
    {
        try
        {
            parse();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            problems.Add($"{what}: {e.Message}");
        }
    }
}
