#!/bin/sh
# run.sh - offline tree speed: reading a ZooKeeper data directory (newest
# valid snapshot, every Adler-32 seal, txn-log replay) against walking the
# same tree live, in one run.
#
# Starts Debian's ZooKeeper 3.8 standalone on loopback with a snapCount
# that makes it snapshot part-way, builds $BENCH_NODES znodes (default
# 100000) with mixed ACLs, so the offline read loads a snapshot and replays
# the rest from the logs.  Then
#
#   live:    rampart zk walk --server ... -q     (the whole tree as super)
#   offline: rampart zk walk --snapshot DATADIR -q   (after the server
#            stopped; the same lines, compared)
#
# (or `zk scan` / `zk scan --snapshot` once the audit exists, with
# $BENCH_CMD=scan) and prints znodes/s and CPU seconds of both and the
# ratio.  Each figure is the best of $BENCH_RUNS runs (default 3).
# BENCH_KEEP=DIR keeps a copy of the data directory for profiling.
#
# SPDX-License-Identifier: MIT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
TOP=$top
RAMPART=${RAMPART:-$top/rampart}
NODES=${BENCH_NODES:-100000}
RUNS=${BENCH_RUNS:-3}
CMD=${BENCH_CMD:-walk}
if [ ! -x "$RAMPART" ]; then
	echo "bench/zk-snapshot: $RAMPART is missing; run make" >&2
	exit 1
fi
if ! /usr/bin/time -f %U true >/dev/null 2>&1; then
	echo "bench/zk-snapshot: GNU time (Debian package time) is needed" >&2
	exit 1
fi
. "$top/tests/integration/lib-zk.sh"
zk_init
zk_use_superdigest super bench-pw
AUTH=super:bench-pw
# Snapshot about half-way through the build; the rest stays in the logs.
ZK_JVMFLAGS="$ZK_JVMFLAGS -Xmx1g -Dzookeeper.snapCount=$NODES"
zk_start_standalone || exit 1
T=$ZK_TMP
DATA=$T/s1/data

start=$(date +%s)
zk_py "$top/tests/integration/zk-tree.py" build "$ZK_SERVER" "$NODES" --auth "$AUTH" || exit 1
echo "bench/zk-snapshot: built $NODES znodes in $(($(date +%s) - start)) s"

# measure NAME CMD...: best run (least wall time) as "wall cpu"
measure() {
	name=$1
	shift
	best=
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %U %S' -o "$T/$name.t" "$@" >"$T/$name.out" 2>"$T/$name.err"
		rc=$?
		if [ $rc -ne 0 ] && { [ "$CMD" = walk ] || [ $rc -ne 1 ]; }; then
			echo "bench/zk-snapshot: $name failed:" >&2
			cat "$T/$name.err" >&2
			exit 1
		fi
		t=$(tail -n 1 "$T/$name.t" | awk '{ printf "%.3f %.3f", $1, $2 + $3 }')
		if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $3) }')" = 1 ]; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best" >"$T/$name.best"
}

if [ "$CMD" = scan ]; then
	measure live "$RAMPART" zk scan --server "$ZK_SERVER" --auth "digest:$AUTH" --format json -o "$T/live.json"
else
	measure live "$RAMPART" zk walk --server "$ZK_SERVER" --auth "digest:$AUTH" -q
fi
n=$(grep -c '^node	' "$T/live.out" 2>/dev/null || echo 0)
[ "$CMD" = walk ] || n=$("$RAMPART" zk walk --server "$ZK_SERVER" --auth "digest:$AUTH" -q | grep -c '^node	')
zk_kill 1
ls "$DATA/version-2" | tr '\n' ' ' | sed 's/^/bench\/zk-snapshot: files: /'
echo
if [ "$CMD" = scan ]; then
	measure offline "$RAMPART" zk scan --snapshot "$DATA" --format json -o "$T/offline.json"
else
	measure offline "$RAMPART" zk walk --snapshot "$DATA" -q
	LC_ALL=C sort "$T/live.out" >"$T/a"
	LC_ALL=C sort "$T/offline.out" >"$T/b"
	cmp -s "$T/a" "$T/b" || echo "bench/zk-snapshot: warning: offline and live trees differ"
fi
[ -n "${BENCH_KEEP:-}" ] && rm -rf "$BENCH_KEEP" && cp -r "$DATA" "$BENCH_KEEP"
"$RAMPART" zk walk --snapshot "$DATA" 2>&1 >/dev/null | sed 's/^rampart: /bench\/zk-snapshot: offline read: /'

read -r lw lc <"$T/live.best"
read -r ow oc <"$T/offline.best"
printf '%-40s %10s %10s %12s %10s\n' "rampart zk $CMD" znodes wall-s znodes/s cpu-s
printf '%-40s %10d %10.2f %12.0f %10.2f\n' "live (server on loopback)" "$n" "$lw" \
	"$(echo "$n $lw" | awk '{ print ($2 > 0 ? $1 / $2 : 0) }')" "$lc"
printf '%-40s %10d %10.2f %12.0f %10.2f\n' "offline (snapshot + log replay)" "$n" "$ow" \
	"$(echo "$n $ow" | awk '{ print ($2 > 0 ? $1 / $2 : 0) }')" "$oc"
echo "$lw $ow" | awk '{ printf "offline vs live: %.1fx the znodes/s\n", ($2 > 0 ? $1 / $2 : 0) }'
