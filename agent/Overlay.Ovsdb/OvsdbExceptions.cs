namespace Overlay.Ovsdb;

/// <summary>Base of every error this library raises about OVSDB.</summary>
public class OvsdbException : Exception
{
    public OvsdbException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The peer sent something that is not valid JSON-RPC/OVSDB (malformed or truncated JSON, wrong shape).</summary>
public sealed class OvsdbProtocolException : OvsdbException
{
    public OvsdbProtocolException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The connection is closed; <see cref="Reason"/> says why (the cause, if any, is the inner exception).</summary>
public sealed class OvsdbConnectionClosedException : OvsdbException
{
    public OvsdbConnectionClosedException(string reason, Exception? inner = null)
        : base($"OVSDB connection closed: {reason}", inner)
    {
        Reason = reason;
    }

    public string Reason { get; }
}

/// <summary>The server answered a JSON-RPC request with an error (e.g. unknown database).</summary>
public sealed class OvsdbRpcException : OvsdbException
{
    public OvsdbRpcException(string method, string error, string? details)
        : base($"OVSDB {method} failed: {error}{(details is null ? "" : ": " + details)}")
    {
        Method = method;
        Error = error;
        Details = details;
    }

    public string Method { get; }

    public string Error { get; }

    public string? Details { get; }
}
