namespace Overlay.Northd.Api;

/// <summary>Placeholder removed when the NB mapping lands.</summary>
internal static class NbProtoPending;
