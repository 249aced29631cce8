#!/bin/sh
# test-zk-client-ensemble.sh - rampart's walker against a real three-server
# ZooKeeper 3.8 ensemble: reads are spread over one connection per member;
# the leader is killed in the middle of a walk and the walk must still
# report every znode exactly once, as kazoo reads the same tree.
#
# SPDX-License-Identifier: MIT
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
RAMPART=${RAMPART:-$TOP/rampart}
. "$TOP/tests/integration/lib-zk.sh"
zk_init

fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
ok() {
	echo "ok: $*"
}

zk_use_superdigest super 'ens-s3cret'
zk_start_ensemble || exit 1
SUPER=super:ens-s3cret
T=$ZK_TMP
echo "ensemble: $ZK_SERVERS"

zk_py "$TOP/tests/integration/zk-tree.py" build "$ZK_SERVERS" 8000 --auth "$SUPER" || exit 1
zk_py "$TOP/tests/integration/zk-tree.py" dump "$ZK_SERVERS" --auth "$SUPER" |
	LC_ALL=C sort >"$T/kazoo.sorted"
total=$(wc -l <"$T/kazoo.sorted")

check_walk() {
	name=$1
	LC_ALL=C sort "$T/$name.out" >"$T/$name.sorted"
	if diff -u "$T/kazoo.sorted" "$T/$name.sorted" >"$T/$name.diff"; then
		ok "$name: all $total lines as kazoo reads them"
	else
		bad "$name: differs from kazoo ($(grep -c '^[-+][a-z]' "$T/$name.diff") lines)"
		head -n 20 "$T/$name.diff"
	fi
	dups=$(grep -v '^unlistable' "$T/$name.out" | cut -f2 | LC_ALL=C sort | uniq -d | head -n 3)
	[ -z "$dups" ] || bad "$name: reported twice: $dups"
}

packets() {
	zk_4lw "$1" mntr | awk '$1 == "zk_packets_received" { print $2 }'
}

# A quiet walk first: three connections, one per member.
for n in 1 2 3; do
	eval "port=\$ZK_PORT_$n"
	eval "before_$n=$(packets "$port")"
done
"$RAMPART" zk walk --server "$ZK_SERVERS" --auth "digest:$SUPER" --sync \
	>"$T/calm.out" 2>"$T/calm.err" || bad "walk failed: $(cat "$T/calm.err")"
check_walk calm
grep -q ' 0 reconnects' "$T/calm.err" || bad "unexpected reconnects: $(cat "$T/calm.err")"
for n in 1 2 3; do
	eval "port=\$ZK_PORT_$n"
	eval "b=\$before_$n"
	c=$(($(packets "$port") - b))
	echo "member $n: $c requests during the walk"
	# About 9400 requests in all: one connection alone would leave the
	# other members at 0; each must serve a real share.
	[ "$c" -gt 500 ] || bad "member $n served $c requests: reads are not spread"
done

# Kill the leader in the middle of a slow walk (window 1).
leader=$(zk_leader) || { bad "no leader"; exit 1; }
echo "leader is member $leader"
: >"$T/kill.out"
"$RAMPART" zk walk --server "$ZK_SERVERS" --auth "digest:$SUPER" --window 1 \
	--session-timeout 20000 >"$T/kill.out" 2>"$T/kill.err" &
walker=$!
i=0
while [ "$(wc -l <"$T/kill.out")" -lt 1500 ] && [ $i -lt 300 ] &&
	kill -0 $walker 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
done_before=$(wc -l <"$T/kill.out")
zk_kill "$leader"
echo "killed member $leader after $done_before lines"
wait $walker
rc=$?
cat "$T/kill.err"
[ $rc -eq 0 ] || bad "walk with a killed leader exited $rc"
[ "$done_before" -lt "$total" ] || bad "the walk had finished before the kill ($done_before lines)"
check_walk kill
grep -qE '[1-9][0-9]* reconnects' "$T/kill.err" && ok "reconnected after the kill" ||
	bad "no reconnect recorded"

# With two members left, the walk still works; then bring the member back.
"$RAMPART" zk walk --server "$ZK_SERVERS" --auth "digest:$SUPER" -q >"$T/two.out" 2>"$T/two.err" ||
	bad "walk on two members failed: $(cat "$T/two.err")"
check_walk two
exit $fail
