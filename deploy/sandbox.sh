#!/usr/bin/env bash
# The local sandbox. Today it builds Overlay and runs the offline compiler on the example
# network: logical flows for one switch and a trace of a routed packet across the router.
# (Simulated hosts with real Open vSwitch join once the agent lands.)
set -euo pipefail
cd "$(dirname "$0")/.."
example=deploy/examples/two-tier.nbctl
echo "== building"
dotnet build northd/Overlay.Cli -c Release -v quiet -nologo | tail -n 2
overlay() { dotnet northd/Overlay.Cli/bin/Release/net10.0/overlay.dll "$@"; }
echo
echo "== overlay compile --script $example"
overlay compile --script "$example" > /dev/null
echo
echo "== overlay lflow-list --script $example sw1"
overlay lflow-list --script "$example" sw1
flow='inport == "sw0-port1" && eth.src == 50:54:00:00:00:01 && eth.dst == 00:00:00:00:ff:01 && ip4.src == 10.0.0.3 && ip4.dst == 20.0.0.3 && ip.ttl == 64'
echo
echo "== overlay trace --script $example --minimal sw0 '$flow'"
overlay trace --script "$example" --minimal sw0 "$flow"
echo
echo "== overlay trace --script $example --summary sw0 '$flow'"
overlay trace --script "$example" --summary sw0 "$flow"
