using Overlay.OpenFlow.Messages;

namespace Overlay.OpenFlow;

/// <summary>Base of every exception this library throws for protocol-level failures.</summary>
public class OpenFlowException : Exception
{
    public OpenFlowException(string message)
        : base(message)
    {
    }

    public OpenFlowException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}

/// <summary>The peer sent bytes that are not valid OpenFlow (bad length, truncated body, ...).</summary>
public sealed class OpenFlowProtocolException : OpenFlowException
{
    public OpenFlowProtocolException(string reason)
        : base(reason) => Reason = reason;

    /// <summary>What exactly was wrong, suitable for a log line.</summary>
    public string Reason { get; }
}

/// <summary>The switch answered a request with an OFPT_ERROR.</summary>
public sealed class OpenFlowErrorException : OpenFlowException
{
    public OpenFlowErrorException(ErrorMessage error)
        : base($"switch rejected request xid=0x{error.Xid:x}: {error.Describe()}") => Error = error;

    public ErrorMessage Error { get; }
}

/// <summary>The connection is closed; <see cref="Exception.InnerException"/> holds the cause when there was one.</summary>
public sealed class OpenFlowConnectionClosedException : OpenFlowException
{
    public OpenFlowConnectionClosedException(string message, Exception? cause = null)
        : base(message, cause)
    {
    }
}
