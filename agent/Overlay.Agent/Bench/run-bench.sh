#!/usr/bin/env bash
# Runs `overlay-agent bench` against a private ovsdb-server + ovs-vswitchd (userspace datapath) started in a
# network namespace of its own and a temp run directory; everything started is stopped by PID and the
# namespace deleted on exit. Usage: run-bench.sh [FLOWS] [ROUNDS]   (defaults 100000 3)
set -euo pipefail
flows=${1:-100000}
rounds=${2:-3}
here=$(cd "$(dirname "$0")/../../.." && pwd)
run=$(mktemp -d /tmp/ovlag-bench-XXXXXX)
ns="ovlag-bench-$$"
export OVS_RUNDIR=$run OVS_DBDIR=$run OVS_LOGDIR=$run
cleanup() {
  for d in ovs-vswitchd ovsdb-server; do
    if [ -f "$run/$d.pid" ]; then
      pid=$(cat "$run/$d.pid")
      if grep -q "$run" "/proc/$pid/cmdline" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
    fi
  done
  for _ in $(seq 50); do
    alive=0
    for d in ovs-vswitchd ovsdb-server; do [ -f "$run/$d.pid" ] && kill -0 "$(cat "$run/$d.pid")" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break; sleep 0.1
  done
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link set lo up
ovsdb-tool create "$run/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ip netns exec "$ns" ovsdb-server "$run/conf.db" --remote="punix:$run/db.sock" --pidfile="$run/ovsdb-server.pid" \
  --log-file="$run/ovsdb-server.log" -vconsole:off --detach --no-chdir
ovs-vsctl --db="unix:$run/db.sock" --no-wait init
ip netns exec "$ns" ovs-vswitchd "unix:$run/db.sock" --pidfile="$run/ovs-vswitchd.pid" --log-file="$run/ovs-vswitchd.log" \
  --disable-system -vconsole:off --detach --no-chdir
ovs-vsctl --db="unix:$run/db.sock" --timeout=30 add-br br-int -- set bridge br-int datapath_type=netdev \
  fail_mode=secure protocols=OpenFlow15 other_config:disable-in-band=true
dotnet build "$here/agent/Overlay.Agent" -c Release -v quiet -nologo >/dev/null
dotnet "$here/agent/Overlay.Agent/bin/Release/net10.0/overlay-agent.dll" bench --openflow "unix:$run/br-int.mgmt" --flows "$flows" --rounds "$rounds"
