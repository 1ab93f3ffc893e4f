namespace Overlay.Contracts.Tests;

/// <summary>The python sides of the interop tests (raw-bytes serializers: the C# side owns the protobuf).</summary>
public static class PythonScripts
{
    /// <summary>argv: unary|stream TARGET METHOD REQUEST_HEX TIMEOUT_SECONDS|none. Prints MSG hex lines, then STATUS name details-hex.</summary>
    public const string Client = """
        import sys
        import grpc

        def main():
            mode, target, method, request_hex, timeout = sys.argv[1:6]
            timeout = None if timeout == "none" else float(timeout)
            request = bytes.fromhex(request_hex)
            with grpc.insecure_channel(target, options=[("grpc.enable_http_proxy", 0)]) as channel:
                try:
                    if mode == "unary":
                        call = channel.unary_unary(method, request_serializer=lambda b: b, response_deserializer=lambda b: b)
                        print("MSG " + call(request, timeout=timeout).hex(), flush=True)
                    else:
                        call = channel.unary_stream(method, request_serializer=lambda b: b, response_deserializer=lambda b: b)
                        for reply in call(request, timeout=timeout):
                            print("MSG " + reply.hex(), flush=True)
                    print("STATUS OK", flush=True)
                except grpc.RpcError as e:
                    print("STATUS " + e.code().name + " " + (e.details() or "").encode("utf-8").hex(), flush=True)

        main()
        """;

    /// <summary>
    /// argv: EXPECTED_REQUEST_HEX UNARY_REPLY_HEX STREAM_REPLIES_HEX(comma-separated) ERROR_CODE ERROR_DETAILS_HEX.
    /// Serves Northbound/Transact (the unary reply), Northbound/GetDatabase (the error), Northbound/Wait (sleeps until
    /// the deadline), Southbound/Subscribe (the stream) and overlay.test.Interop/SubscribeFail (the stream, then the error).
    /// Every method first checks the request bytes. Prints "PORT n" when serving; stops when stdin closes.
    /// </summary>
    public const string Server = """
        import sys
        import time
        from concurrent import futures
        import grpc

        def main():
            expected = bytes.fromhex(sys.argv[1])
            unary_reply = bytes.fromhex(sys.argv[2])
            stream_replies = [bytes.fromhex(h) for h in sys.argv[3].split(",")]
            error_code = getattr(grpc.StatusCode, sys.argv[4])
            error_details = bytes.fromhex(sys.argv[5]).decode("utf-8")

            def check(request, context):
                if request != expected:
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "unexpected request " + request.hex())

            def transact(request, context):
                check(request, context)
                return unary_reply

            def get_database(request, context):
                check(request, context)
                context.abort(error_code, error_details)

            def wait(request, context):
                check(request, context)
                while context.is_active():
                    time.sleep(0.01)
                return unary_reply

            def subscribe(request, context):
                check(request, context)
                for reply in stream_replies:
                    yield reply

            def subscribe_fail(request, context):
                check(request, context)
                for reply in stream_replies:
                    yield reply
                context.abort(error_code, error_details)

            nb = grpc.method_handlers_generic_handler("overlay.nb.v1.Northbound", {
                "Transact": grpc.unary_unary_rpc_method_handler(transact),
                "GetDatabase": grpc.unary_unary_rpc_method_handler(get_database),
                "Wait": grpc.unary_unary_rpc_method_handler(wait),
            })
            sb = grpc.method_handlers_generic_handler("overlay.sb.v1.Southbound", {
                "Subscribe": grpc.unary_stream_rpc_method_handler(subscribe),
            })
            test = grpc.method_handlers_generic_handler("overlay.test.Interop", {
                "SubscribeFail": grpc.unary_stream_rpc_method_handler(subscribe_fail),
            })
            server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), handlers=[nb, sb, test])
            port = server.add_insecure_port("127.0.0.1:0")
            server.start()
            print("PORT %d" % port, flush=True)
            sys.stdin.read()
            server.stop(0).wait(5)

        main()
        """;
}
