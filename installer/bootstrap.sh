#!/bin/sh
# One command for a newcomer: install what is needed, build, and start ClawGate. Without a
# graphical session it starts the headless gateway (clawgatectl serve); the first start creates
# a configuration and prints its client key once.
set -eu
cd "$(dirname "$0")/.."
installer/deps-debian.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLAWGATE_BUILD_TESTS=OFF
cmake --build build
if [ -x build/app/clawgate/clawgate ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec build/app/clawgate/clawgate "$@"
fi
exec build/app/clawgatectl/clawgatectl serve "$@"
