#!/bin/sh
# catalog-check.sh - every rule in the catalog must be seen to fire, and
# every automated rule must be seen to pass, in a test.
#
# Evidence is read from the golden outputs of the end-to-end cases
# (tests/e2e/*/expected.out) and from the JSON results the integration
# tests saved while running against real servers (build/evidence/*.json).
#   fired:  "rule":"ID","status":"fail|error|manual" in a JSON result, or a
#           rule header line of the text report
#   passed: {"id":"ID","pass":N} with N > 0 in a JSON result's rule tallies
# Rules marked optional count like the others: a test must enable them.
#
# SPDX-License-Identifier: MIT
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
RAMPART=${RAMPART:-$top/rampart}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

find tests/e2e -name expected.out >"$tmp/files"
if [ -d build/evidence ]; then
	find build/evidence -name '*.json' >>"$tmp/files"
fi
# One big haystack; tr keeps JSON findings on separate lines.
xargs cat <"$tmp/files" | sed 's/},{/}\n{/g' >"$tmp/hay"

"$RAMPART" rules --format json |
	sed -n 's/^ *{"id":"\([^"]*\)".*"manual":\([a-z]*\).*/\1 \2/p' >"$tmp/rules"
"$RAMPART" rules --format json |
	sed -n 's/^ *{"id":"\([^"]*\)".*/\1/p' >"$tmp/ids"
if [ ! -s "$tmp/ids" ]; then
	echo "catalog-check: could not read the catalog"
	exit 1
fi
grep -o '"rule":"[^"]*","status":"\(fail\|error\|manual\)"' "$tmp/hay" |
	sed 's/"rule":"\([^"]*\)".*/\1/' >"$tmp/fired"
grep -E '^  (CRITICAL|HIGH|MEDIUM|LOW|INFO|ERROR|MANUAL)  [a-z0-9]+/[a-z0-9./-]+  ' "$tmp/hay" |
	awk '{print $2}' >>"$tmp/fired"
grep -o '{"id":"[^"]*","pass":[1-9]' "$tmp/hay" |
	sed 's/{"id":"\([^"]*\)".*/\1/' >"$tmp/passed"
sort -u -o "$tmp/fired" "$tmp/fired"
sort -u -o "$tmp/passed" "$tmp/passed"

nf=0
np=0
total=0
while read -r id manual; do
	total=$((total + 1))
	if ! grep -qxF "$id" "$tmp/fired"; then
		echo "catalog-check: $id never fires in a test"
		nf=$((nf + 1))
	fi
	case $id in
	core/*) continue ;;
	esac
	if [ "$manual" = false ] && ! grep -qxF "$id" "$tmp/passed" &&
	    ! grep -q "$id" tests/catalog-nopass.txt 2>/dev/null; then
		echo "catalog-check: $id never passes in a test"
		np=$((np + 1))
	fi
done <"$tmp/rules"
echo "catalog-check: $total rules, $nf never fire, $np never pass"
[ "$nf" -eq 0 ] && [ "$np" -eq 0 ]
