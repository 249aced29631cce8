#!/bin/sh
# test-zk-snapshot.sh - the offline tree (`rampart zk walk --snapshot`)
# against files written by a real ZooKeeper 3.8: build a tree with mixed
# ACLs while snapshots roll (low snapCount), change it after the last
# snapshot with every kind of transaction, take the live walk, stop the
# server, and require the offline walk to print the same lines.  Then damage
# copies of the files: a truncated or corrupt newest snapshot falls back to
# an older one (and still gives the same tree, since the logs are all
# there), a torn log tail and a corrupt log entry are reported with file and
# offset, no valid snapshot is an error.  Finally gzip and snappy snapshots
# written by the server after a restart.
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

T=$ZK_TMP
EVID=$TOP/build/evidence
mkdir -p "$EVID"
zk_use_superdigest super 'sup3r-s3cret'
SUPER=super:sup3r-s3cret
ZK_JVMFLAGS="$ZK_JVMFLAGS -Dzookeeper.snapCount=400 -Dzookeeper.extendedTypesEnabled=true"
zk_start_standalone || exit 1
DATA=$T/s1/data

tree() {
	zk_py "$TOP/tests/integration/zk-tree.py" "$@"
}

tree build "$ZK_SERVER" 3000 --auth "$SUPER" || exit 1
# Restart with snapshots off in practice: the server snapshots once at
# start-up, so every later change lives in the transaction log only.
zk_kill 1
ZK_JVMFLAGS="$ZK_JVMFLAGS -Dzookeeper.snapCount=1000000"
zk_restart 1
zk_wait_ready "$ZK_PORT" 60 || exit 1
tree mutate "$ZK_SERVER" --auth "$SUPER" --tag 1 || exit 1

live_walk() {
	"$RAMPART" zk walk --server "$ZK_SERVER" --auth "digest:$SUPER" -q |
		LC_ALL=C sort >"$1"
}

# snap_compare NAME DATADIR [walk options]: the offline walk of DATADIR
# must print exactly the lines of the live walk $LIVE.
snap_compare() {
	name=$1
	dir=$2
	shift 2
	"$RAMPART" zk walk --snapshot "$dir" "$@" >"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	LC_ALL=C sort "$T/$name.out" >"$T/$name.sorted"
	if [ $rc -eq 0 ] && cmp -s "$LIVE" "$T/$name.sorted"; then
		ok "$name: offline walk equals the live walk ($(wc -l <"$LIVE") znodes)"
	else
		bad "$name: rc=$rc, offline differs from live: $(cat "$T/$name.err")"
		diff "$LIVE" "$T/$name.sorted" | head -n 10
	fi
}

LIVE=$T/live1.sorted
live_walk "$LIVE"
# (the server shows containers and TTL nodes with ephemeralOwner 0)
grep -q '^node	/rt/m-1/container	.*children=1' "$LIVE" ||
	bad "no container node in the live tree"
grep -q '^node	/rt/m-1/ttl	' "$LIVE" || bad "no TTL node in the live tree"
grep -q 'multi-failed' "$LIVE" && bad "the failed multi applied"
grep -q '/rt/m-1/eph	' "$LIVE" && bad "the ephemeral survived its session"
zk_kill 1
ls "$DATA/version-2" >"$T/files"
nsnap=$(grep -c '^snapshot\.' "$T/files")
nlog=$(grep -c '^log\.' "$T/files")
[ "$nsnap" -ge 3 ] && ok "$nsnap snapshots and $nlog logs written" ||
	bad "expected several snapshots: $(cat "$T/files")"

snap_compare plain "$DATA"
grep -q ' [1-9][0-9][0-9]* applied' "$T/plain.err" &&
	ok "transactions after the snapshot were replayed: $(cat "$T/plain.err")" ||
	bad "no replay: $(cat "$T/plain.err")"
snap_compare version2 "$DATA/version-2"
# The snapshot alone lacks the changes.
"$RAMPART" zk walk --snapshot "$DATA" --no-logs -q | LC_ALL=C sort >"$T/nologs"
cmp -s "$T/nologs" "$LIVE" && bad "--no-logs should miss the later changes" ||
	ok "--no-logs misses the changes made after the snapshot"
# A subtree.
"$RAMPART" zk walk --snapshot "$DATA" --path /rt/m-1 -q | LC_ALL=C sort >"$T/sub"
grep '	/rt/m-1[/	]' "$LIVE" | cmp -s - "$T/sub" && ok "--path /rt/m-1" ||
	bad "--path differs"
# No secrets: digest hashes are masked like the live walk.
hash=$(zk_digest alice alice-pw | cut -d: -f2)
grep -qF "$hash" "$T/plain.out" && bad "digest hash printed"

newest=$(ls "$DATA/version-2" | grep '^snapshot\.' | sort -t. -k2 | while read -r f; do
	printf '%d %s\n' "0x${f#snapshot.}" "$f"; done | sort -n | tail -n 1 | cut -d' ' -f2)
newest_log=$(ls "$DATA/version-2" | grep '^log\.' | while read -r f; do
	printf '%d %s\n' "0x${f#log.}" "$f"; done | sort -n | tail -n 1 | cut -d' ' -f2)

copy() {
	rm -rf "$T/$1"
	mkdir -p "$T/$1"
	cp -r "$DATA/version-2" "$T/$1/"
}

# Truncated newest snapshot: rejected, the older one plus logs give the
# same tree.
copy trunc
size=$(stat -c %s "$T/trunc/version-2/$newest")
truncate -s $((size / 2)) "$T/trunc/version-2/$newest"
snap_compare trunc "$T/trunc"
grep -q "warning: snapshot rejected, trying an older one: .*$newest.*truncated" "$T/trunc.err" &&
	ok "truncated snapshot reported: $(grep warning "$T/trunc.err" | head -n 1)" ||
	bad "truncated snapshot not reported: $(cat "$T/trunc.err")"

# One flipped byte inside the node records: the seal catches it.
copy crc
printf '\377' | dd of="$T/crc/version-2/$newest" bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
snap_compare crc "$T/crc"
grep -q "warning: .*$newest.*offset [0-9]*.*" "$T/crc.err" &&
	ok "corrupt snapshot reported: $(grep warning "$T/crc.err" | head -n 1)" ||
	bad "corrupt snapshot not reported: $(cat "$T/crc.err")"

# Every snapshot damaged: an error naming the newest, exit 3.
copy none
for f in "$T"/none/version-2/snapshot.*; do
	truncate -s 40 "$f"
done
"$RAMPART" zk walk --snapshot "$T/none" -q >/dev/null 2>"$T/none.err"
rc=$?
[ $rc -eq 3 ] && grep -q "$newest.*no valid snapshot among $nsnap" "$T/none.err" &&
	ok "no valid snapshot: $(tail -n 1 "$T/none.err")" ||
	bad "no valid snapshot: rc=$rc $(cat "$T/none.err")"

# Torn tail of the newest log: reported, the complete entries apply.
copy torn
python3 - "$T/torn/version-2/$newest_log" <<'EOF'
import struct, sys
p = sys.argv[1]
b = open(p, "rb").read()
off, ents = 16, []
while off + 12 <= len(b):
    crc, n = struct.unpack(">qi", b[off:off + 12])
    if n <= 0:
        break
    ents.append(off)
    off += 12 + n + 1
# cut in the middle of an entry half-way through the log
cut = ents[len(ents) // 2]
open(p, "r+b").truncate(cut + 20)
EOF
"$RAMPART" zk walk --snapshot "$T/torn" >"$T/torn.out" 2>"$T/torn.err"
rc=$?
[ $rc -eq 0 ] && grep -q "warning: .*$newest_log.*ends inside the entry at offset [0-9]*.*torn tail" "$T/torn.err" &&
	ok "torn log tail: $(grep warning "$T/torn.err")" ||
	bad "torn log tail: rc=$rc $(cat "$T/torn.err")"
LC_ALL=C sort "$T/torn.out" | cmp -s - "$LIVE" && bad "torn tail: the cut entry should be missing"

# A corrupt entry: the checksum catches it; replay stops there.
copy badlog
python3 - "$T/badlog/version-2/$newest_log" <<'EOF'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
off, n_ent = 16, 0
while off + 12 <= len(b):
    crc, n = struct.unpack(">qi", b[off:off + 12])
    if n <= 0:
        break
    n_ent += 1
    if n_ent == 5:
        b[off + 12 + n // 2] ^= 0xFF
        break
    off += 12 + n + 1
open(p, "wb").write(b)
EOF
"$RAMPART" zk walk --snapshot "$T/badlog" >/dev/null 2>"$T/badlog.err"
rc=$?
[ $rc -eq 0 ] && grep -q "warning: .*corrupt.*$newest_log.*entry at offset [0-9]*: checksum mismatch" "$T/badlog.err" &&
	ok "corrupt log entry: $(grep warning "$T/badlog.err")" ||
	bad "corrupt log entry: rc=$rc $(cat "$T/badlog.err")"

# Not a data directory; a file that is not a snapshot.
"$RAMPART" zk walk --snapshot "$T/files" -q 2>"$T/err"
[ $? -eq 3 ] && ok "not a directory: $(cat "$T/err")" || bad "not a directory: $(cat "$T/err")"
mkdir -p "$T/junk/version-2"
head -c 5000 /dev/urandom >"$T/junk/version-2/snapshot.10"
"$RAMPART" zk walk --snapshot "$T/junk" -q 2>"$T/err"
[ $? -eq 3 ] && grep -q 'snapshot.10.*not a snapshot: bad magic' "$T/err" &&
	ok "random bytes: $(tail -n 1 "$T/err")" || bad "random bytes: $(cat "$T/err")"

# Compressed snapshots written by the server itself: restart with each
# method (the server snapshots at start-up), change the tree, compare.
n=2
for method in gz snappy; do
	echo "snapshot.compression.method=$method" >>"$T/s1/zoo.cfg"
	zk_restart 1
	zk_wait_ready "$ZK_PORT" 60 || exit 1
	tree mutate "$ZK_SERVER" --auth "$SUPER" --tag "$n" || exit 1
	LIVE=$T/live$n.sorted
	live_walk "$LIVE"
	zk_kill 1
	ls "$DATA/version-2" | grep -q "^snapshot\.[0-9a-f]*\.$method\$" ||
		bad "the server wrote no .$method snapshot"
	snap_compare "$method" "$DATA"
	grep -q "snapshot\.[0-9a-f]*\.$method " "$T/$method.err" ||
		bad "$method: the tree did not come from the .$method snapshot: $(cat "$T/$method.err")"
	f=$(ls "$DATA/version-2" | grep "\.$method\$" | tail -n 1)
	copy "c$method"
	size=$(stat -c %s "$T/c$method/version-2/$f")
	truncate -s $((size - 7)) "$T/c$method/version-2/$f"
	snap_compare "c$method" "$T/c$method"
	grep -q "warning: snapshot rejected, trying an older one: .*$f" "$T/c$method.err" &&
		ok "truncated .$method snapshot: $(grep warning "$T/c$method.err" | head -n 1)" ||
		bad "truncated .$method not reported: $(cat "$T/c$method.err")"
	sed -i '/^snapshot.compression.method=/d' "$T/s1/zoo.cfg"
	n=$((n + 1))
done

# Evidence: what was compared.
{
	printf '{"test":"test-zk-snapshot","server":"zookeeper 3.8 (Debian)",'
	printf '"znodes":%d,"snapshots":%d,"logs":%d,"result":"%s"}\n' \
		"$(wc -l <"$T/live1.sorted")" "$nsnap" "$nlog" \
		"$([ $fail -eq 0 ] && echo pass || echo fail)"
} >"$EVID/zk-snapshot-walk.json"
exit $fail
