#!/usr/bin/env bash
# Installs the Debian packages Overlay's tests and sandbox use, only those missing.
# Idempotent: a second run installs nothing and does not call apt-get update.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have ovs-vswitchd || need+=(openvswitch-switch)
have ovs-ofctl    || need+=(openvswitch-common)
have ovn-northd   || need+=(ovn-central)
have ovn-trace    || need+=(ovn-host)
have ip           || need+=(iproute2)
have ping         || need+=(iputils-ping)
have ethtool      || need+=(ethtool)
# Debian's python3 (not a pyenv shim): the gRPC interop test runs /usr/bin/python3.
/usr/bin/python3 -c "import grpc" >/dev/null 2>&1 || need+=(python3-grpcio)
# protoc for python (grpc_tools): the northd interop test generates real *_pb2 stubs from our protos.
/usr/bin/python3 -c "import grpc_tools" >/dev/null 2>&1 || need+=(python3-grpc-tools)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: everything present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${need[*]} and not root; install them with apt-get" >&2
  exit 1
fi
echo "install-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# One update per run, and only when something is missing.
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-deps: done"
