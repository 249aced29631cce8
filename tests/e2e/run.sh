#!/bin/sh
# run.sh - numbered end-to-end golden cases.
#
# Each case is a directory tests/e2e/NNNN-slug/ with
#   args           the arguments to rampart (shell words; $CASE is the case dir)
#   stdin          optional: fed to standard input
#   expected.out   standard output after masking
#   expected.err   optional: standard error after masking
#   expected.exit  the exit code
# Cases run from the top of the tree with a fixed clock (SOURCE_DATE_EPOCH)
# and NO_COLOR.  UPDATE=1 rewrites the expected files for review.
#
# SPDX-License-Identifier: MIT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
RAMPART=${RAMPART:-$top/rampart}
UPDATE=${UPDATE:-}
export SOURCE_DATE_EPOCH=1780000000 # 2026-05-28T20:26:40Z
export NO_COLOR=1
export LC_ALL=C
unset HELM_NAMESPACE
version=$(cat VERSION)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
only=${E2E_ONLY:-}

mask() {
	sed -e "s|$top/|<TOP>/|g" -e "s|$tmp/|<TMP>/|g" \
	    -e "s|\"version\":\"$version\"|\"version\":\"<VERSION>\"|g" \
	    -e "s|\"semanticVersion\":\"$version\"|\"semanticVersion\":\"<VERSION>\"|g" \
	    -e "s|rampart $version|rampart <VERSION>|g"
}

for dir in tests/e2e/[0-9][0-9][0-9][0-9]-*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	if [ -n "$only" ] && ! echo "$name" | grep -q -- "$only"; then
		continue
	fi
	if [ ! -f "$dir/args" ]; then
		echo "FAIL $name: no args file"
		fail=$((fail + 1))
		continue
	fi
	CASE=$dir
	export CASE
	args=$(cat "$dir/args")
	in=/dev/null
	[ -f "$dir/stdin" ] && in=$dir/stdin
	eval "set -- $args"
	"$RAMPART" "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	code=$?
	mask <"$tmp/out" >"$tmp/out.m"
	mask <"$tmp/err" >"$tmp/err.m"
	if [ -n "$UPDATE" ]; then
		cp "$tmp/out.m" "$dir/expected.out"
		echo "$code" >"$dir/expected.exit"
		if [ -s "$tmp/err.m" ] || [ -f "$dir/expected.err" ]; then
			cp "$tmp/err.m" "$dir/expected.err"
		fi
	fi
	ok=1
	if [ "$(cat "$dir/expected.exit" 2>/dev/null)" != "$code" ]; then
		echo "FAIL $name: exit $code, expected $(cat "$dir/expected.exit" 2>/dev/null)"
		sed 's/^/    stderr: /' "$tmp/err.m" | head -n 20
		ok=0
	fi
	if ! diff -u "$dir/expected.out" "$tmp/out.m" >"$tmp/diff"; then
		echo "FAIL $name: standard output differs"
		head -n 60 "$tmp/diff"
		ok=0
	fi
	if [ -f "$dir/expected.err" ] && ! diff -u "$dir/expected.err" "$tmp/err.m" >"$tmp/diff"; then
		echo "FAIL $name: standard error differs"
		head -n 40 "$tmp/diff"
		ok=0
	fi
	if [ $ok -eq 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
