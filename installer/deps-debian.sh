#!/bin/sh
# Installs what building, running and testing ClawGate needs on Debian 12 (see NOTES in the
# README). Safe to run again: apt skips what is already there.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
runtime="build-essential cmake ninja-build pkg-config qt6-base-dev qt6-httpserver-dev \
  qt6-websockets-dev qtkeychain-qt6-dev libqt6sql6-sqlite qt6-l10n-tools qt6-tools-dev-tools qt6-tools-dev \
  libcurl4-openssl-dev libssl-dev libyaml-cpp-dev rapidjson-dev"
tests="xvfb xauth dbus gnome-keyring libsecret-tools wrk procps fonts-wqy-microhei \
  desktop-file-utils appstream trayer xdotool dpkg-dev"
case "${1:-}" in
  --with-tests) packages="$runtime $tests" ;;
  *) packages="$runtime" ;;
esac
# Node.js may come from elsewhere (e.g. NodeSource, whose nodejs ships npm and conflicts with
# Debian's npm): only ask apt for it when there is no node/npm at all.
if [ "${1:-}" = "--with-tests" ]; then
  command -v node >/dev/null 2>&1 || packages="$packages nodejs"
  command -v npm >/dev/null 2>&1 || packages="$packages npm"
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
