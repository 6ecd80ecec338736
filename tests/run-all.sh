#!/bin/sh
# Builds ClawGate and runs the whole test suite, the way CI does. Keychain tests need a real
# Secret Service: the suite runs inside a private D-Bus session with an unlocked gnome-keyring
# whose files live in the build tree, so nothing touches the real home directory.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
installer/deps-debian.sh --with-tests
cmake -S . -B build-tests -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build-tests
# The official openai and Anthropic SDKs for the client-compatibility tests (npm registry),
# installed again whenever the lock file changed (a new package or version).
if ! cmp -s tests/sdk/package-lock.json build-tests/sdk/package-lock.json \
   || [ ! -d build-tests/sdk/node_modules/@anthropic-ai/sdk ]; then
  mkdir -p build-tests/sdk
  cp tests/sdk/package.json tests/sdk/package-lock.json build-tests/sdk/
  (cd build-tests/sdk && npm ci --no-audit --no-fund --loglevel=error)
fi
khome="$root/build-tests/khome"
rm -rf "$khome"
mkdir -p "$khome/data"
mkdir -p -m 700 "$khome/run"
export HOME="$khome" XDG_RUNTIME_DIR="$khome/run" XDG_DATA_HOME="$khome/data" \
       XDG_CONFIG_HOME="$khome/config" XDG_CACHE_HOME="$khome/cache"
unset DBUS_SESSION_BUS_ADDRESS
# Tests talk to 127.0.0.1 only; a proxy from the environment must not get in between.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export CLAWGATE_SDK_DIR="$root/build-tests/sdk"
cd build-tests
status=0
dbus-run-session -- sh -c '
  eval "$(printf %s "test-keyring-pw" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  ctest --output-on-failure --timeout 600 -LE bench "$@"' sh "$@" || status=$?
"$root/tests/scan-secrets.sh" Testing/Temporary/LastTest.log "$khome" || status=1
exit $status
