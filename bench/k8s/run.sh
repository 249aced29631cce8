#!/bin/sh
# run.sh - Kubernetes manifest scan speed and memory, measured side by side.
#
# Generates realistic multi-document streams (bench/k8s-gen.c: Deployments,
# StatefulSets, CronJobs, Services, ConfigMaps, ServiceAccounts, Roles,
# RoleBindings, NetworkPolicies over 20 namespaces, hardened and sloppy
# workloads) of 10k and 100k documents, then in one run measures
#
#   rampart k8s scan --format json -o /dev/null   (load, model, every check,
#                                                  report)
#   build/bench/yaml-parse                         (bare libyaml event parse
#                                                  of the same bytes)
#
# and prints MB/s and documents/s of both, their ratio, and the peak RSS of
# each at 10k and 100k documents (GNU time).  Speeds are given per second of
# CPU time (user + system), which stays meaningful on a shared machine,
# and per second of wall-clock time.  Each figure is the best of
# $BENCH_RUNS runs (default 3).  With BENCH_CALLGRIND=1 the 10k corpus is
# also run under valgrind's callgrind and the instruction counts compared,
# a figure that does not depend on how busy the machine is.
#
# SPDX-License-Identifier: MIT
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
RAMPART=${RAMPART:-$top/rampart}
GEN=$top/build/bench/k8s-gen
PARSE=$top/build/bench/yaml-parse
RUNS=${BENCH_RUNS:-3}
runs=$RUNS
for b in "$RAMPART" "$GEN" "$PARSE"; do
	if [ ! -x "$b" ]; then
		echo "bench/k8s: $b is missing; run make bench" >&2
		exit 1
	fi
done
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	TIME=/usr/bin/time
else
	echo "bench/k8s: GNU time (/usr/bin/time, Debian package time) is needed" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# measure NAME CMD...: the run with the least CPU time, as "cpu wall rss"
# (seconds, seconds, KiB) in $tmp/NAME.best
measure() {
	name=$1
	shift
	best=
	i=0
	while [ $i -lt "$runs" ]; do
		$TIME -f '%U %S %e %M' -o "$tmp/$name.t" "$@" >/dev/null 2>"$tmp/$name.err" ||
			[ $? -eq 1 ] || {
			echo "bench/k8s: $* failed:" >&2
			cat "$tmp/$name.err" >&2
			exit 1
		}
		t=$(tail -n 1 "$tmp/$name.t" | awk '{ printf "%.2f %s %s", $1 + $2, $3, $4 }')
		if [ -z "$best" ] || awk -v a="${t%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best" >"$tmp/$name.best"
}

printf 'rampart %s, libyaml %s, %s runs each (best), %s\n' \
	"$("$RAMPART" version 2>/dev/null | head -n 1 | awk '{print $2}')" \
	"$(pkg-config --modversion yaml-0.1 2>/dev/null || echo '?')" "$RUNS" \
	"$(uname -m)"
printf '%-8s %-17s %7s %7s %9s %9s %10s %10s %10s\n' docs tool cpu-s wall-s \
	'MB/s cpu' 'MB/s wall' 'docs/s cpu' 'docs/s wall' 'peak RSS'
for n in 10000 100000; do
	"$GEN" "$n" >"$tmp/corpus-$n.yaml"
	bytes=$(wc -c <"$tmp/corpus-$n.yaml")
	measure "parse-$n" "$PARSE" "$tmp/corpus-$n.yaml"
	measure "scan-$n" "$RAMPART" k8s scan --format json -o /dev/null \
		"$tmp/corpus-$n.yaml"
	for tool in parse scan; do
		read -r cpu wall rss <"$tmp/$tool-$n.best"
		label=libyaml-parse
		[ "$tool" = scan ] && label='rampart k8s scan'
		awk -v n="$n" -v b="$bytes" -v c="$cpu" -v w="$wall" -v r="$rss" \
		    -v l="$label" 'BEGIN {
			if (c < 0.01) c = 0.01
			if (w < 0.01) w = 0.01
			printf "%-8d %-17s %7.2f %7.2f %9.1f %9.1f %10.0f %10.0f %6.1f MiB\n",
			    n, l, c, w, b / c / 1e6, b / w / 1e6, n / c, n / w,
			    r / 1024 }'
	done
	read -r pc pw pr <"$tmp/parse-$n.best"
	read -r sc sw sr <"$tmp/scan-$n.best"
	awk -v pc="$pc" -v sc="$sc" -v pw="$pw" -v sw="$sw" -v n="$n" \
	    -v b="$bytes" 'BEGIN {
		if (sc < 0.01) sc = 0.01
		if (sw < 0.01) sw = 0.01
		printf "%-8d ratio: rampart scans at %.2f x the bare libyaml parse speed by CPU time (%.2f x by wall clock) on %.1f MB\n",
		    n, pc / sc, pw / sw, b / 1e6 }'
	echo "$sr" >"$tmp/rss-$n"
	echo "$pr" >"$tmp/prss-$n"
	# The same pipeline with one input rule on: no findings to spool, so
	# the memory left is the loader, the model and the cross-object state.
	runs=1
	measure "quiet-$n" "$RAMPART" k8s scan --only k8s/deprecated-api \
		--format json -o /dev/null "$tmp/corpus-$n.yaml"
	runs=$RUNS
	cut -d' ' -f3 "$tmp/quiet-$n.best" >"$tmp/qrss-$n"
	"$RAMPART" k8s scan --format json "$tmp/corpus-$n.yaml" 2>/dev/null |
		sed -n 's/.*"summary": {"pass":\([0-9]*\),"fail":\([0-9]*\).*/\1 \2/p' \
		>"$tmp/findings-$n"
done
awk -v a="$(cat "$tmp/rss-10000")" -v b="$(cat "$tmp/rss-100000")" \
    -v qa="$(cat "$tmp/qrss-10000")" -v qb="$(cat "$tmp/qrss-100000")" \
    -v f="$(cut -d' ' -f2 "$tmp/findings-100000")" 'BEGIN {
	printf "memory: rampart peak RSS %.1f MiB at 10k documents, %.1f MiB at 100k (%d failures at 100k;\n", a / 1024, b / 1024, f
	printf "        findings are spooled in memory up to 64 MiB, then to a temporary file)\n"
	printf "        without findings (--only k8s/deprecated-api): %.1f MiB at 10k, %.1f MiB at 100k: loader, model\n", qa / 1024, qb / 1024
	printf "        and the summaries cross-object rules keep\n" }'
if [ "${BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	ir() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
			sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
	}
	pi=$(ir "$PARSE" "$tmp/corpus-10000.yaml")
	si=$(ir "$RAMPART" k8s scan --format json -o /dev/null "$tmp/corpus-10000.yaml")
	awk -v p="$pi" -v s="$si" 'BEGIN {
		printf "instructions (callgrind, 10k documents): libyaml-parse %.0fM, rampart %.0fM: rampart at %.2f x the parse speed\n",
		    p / 1e6, s / 1e6, p / s }'
fi
