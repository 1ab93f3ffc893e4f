#!/usr/bin/env bash
# Overlay's one-command sandbox, on real Open vSwitch (Debian, as root).
#
#   deploy/sandbox.sh [up]     install what is missing, build, then start 3 simulated hosts (a network namespace
#                              each, with its own ovsdb-server + ovs-vswitchd on the userspace datapath, br-int and an
#                              underlay address on one shared "physical" bridge), overlay-northd on the embedded store
#                              (127.0.0.1:6641), one overlay-agent per host, and 7 VMs (namespaces on br-int); declare
#                              the demo network (deploy/examples/two-tenants.nbctl: two tenants, each two switches and a
#                              router) with --wait=hv, print `overlay show` and ping across hosts. Idempotent: a
#                              healthy sandbox is left as is, a broken one is rebuilt.
#   deploy/sandbox.sh status   what runs, flows per host, health (exit 0 = healthy).
#   deploy/sandbox.sh down     stop and remove everything `up` created (namespaces ovl-sb-*, their daemons by PID,
#                              the run dir) and nothing else.
#   deploy/sandbox.sh offline  no daemons: compile, list and trace the two-tier example with the offline CLI.
#
# Run dir: OVERLAY_SANDBOX_DIR (default /tmp/overlay-sandbox): logs/ (northd, agents), hv*/ (OVS logs, sockets).
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:-up}
tool=deploy/Overlay.Sandbox/bin/Release/net10.0/overlay-sandbox.dll

build() {
  echo "== building (dotnet build deploy/Overlay.Sandbox: northd, agent, CLI and the sandbox)"
  dotnet build deploy/Overlay.Sandbox -c Release -v quiet -nologo 2>&1 | tail -n 3
}

case "$cmd" in
  up)
    [ "$(id -u)" -eq 0 ] || { echo "sandbox.sh: needs root (network namespaces, Open vSwitch)" >&2; exit 1; }
    ./deploy/install-deps.sh
    build
    exec dotnet "$tool" up
    ;;
  down|status)
    [ "$(id -u)" -eq 0 ] || { echo "sandbox.sh: needs root" >&2; exit 1; }
    [ -f "$tool" ] || build
    exec dotnet "$tool" "$cmd"
    ;;
  offline)
    example=deploy/examples/two-tier.nbctl
    dotnet build northd/Overlay.Cli -c Release -v quiet -nologo | tail -n 2
    overlay() { dotnet northd/Overlay.Cli/bin/Release/net10.0/overlay.dll "$@"; }
    echo "== overlay lflow-list --script $example sw1"
    overlay lflow-list --script "$example" sw1
    flow='inport == "sw0-port1" && eth.src == 50:54:00:00:00:01 && eth.dst == 00:00:00:00:ff:01 && ip4.src == 10.0.0.3 && ip4.dst == 20.0.0.3 && ip.ttl == 64'
    echo
    echo "== overlay trace --script $example --minimal sw0 '$flow'"
    overlay trace --script "$example" --minimal sw0 "$flow"
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
