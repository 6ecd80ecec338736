#!/bin/sh
# Builds the .deb from an already built tree (cpack, in a temporary directory) and checks what
# a user installs: both programs, the launcher, the AppStream metainfo, the icons and the
# systemd user unit; and that the launcher and metainfo pass their validators.
# Usage: check-deb.sh BUILD_DIR
set -eu
build=$1
app=io.github.clawgate.ClawGate
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! cpack -G DEB -B "$tmp" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"
  exit 1
fi
deb=$(ls "$tmp"/*.deb)
echo "built $(basename "$deb")"
dpkg-deb -c "$deb" | awk '{ print $NF }' >"$tmp/contents"
status=0
expect() {
  if ! grep -qx "$1" "$tmp/contents"; then
    echo "missing from the package: $1"
    status=1
  fi
}
expect ./usr/bin/clawgate
expect ./usr/bin/clawgatectl
expect ./usr/share/applications/$app.desktop
expect ./usr/share/metainfo/$app.metainfo.xml
expect ./usr/share/icons/hicolor/scalable/apps/$app.svg
for size in 16 22 24 32 48 64 128 256; do
  expect ./usr/share/icons/hicolor/${size}x${size}/apps/$app.png
done
expect ./usr/lib/systemd/user/clawgate.service
[ "$(dpkg-deb -f "$deb" Package)" = clawgate ] || { echo "wrong Package field"; status=1; }
# Shared library dependencies were worked out (Qt, libcurl), so apt installs them.
dpkg-deb -f "$deb" Depends | grep -q 'libqt6widgets6' || { echo "Depends lacks Qt Widgets"; status=1; }
dpkg-deb -f "$deb" Depends | grep -q 'libcurl4' || { echo "Depends lacks libcurl"; status=1; }
dpkg-deb -f "$deb" Depends | grep -q 'qt6-qpa-plugins' || { echo "Depends lacks the Qt platform plugins"; status=1; }
dpkg-deb -x "$deb" "$tmp/root"
desktop-file-validate "$tmp/root/usr/share/applications/$app.desktop" || status=1
appstreamcli validate --no-net --explain "$tmp/root/usr/share/metainfo/$app.metainfo.xml" || status=1
grep -q '^ExecStart=clawgatectl serve$' "$tmp/root/usr/lib/systemd/user/clawgate.service" || status=1
[ $status -eq 0 ] && echo "package contents and metadata are valid"
exit $status
