#!/bin/sh
# Measures real ovn-northd (Debian's OVN 23.03.1) on the benchmark's tenant topology, for comparison
# with `compile` (docs/benchmarks.md). Private NB/SB ovsdb-servers and ovn-northd in a temporary
# directory; nothing else on the machine is touched. Usage: measure-ovn-northd.sh TENANTS [RUNS]
# Loading (one ovn-nbctl call per tenant, northd paused) grows quadratically, since every call reads
# the whole NB: ~20 s for 100 tenants, ~17 min for 500. The first sync after loading is the initial
# full compute.
set -eu
tenants=${1:?usage: $0 TENANTS [RUNS]}
runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/ovn-northd-bench.XXXXXX)
nb="unix:$dir/nb.sock"
stop() {
    ovn-appctl -t "$dir/northd.ctl" exit 2>/dev/null || true
    ovs-appctl -t "$dir/nb.ctl" exit 2>/dev/null || true
    ovs-appctl -t "$dir/sb.ctl" exit 2>/dev/null || true
    rm -rf "$dir"
}
trap stop EXIT

ovsdb-tool create "$dir/nb.db" /usr/share/ovn/ovn-nb.ovsschema
ovsdb-tool create "$dir/sb.db" /usr/share/ovn/ovn-sb.ovsschema
for db in nb sb; do
    ovsdb-server --remote="punix:$dir/$db.sock" --pidfile="$dir/$db.pid" --unixctl="$dir/$db.ctl" \
        --log-file="$dir/$db.log" --detach "$dir/$db.db" 2>/dev/null
done
ovn-northd --ovnnb-db="$nb" --ovnsb-db="unix:$dir/sb.sock" --pidfile="$dir/northd.pid" \
    --unixctl="$dir/northd.ctl" --log-file="$dir/northd.log" --detach 2>/dev/null
northd="ovn-appctl -t $dir/northd.ctl"
nbctl="ovn-nbctl --db=$nb --timeout=1800"

now_ms() { date +%s%3N; }
max_ms() { $northd stopwatch/show "$1" | awk '/Maximum/ {print $2}'; }

$northd pause >/dev/null
python3 "$here/load-tenants.py" "$nb" 0 "$tenants" >/dev/null
start=$(now_ms); $northd resume >/dev/null; $nbctl --wait=sb sync; end=$(now_ms)
echo "ovn-northd 23.03: $tenants tenants, $($nbctl list Logical_Switch_Port | grep -c '^_uuid') switch ports," \
     "$(ovn-sbctl --db="unix:$dir/sb.sock" --columns=_uuid list Logical_Flow | grep -c _uuid) SB logical flows," \
     "load average $(cut -d' ' -f1 /proc/loadavg)"
echo "initial compute, NB loaded -> SB synced: $((end - start)) ms"
for i in $(seq "$runs"); do
    $northd stopwatch/reset >/dev/null
    start=$(now_ms); $northd inc-engine/recompute >/dev/null; $nbctl --wait=sb sync; end=$(now_ms)
    echo "recompute: northd loop $(max_ms ovn-northd-loop) ms (build_lflows $(max_ms build_lflows) ms), recompute -> SB synced $((end - start)) ms"
done
for i in $(seq "$runs"); do
    $northd stopwatch/reset >/dev/null
    start=$(now_ms)
    $nbctl --wait=sb lsp-set-addresses vif-t0-s1-p3 "0a:00:00:01:00:03 10.0.1.$((100 + i))"
    end=$(now_ms)
    echo "one-port change: northd loop $(max_ms ovn-northd-loop) ms (build_lflows $(max_ms build_lflows) ms), NB commit -> SB synced $((end - start)) ms"
done
echo "ovn-northd RSS: $(($(ps -o rss= -p "$(cat "$dir/northd.pid")") / 1024)) MiB"

