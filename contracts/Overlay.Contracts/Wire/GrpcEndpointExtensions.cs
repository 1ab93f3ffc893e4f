using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Overlay.Contracts.Wire;

/// <summary>Maps gRPC methods onto ASP.NET Core endpoints: POST /package.Service/Method on an HTTP/2 listener.</summary>
public static class GrpcEndpointExtensions
{
    public static IEndpointConventionBuilder MapGrpcUnary<TReq, TRes>(this IEndpointRouteBuilder app, string method,
        MessageParser<TReq> parser, Func<TReq, ServerCallContext, Task<TRes>> handler, int maxRequestSize = 16 << 20)
        where TReq : IMessage<TReq>
        where TRes : IMessage<TRes>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var call = new GrpcServerCall<TReq>(method, parser, maxRequestSize, LoggerOf(app), StoppingOf(app));
        return app.MapPost(method, http => call.RunAsync<TRes>(http, async (request, context, writer) =>
        {
            var reply = await handler(request, context).ConfigureAwait(false);
            await writer.WriteAsync(reply, context.CancellationToken).ConfigureAwait(false);
        }));
    }

    public static IEndpointConventionBuilder MapGrpcServerStreaming<TReq, TRes>(this IEndpointRouteBuilder app, string method,
        MessageParser<TReq> parser, Func<TReq, IServerStreamWriter<TRes>, ServerCallContext, Task> handler, int maxRequestSize = 16 << 20)
        where TReq : IMessage<TReq>
        where TRes : IMessage<TRes>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var call = new GrpcServerCall<TReq>(method, parser, maxRequestSize, LoggerOf(app), StoppingOf(app));
        return app.MapPost(method, http => call.RunAsync<TRes>(http, (request, context, writer) => handler(request, writer, context)));
    }

    private static CancellationToken StoppingOf(IEndpointRouteBuilder app) =>
        app.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;

    private static ILogger LoggerOf(IEndpointRouteBuilder app) =>
        app.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("Overlay.Contracts.Wire.GrpcServer") ?? NullLogger.Instance;
}
