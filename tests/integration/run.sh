#!/bin/sh
# run.sh - integration tests against real servers on loopback.
#
# Every tests/integration/test-*.sh runs in turn (or only those named on
# the command line).  A test exits 0 on success, 1 on failure; 77 means a
# prerequisite is missing, which fails the run unless RAMPART_ALLOW_SKIP=1
# (CI installs everything, so nothing is skipped there).  JSON results the
# tests save under build/evidence/ feed tests/catalog-check.sh.
#
# SPDX-License-Identifier: MIT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
export RAMPART=${RAMPART:-$top/rampart}
export TOP=$top
mkdir -p build/evidence
pass=0
fail=0
skip=0
if [ $# -gt 0 ]; then
	tests=$*
else
	tests=$(ls tests/integration/test-*.sh 2>/dev/null)
fi
for t in $tests; do
	case $t in
	*/*) ;;
	*) t=tests/integration/$t ;;
	esac
	name=$(basename "$t" .sh)
	start=$(date +%s)
	sh "$t" >"build/evidence/$name.log" 2>&1
	code=$?
	secs=$(($(date +%s) - start))
	if [ $code -eq 0 ]; then
		echo "PASS $name (${secs}s)"
		pass=$((pass + 1))
	elif [ $code -eq 77 ]; then
		echo "SKIP $name: $(tail -n 1 "build/evidence/$name.log")"
		skip=$((skip + 1))
	else
		echo "FAIL $name (${secs}s); last lines of build/evidence/$name.log:"
		tail -n 40 "build/evidence/$name.log" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] || exit 1
[ $skip -eq 0 ] || [ "${RAMPART_ALLOW_SKIP:-}" = 1 ] || exit 1
exit 0
