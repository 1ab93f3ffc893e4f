namespace Overlay.Contracts.Wire;

/// <summary>
/// A call that ended with a non-OK status. Thrown by the client for the status the server sent
/// (or a local one: Unavailable, DeadlineExceeded); thrown by a server handler to end the call with that status.
/// </summary>
public sealed class RpcException(StatusCode status, string detail)
    : Exception(string.IsNullOrEmpty(detail) ? status.ToString() : $"{status}: {detail}")
{
    public StatusCode Status { get; } = status;

    public string Detail { get; } = detail ?? "";
}
