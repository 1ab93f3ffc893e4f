using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Overlay.Contracts.Wire;

public static class GrpcKestrel
{
    /// <summary>Listens on <paramref name="endpoint"/> for cleartext HTTP/2 (h2c, prior knowledge), as gRPC without TLS needs.</summary>
    public static void ListenH2c(this KestrelServerOptions options, IPEndPoint endpoint) =>
        options.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2);
}
