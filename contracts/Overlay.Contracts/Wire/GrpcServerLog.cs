using Microsoft.Extensions.Logging;

namespace Overlay.Contracts.Wire;

internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "gRPC handler for {Method} from {Peer} failed")]
    public static partial void HandlerFailed(ILogger logger, string method, string peer, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "gRPC call {Method} from {Peer} ended with {Status}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, string peer, StatusCode status, string detail);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "gRPC call {Method} from {Peer} abandoned by the client")]
    public static partial void ClientGone(ILogger logger, string method, string peer);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "ignoring invalid grpc-timeout '{Value}' on {Method}")]
    public static partial void BadTimeout(ILogger logger, string method, string value);
}
