#!/bin/sh
# run.sh - live ZooKeeper tree walk speed: rampart against the official C
# client and kazoo, in one run, on the same tree and server.
#
# Starts Debian's ZooKeeper 3.8 standalone on loopback (tests/integration/
# lib-zk.sh), builds a tree of $BENCH_NODES znodes (default 100000) with
# mixed ACLs (tests/integration/zk-tree.py), then walks the whole tree as
# the digest super user with
#
#   rampart zk walk -q >/dev/null          getACL + getChildren pipelined
#                                          (or `zk scan` once it exists)
#   build/bench/zk-cwalk                   the same walk written with
#                                          libzookeeper_mt's async API
#   bench/zk/kazoo-walk.py                 the same walk with kazoo's async
#                                          API (Python)
#
# all with a window of $BENCH_WINDOW (default 128) outstanding requests,
# and prints znodes/s (wall clock) and client CPU seconds (user + system,
# GNU time) of each, and rampart's ratios to both peers.  Each figure is
# the best of $BENCH_RUNS runs (default 3).  The server shares the machine,
# so wall-clock rates include its work; CPU seconds are the client's alone.
#
# SPDX-License-Identifier: MIT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
TOP=$top
RAMPART=${RAMPART:-$top/rampart}
CWALK=$top/build/bench/zk-cwalk
NODES=${BENCH_NODES:-100000}
WINDOW=${BENCH_WINDOW:-128}
RUNS=${BENCH_RUNS:-3}
for b in "$RAMPART" "$CWALK"; do
	if [ ! -x "$b" ]; then
		echo "bench/zk: $b is missing; run make bench" >&2
		exit 1
	fi
done
if ! /usr/bin/time -f %U true >/dev/null 2>&1; then
	echo "bench/zk: GNU time (/usr/bin/time, Debian package time) is needed" >&2
	exit 1
fi
. "$top/tests/integration/lib-zk.sh"
zk_init
zk_use_superdigest super bench-pw
AUTH=super:bench-pw
ZK_JVMFLAGS="$ZK_JVMFLAGS -Xmx1g"
zk_start_standalone || exit 1
T=$ZK_TMP

start=$(date +%s)
zk_py "$top/tests/integration/zk-tree.py" build "$ZK_SERVER" "$NODES" --auth "$AUTH" || exit 1
echo "bench/zk: built $NODES znodes in $(($(date +%s) - start)) s on $ZK_SERVER"

# measure NAME CMD...: best run (least wall time) as "wall cpu nodes"
measure() {
	name=$1
	shift
	best=
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %U %S' -o "$T/$name.t" "$@" >"$T/$name.out" 2>"$T/$name.err" || {
			echo "bench/zk: $name failed:" >&2
			cat "$T/$name.err" >&2
			exit 1
		}
		n=$(sed -n 's/^nodes \([0-9]*\) .*/\1/p' "$T/$name.out")
		[ -n "$n" ] || n=$(grep -c '^node	' "$T/$name.out")
		t=$(tail -n 1 "$T/$name.t" | awk -v n="$n" '{ printf "%.3f %.3f %d", $1, $2 + $3, n }')
		if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $4) }')" = 1 ]; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best" >"$T/$name.best"
}

measure rampart "$RAMPART" zk walk --server "$ZK_SERVER" --auth "digest:$AUTH" --window "$WINDOW" -q
measure cclient "$CWALK" "$ZK_SERVER" "$WINDOW" "digest:$AUTH"
measure kazoo "$ZK_PY" "$top/bench/zk/kazoo-walk.py" "$ZK_SERVER" "$WINDOW" "$AUTH"

printf '%-34s %10s %10s %12s %12s\n' "walker (window $WINDOW)" znodes wall-s znodes/s client-cpu-s
for w in rampart cclient kazoo; do
	read -r wall cpu n <"$T/$w.best"
	case $w in
	rampart) label="rampart zk walk" ;;
	cclient) label="C client (libzookeeper_mt async)" ;;
	kazoo) label="kazoo async (python3)" ;;
	esac
	printf '%-34s %10d %10.2f %12.0f %12.2f\n' "$label" "$n" "$wall" \
		"$(echo "$n $wall" | awk '{ print ($2 > 0 ? $1 / $2 : 0) }')" "$cpu"
done
read -r rw rc rn <"$T/rampart.best"
for w in cclient kazoo; do
	read -r pw pc pn <"$T/$w.best"
	[ "$pn" -eq "$rn" ] || echo "bench/zk: warning: $w saw $pn znodes, rampart $rn"
	echo "$rw $rc $pw $pc $w" | awk '{
		printf "rampart vs %-8s speed %.2fx (znodes/s), client CPU %.2fx less\n",
		    $5, $3 / $1, ($2 > 0 ? $4 / $2 : 0) }'
done
