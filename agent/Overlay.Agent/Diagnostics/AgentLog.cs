using Microsoft.Extensions.Logging;

namespace Overlay.Agent.Diagnostics;

/// <summary>
/// Every log line the agent writes, source-generated, with stable event ids: 1xx view source, 2xx planning,
/// 3xx OVSDB, 4xx OpenFlow sync, 5xx drift audit. Ids never change meaning; new lines get new ids.
/// </summary>
internal static partial class AgentLog
{
    [LoggerMessage(100, LogLevel.Information, "View {Path} ({Origin}) loaded: revision {Revision}, {Datapaths} datapaths, {Ports} port bindings, {Flows} logical flows")]
    public static partial void ViewLoaded(ILogger logger, string path, string origin, long revision, int datapaths, int ports, int flows);

    [LoggerMessage(101, LogLevel.Error, "View {Path} refused, keeping the current one: {Problems}")]
    public static partial void ViewRejected(ILogger logger, string path, string problems);

    [LoggerMessage(102, LogLevel.Warning, "View source {Path} is not reachable ({Reason}); installing from the cache {CachePath}")]
    public static partial void ViewFromCache(ILogger logger, string path, string reason, string cachePath);

    [LoggerMessage(103, LogLevel.Warning, "No view yet: {Reason}; flows on the bridge are left alone until one arrives")]
    public static partial void NoView(ILogger logger, string reason);

    [LoggerMessage(104, LogLevel.Warning, "Could not write the view cache {Path}: {Error}")]
    public static partial void CacheWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(105, LogLevel.Warning, "View source {Path} disappeared ({Reason}); keeping the current view")]
    public static partial void ViewSourceGone(ILogger logger, string path, string reason);

    [LoggerMessage(110, LogLevel.Information, "Subscribing to northd {Address} as chassis {Chassis} ({EncapIp}), {Vifs} local VIFs, from revision {Revision}")]
    public static partial void Subscribing(ILogger logger, string address, string chassis, string encapIp, int vifs, long revision);

    [LoggerMessage(111, LogLevel.Information, "Northd update revision {Revision} ({Kind}): {Datapaths} datapaths, {Ports} port bindings, {Flows} logical flows held")]
    public static partial void UpdateApplied(ILogger logger, long revision, string kind, int datapaths, int ports, int flows);

    [LoggerMessage(112, LogLevel.Error, "Malformed update from northd (revision {Revision}): {Problem}; dropping the subscription and resubscribing for a full resync")]
    public static partial void UpdateMalformed(ILogger logger, long revision, string problem);

    [LoggerMessage(113, LogLevel.Warning, "Northd {Address}: {Reason}; flows stay as installed, resubscribing in {Delay}")]
    public static partial void NorthdUnavailable(ILogger logger, string address, string reason, TimeSpan delay);

    [LoggerMessage(114, LogLevel.Warning, "Northd {Address} sent nothing for {Timeout} (no heartbeat); reconnecting")]
    public static partial void HeartbeatMissed(ILogger logger, string address, TimeSpan timeout);

    [LoggerMessage(115, LogLevel.Information, "Reported VIF bindings to northd: {Ports}")]
    public static partial void BindingsReported(ILogger logger, string ports);

    [LoggerMessage(116, LogLevel.Debug, "Reported revision {Revision} installed to northd")]
    public static partial void InstalledReported(ILogger logger, long revision);

    [LoggerMessage(117, LogLevel.Warning, "Report to northd failed ({What}): {Reason}; retrying in {Delay}")]
    public static partial void ReportFailed(ILogger logger, string what, string reason, TimeSpan delay);

    [LoggerMessage(118, LogLevel.Warning, "Southbound cache {Path} not used: {Problem}; subscribing from scratch")]
    public static partial void ReplicaCacheRefused(ILogger logger, string path, string problem);

    [LoggerMessage(119, LogLevel.Information, "Waiting for this host's chassis name and encap IP (OVSDB external_ids:overlay-chassis-id and overlay-encap-ip, or --chassis/--encap-ip) before subscribing")]
    public static partial void WaitingForIdentity(ILogger logger);

    [LoggerMessage(200, LogLevel.Information, "Generation {Generation}: {Flows} OpenFlow flows, {Tunnels} tunnel ports, {Datapaths} datapaths, translated in {Milliseconds:0.0} ms")]
    public static partial void Translated(ILogger logger, long generation, int flows, int tunnels, int datapaths, double milliseconds);

    [LoggerMessage(201, LogLevel.Warning, "Translation: {Diagnostic}")]
    public static partial void TranslationDiagnostic(ILogger logger, string diagnostic);

    [LoggerMessage(202, LogLevel.Error, "View not used: {Reason}")]
    public static partial void ViewRefused(ILogger logger, string reason);

    [LoggerMessage(203, LogLevel.Information, "Waiting up to {Wait} for OpenFlow numbers of tunnel ports {Ports}")]
    public static partial void TunnelPortsPending(ILogger logger, TimeSpan wait, string ports);

    [LoggerMessage(204, LogLevel.Warning, "Still no OpenFlow numbers from OVSDB after {Wait}; installing flows anyway")]
    public static partial void StillWaiting(ILogger logger, TimeSpan wait);

    [LoggerMessage(205, LogLevel.Information, "Waiting up to {Wait} for OVSDB to say where the VIFs and tunnel ports are before installing")]
    public static partial void WaitingForOvsdb(ILogger logger, TimeSpan wait);

    [LoggerMessage(206, LogLevel.Error, "Translation failed; keeping the current flows")]
    public static partial void TranslationFailed(ILogger logger, Exception exception);

    [LoggerMessage(207, LogLevel.Information, "Generation {Generation}: {Flows} OpenFlow flows, translated incrementally ({Added} logical flows added or changed, {Removed} removed) in {Milliseconds:0.0} ms")]
    public static partial void TranslatedIncrementally(ILogger logger, long generation, int flows, int added, int removed, double milliseconds);

    [LoggerMessage(300, LogLevel.Information, "OVSDB {Remote} connected")]
    public static partial void OvsdbConnected(ILogger logger, string remote);

    [LoggerMessage(301, LogLevel.Warning, "OVSDB {Remote}: {Reason}; retrying in {Delay}")]
    public static partial void OvsdbUnavailable(ILogger logger, string remote, string reason, TimeSpan delay);

    [LoggerMessage(303, LogLevel.Information, "Bridge {Bridge} ensured (created={Created}, updated={Updated})")]
    public static partial void BridgeEnsured(ILogger logger, string bridge, bool created, bool updated);

    [LoggerMessage(304, LogLevel.Information, "Tunnel port {Port} to chassis {Chassis} ({RemoteIp}): {Result}")]
    public static partial void TunnelEnsured(ILogger logger, string port, string chassis, string remoteIp, string result);

    [LoggerMessage(305, LogLevel.Information, "Tunnel port {Port} to chassis {Chassis} removed (no longer in the view)")]
    public static partial void TunnelRemoved(ILogger logger, string port, string chassis);

    [LoggerMessage(306, LogLevel.Information, "Chassis identity from OVSDB: {Chassis} encap {EncapIp}")]
    public static partial void IdentityFromOvsdb(ILogger logger, string chassis, string encapIp);

    [LoggerMessage(308, LogLevel.Information, "Local VIFs: {Vifs}")]
    public static partial void VifsChanged(ILogger logger, string vifs);

    [LoggerMessage(400, LogLevel.Information, "OpenFlow {Target} connected (datapath id 0x{DatapathId:x16})")]
    public static partial void SwitchConnected(ILogger logger, string target, ulong datapathId);

    [LoggerMessage(401, LogLevel.Warning, "OpenFlow {Target}: {Reason}; reconnecting in {Delay}")]
    public static partial void SwitchUnavailable(ILogger logger, string target, string reason, TimeSpan delay);

    [LoggerMessage(403, LogLevel.Information, "Generation {Generation} installed: {Diff} in one bundle, {Milliseconds:0.0} ms ({Installed} flows on the bridge)")]
    public static partial void BundleCommitted(ILogger logger, long generation, string diff, double milliseconds, int installed);

    [LoggerMessage(404, LogLevel.Error, "The switch refused {Command} {Flow} (cookie 0x{Cookie:x}) from {Origin}: {Error}; the bundle was not applied, retrying without this flow")]
    public static partial void FlowRejected(ILogger logger, string command, string flow, ulong cookie, string origin, string error);

    [LoggerMessage(405, LogLevel.Error, "The switch refused the bundle for generation {Generation}: {Error}; nothing was applied")]
    public static partial void BundleRejected(ILogger logger, long generation, string error);

    [LoggerMessage(406, LogLevel.Warning, "Unsolicited error from the switch: {Error}")]
    public static partial void UnsolicitedError(ILogger logger, string error);

    [LoggerMessage(407, LogLevel.Information, "Read back {Count} installed flows")]
    public static partial void InstalledRead(ILogger logger, int count);

    [LoggerMessage(408, LogLevel.Warning, "Installed flows could not be read back last time ({Reason}); replacing all flows in one bundle")]
    public static partial void Replacing(ILogger logger, string reason);

    [LoggerMessage(409, LogLevel.Warning, "Could not name the bridge's tables: {Reason}")]
    public static partial void TableNamesFailed(ILogger logger, string reason);

    [LoggerMessage(410, LogLevel.Information, "Geneve TLV map: added {Mappings}")]
    public static partial void TlvMapped(ILogger logger, string mappings);

    [LoggerMessage(500, LogLevel.Warning, "Drift: flow missing from the bridge: {Flow}")]
    public static partial void DriftMissing(ILogger logger, string flow);

    [LoggerMessage(501, LogLevel.Warning, "Drift: unexpected flow on the bridge: {Flow}")]
    public static partial void DriftUnexpected(ILogger logger, string flow);

    [LoggerMessage(502, LogLevel.Warning, "Drift: flow changed on the bridge: {Installed} (want {Desired})")]
    public static partial void DriftChanged(ILogger logger, string installed, string desired);

    [LoggerMessage(503, LogLevel.Warning, "Drift audit repaired {Count} flows")]
    public static partial void DriftRepaired(ILogger logger, int count);

    [LoggerMessage(504, LogLevel.Debug, "Drift audit: the bridge holds the {Count} desired flows")]
    public static partial void AuditClean(ILogger logger, int count);
}
