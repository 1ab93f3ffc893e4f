#!/usr/bin/env bash
# Runs the whole test suite on a Debian machine with the .NET SDK.
# Installs what the tests need (Open vSwitch, OVN as a test oracle, iproute2) if missing, then builds and tests.
set -euo pipefail
cd "$(dirname "$0")"
./deploy/install-deps.sh
dotnet restore Overlay.sln
dotnet build Overlay.sln -c Release --no-restore
dotnet test Overlay.sln -c Release --no-build --logger "console;verbosity=minimal" "$@"
