namespace Overlay.Northd.Tests.Interop;

/// <summary>
/// The python side of the northd interop tests: a gRPC client built only from Debian's python3-grpcio and the
/// *_pb2 / *_pb2_grpc modules grpc_tools.protoc generated from our .proto files (real messages, real stubs).
/// Every result is one JSON line on stdout: the reply as protobuf's own JSON mapping ("message", which the C# side
/// parses back and compares with what it reads itself) and a "summary" built by plain attribute access.
/// </summary>
public static class NorthdPythonScript
{
    /// <summary>
    /// argv: STUBS_DIR calls TARGET STEPS_JSON — runs each step on one channel and prints one line per step.
    ///       STUBS_DIR subscribe TARGET CHASSIS ENCAP_IP IFACE_IDS(comma-separated) TIMEOUT_SECONDS — prints one line
    ///       per update; a "cancel" line (or EOF) on stdin cancels the stream; prints an "end" line with the status.
    /// </summary>
    public const string Text = """
        import json
        import sys
        import threading
        import time

        import grpc
        from google.protobuf import json_format

        sys.path.insert(0, sys.argv[1])
        from Protos import northbound_pb2 as nb
        from Protos import northbound_pb2_grpc as nb_grpc
        from Protos import southbound_pb2 as sb
        from Protos import southbound_pb2_grpc as sb_grpc


        def emit(obj):
            print(json.dumps(obj, sort_keys=True, separators=(",", ":")), flush=True)


        def as_json(message):
            return json_format.MessageToDict(message, preserving_proto_field_name=True)


        def channel(target):
            return grpc.insecure_channel(target, options=[("grpc.enable_http_proxy", 0)])


        def summarize_transact(r):
            return {"revision": r.revision, "changed": r.changed, "output": list(r.output)}


        def summarize_database(db):
            return {
                "revision": db.revision,
                "switches": [{
                    "name": s.name,
                    "tunnel_key": s.tunnel_key,
                    "ports": [{"name": p.name, "type": p.type, "tunnel_key": p.tunnel_key,
                               "addresses": list(p.addresses), "options": dict(p.options)} for p in s.ports],
                } for s in db.switches],
                "routers": [{
                    "name": r.name,
                    "tunnel_key": r.tunnel_key,
                    "ports": [{"name": p.name, "mac": p.mac, "networks": list(p.networks), "tunnel_key": p.tunnel_key}
                              for p in r.ports],
                } for r in db.routers],
            }


        def summarize_southbound(s):
            return {
                "revision": s.revision,
                "chassis": [{"name": c.name, "encap_ip": c.encap_ip} for c in s.chassis],
                "datapaths": [{"name": d.name, "key": d.key, "kind": sb.DatapathKind.Name(d.kind)} for d in s.datapaths],
                "port_bindings": [{"name": p.name, "datapath": p.datapath, "key": p.key, "type": p.type,
                                   "chassis": p.chassis} for p in s.port_bindings],
                "logical_flows": len(s.logical_flows),
                "flow_datapaths": sorted({f.datapath for f in s.logical_flows}),
            }


        def summarize_wait(w):
            return {"revision": w.revision,
                    "chassis": [{"name": c.name, "connected": c.connected, "installed_revision": c.installed_revision}
                                for c in w.chassis]}


        def summarize_update(u):
            return {"revision": u.revision, "full": u.full, "heartbeat": u.heartbeat,
                    "datapaths": [{"name": d.name, "key": d.key} for d in u.datapaths],
                    "port_bindings": [{"name": p.name, "chassis": p.chassis} for p in u.port_bindings],
                    "logical_flows": len(u.logical_flows),
                    "removed_logical_flows": len(u.removed_logical_flows)}


        def step(stub, s):
            op = s["op"]
            timeout = float(s.get("timeout", 20))
            if op == "transact":
                request = nb.TransactRequest(
                    commands=[nb.Command(args=words) for words in s["commands"]],
                    wait=nb.WaitFor.Value(s.get("wait", "WAIT_NONE")))
                reply = stub.Transact(request, timeout=timeout)
                return reply, summarize_transact(reply)
            if op == "getdb":
                reply = stub.GetDatabase(nb.GetDatabaseRequest(), timeout=timeout)
                return reply, summarize_database(reply)
            if op == "getsb":
                reply = stub.GetSouthbound(nb.GetSouthboundRequest(), timeout=timeout)
                return reply, summarize_southbound(reply)
            if op == "wait":
                request = nb.WaitRequest(revision=s["revision"], wait=nb.WaitFor.Value(s["wait"]))
                reply = stub.Wait(request, timeout=timeout)
                return reply, summarize_wait(reply)
            raise ValueError("unknown op " + op)


        def calls(target, steps):
            with channel(target) as ch:
                stub = nb_grpc.NorthboundStub(ch)
                for s in steps:
                    started = time.monotonic()
                    try:
                        reply, summary = step(stub, s)
                        emit({"op": s["op"], "status": "OK", "message": as_json(reply), "summary": summary,
                              "seconds": time.monotonic() - started})
                    except grpc.RpcError as e:
                        emit({"op": s["op"], "status": e.code().name, "details": e.details() or "",
                              "seconds": time.monotonic() - started})


        def subscribe(target, chassis, encap_ip, iface_ids, timeout):
            with channel(target) as ch:
                stub = sb_grpc.SouthboundStub(ch)
                request = sb.SubscribeRequest(chassis=chassis, encap_ip=encap_ip,
                                              iface_ids=[i for i in iface_ids.split(",") if i])
                call = stub.Subscribe(request, timeout=timeout)

                def watch_stdin():
                    for line in sys.stdin:
                        if line.strip() == "cancel":
                            break
                    call.cancel()

                threading.Thread(target=watch_stdin, daemon=True).start()
                try:
                    for update in call:
                        emit({"update": as_json(update), "summary": summarize_update(update)})
                    emit({"end": "OK", "details": ""})
                except grpc.RpcError as e:
                    emit({"end": e.code().name, "details": e.details() or ""})


        def main():
            mode, target = sys.argv[2], sys.argv[3]
            if mode == "calls":
                calls(target, json.loads(sys.argv[4]))
            elif mode == "subscribe":
                subscribe(target, sys.argv[4], sys.argv[5], sys.argv[6], float(sys.argv[7]))
            else:
                raise SystemExit("unknown mode " + mode)


        main()
        """;
}
