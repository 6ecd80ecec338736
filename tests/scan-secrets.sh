#!/bin/sh
# After the whole suite: no secret value a test used may appear in anything the suite logged
# (CTest's log holds every test's output, including the gateway's logs and the error bodies the
# tests print) or in the files it left under the test home (configurations, state). Every
# secret in the tests has one of these shapes; keyring files are skipped, they hold secrets by
# design (encrypted).
# usage: tests/scan-secrets.sh LOG_FILE TEST_HOME
set -eu
log=$1 home=$2
pattern='sk-(canary-|import-|test-client-key|upstream-|cli-secret-|envtest-|reload-test-|sdk-test-key|cg-|login-)'
found=0
if [ ! -r "$log" ]; then
  echo "secret scan: no log at $log, so nothing was checked" >&2
  exit 1
fi
if grep -E -n -o "$pattern" "$log" >/tmp/clawgate-leaks.$$ 2>/dev/null; then
  echo "secret values in $log:" >&2
  sed 's/\(sk-[a-z-]*\).*/\1.../' /tmp/clawgate-leaks.$$ | head -20 >&2
  found=1
fi
rm -f /tmp/clawgate-leaks.$$
if [ -d "$home" ]; then
  leaked=$(grep -r -l -E "$pattern" "$home" --exclude-dir=keyrings 2>/dev/null || true)
  if [ -n "$leaked" ]; then
    echo "secret values in files under $home:" >&2
    echo "$leaked" >&2
    found=1
  fi
fi
[ $found -eq 0 ] && echo "secret scan: no test secret in $log or under $home"
exit $found
