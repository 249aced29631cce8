#!/bin/sh
# test-zk-fix-crash.sh - `rampart zk fix --apply` killed with SIGKILL at
# random points loses nothing.  Five rounds on one tree of real
# ZooKeeper 3.8; in each, rampart is killed part-way through (the test
# hook RAMPART_TEST_FIX_DELAY_MS slows each write so the kill lands inside
# the run), then:
#   odd rounds:  `zk fix --resume` finishes the job (every node at
#                target), then `zk restore` from the same journal;
#   even rounds: `zk restore` straight from the interrupted journal;
# and the kazoo dump of every node (digest ids unmasked) must equal the
# dump taken before the first round.
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

zk_use_superdigest super 'sd-s3cret'
zk_start_standalone || exit 1
T=$ZK_TMP
TREE="$TOP/tests/integration/zk-tree.py"
HASH=$(zk_digest super 'sd-s3cret')
HASH=${HASH#super:}
printf 'digest:super:sd-s3cret\n' >"$T/super.auth"
zk_py "$TREE" build "$ZK_SERVER" 80 --auth super:sd-s3cret --root /rt 2>/dev/null ||
	{ echo "tree build failed"; exit 1; }
dump() {
	zk_py "$TREE" dump "$ZK_SERVER" --auth super:sd-s3cret --path /rt --raw | sort >"$1"
}
dump "$T/before"
printf '/rt/** sasl:kafka:cdrwa digest:super:%s:cdrwa\n' "$HASH" >"$T/plan"
TARGET="digest:super:$HASH:cdrwa,sasl:kafka:cdrwa"
total=$(wc -l <"$T/before")

fix() {
	"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
		--plan "$T/plan" -q "$@"
}

round=1
while [ $round -le 5 ]; do
	J=$T/journal.$round
	# 80 writes of 40 ms each: about 3.5 s; kill somewhere in 0.3..2.8 s.
	ms=$(zk_py -c 'import random; print(random.randint(300, 2800))')
	# rampart itself must be the process killed (no shell in between).
	RAMPART_TEST_FIX_DELAY_MS=40 "$RAMPART" zk fix --server "$ZK_SERVER" \
		--auth-file "$T/super.auth" --plan "$T/plan" -q \
		--apply --journal "$J" >"$T/run.$round" 2>&1 &
	pid=$!
	sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	nint=$(grep -c "^I	" "$J" 2>/dev/null)
	nres=$(grep -c '^R	' "$J" 2>/dev/null)
	nint=${nint:-0}
	nres=${nres:-0}
	echo "round $round: killed after ${ms} ms, journal has $nint intents, $nres results"
	[ "$nint" -gt 0 ] && [ "$nint" -lt "$total" ] ||
		echo "note: round $round killed outside the write phase"
	if [ $((round % 2)) -eq 1 ]; then
		fix --apply --resume --journal "$J" >"$T/resume.$round" 2>"$T/resume.$round.err"
		rc=$?
		dump "$T/mid.$round"
		off=$(awk -F'\t' -v t="$TARGET" '$3 != t' "$T/mid.$round" | wc -l)
		[ $rc -eq 0 ] && [ "$off" -eq 0 ] &&
			ok "round $round: resume brought every node to target" ||
			bad "round $round: resume rc=$rc, $off nodes off target; $(cat "$T/resume.$round.err")"
	fi
	"$RAMPART" zk restore --server "$ZK_SERVER" --auth-file "$T/super.auth" \
		--journal "$J" >"$T/restore.$round" 2>"$T/restore.$round.err"
	rc=$?
	dump "$T/after.$round"
	if [ $rc -eq 0 ] && cmp -s "$T/before" "$T/after.$round"; then
		ok "round $round: restore gives back every ACL ($(tail -1 "$T/restore.$round.err"))"
	else
		bad "round $round: restore rc=$rc: $(cat "$T/restore.$round.err") $(diff "$T/before" "$T/after.$round" | head -5)"
	fi
	round=$((round + 1))
done
exit $fail
