#!/bin/sh
# test-zk-fix.sh - `rampart zk fix` and `zk restore` against a real
# ZooKeeper 3.8, with kazoo as the independent reader:
#   - the dry run prints every change and writes nothing (text and JSON);
#   - --apply moves every node the plan covers to its target ACL, skips
#     the ephemeral node and YARN's fencing node, never creates the
#     missing node, and writes a 0600 journal;
#   - restore gives back exactly the ACLs of before (kazoo dump of every
#     node, digest ids unmasked, compared line by line), and a second
#     restore changes nothing;
#   - a plan that would take ADMIN from the caller is refused whole;
#   - an existing journal is never overwritten;
#   - digest hashes never appear in any output.
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
SUPER_ID=$(zk_digest super 'sd-s3cret')
HASH=${SUPER_ID#super:}
ALICE_HASH=$(zk_digest alice alice-pw)
ALICE_HASH=${ALICE_HASH#alice:}
printf 'digest:super:sd-s3cret\n' >"$T/super.auth"

zk_py "$TREE" build "$ZK_SERVER" 120 --auth super:sd-s3cret --root /rt 2>/dev/null ||
	{ echo "tree build failed"; exit 1; }

# An ephemeral node held by a live session, and YARN's fencing node.
zk_py - "$ZK_SERVER" "$T/eph.ready" <<'EOF' &
import sys, time
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
zk.create("/rt/eph", b"", acl=[ACL(31, Id("world", "anyone"))], ephemeral=True)
open(sys.argv[2], "w").close()
time.sleep(600)
EOF
ZK_PIDS="$ZK_PIDS $!"
zk_py - "$ZK_SERVER" "$(zk_digest rm1 fence-pw)" <<'EOF'
import sys
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
zk.create("/rt/rmstore", b"", acl=[ACL(31, Id("world", "anyone"))])
zk.create("/rt/rmstore/ZKRMStateRoot", b"",
          acl=[ACL(12, Id("digest", sys.argv[2])), ACL(19, Id("world", "anyone"))])
zk.stop()
EOF
i=0
while [ ! -f "$T/eph.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

dump() {
	zk_py "$TREE" dump "$ZK_SERVER" --auth super:sd-s3cret --path /rt --raw | sort >"$1"
}
dump "$T/before"

cat >"$T/plan" <<EOF
# every node under /rt: kafka owns it, super administers, others read
/rt/** sasl:kafka:cdrwa digest:super:$HASH:cdrwa world:anyone:r
/rt/missing-node sasl:kafka:cdrwa
EOF
TARGET="digest:super:$HASH:cdrwa,sasl:kafka:cdrwa,world:anyone:r"

# Dry run: changes listed, nothing written.
"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--plan "$T/plan" >"$T/dry.out" 2>"$T/dry.err"
rc=$?
nchange=$(grep -c '^change	' "$T/dry.out")
[ $rc -eq 1 ] && [ "$nchange" -gt 100 ] && ok "dry run lists $nchange changes, exit 1" ||
	bad "dry run: rc=$rc changes=$nchange $(head -5 "$T/dry.out" "$T/dry.err")"
grep -q '^change	/rt/open-0	world:anyone:cdrwa -> sasl:kafka:cdrwa,digest:super:<masked>:cdrwa,world:anyone:r	aversion=0$' "$T/dry.out" &&
	ok "a change shows old -> new ACL" || bad "change line: $(grep open-0 "$T/dry.out" | head -2)"
grep -q '^skip	/rt/eph	ephemeral' "$T/dry.out" && ok "ephemeral node skipped" || bad "ephemeral not skipped"
grep -q '^skip	/rt/rmstore/ZKRMStateRoot	YARN' "$T/dry.out" && ok "fencing node skipped" ||
	bad "fencing node not skipped"
grep -q '^missing	/rt/missing-node	' "$T/dry.out" && ok "missing node reported" || bad "missing node"
dump "$T/after-dry"
cmp -s "$T/before" "$T/after-dry" && ok "dry run wrote nothing" || bad "dry run changed the tree"

"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--plan "$T/plan" --format json >"$T/dry.json" 2>/dev/null
zk_py - "$T/dry.json" <<'EOF' && ok "JSON dry run parses and lists the changes" || bad "JSON dry run"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["mode"] == "dry-run"
ch = [i for i in d["items"] if i["action"] == "change"]
assert len(ch) == d["summary"]["change"] > 100, d["summary"]
one = [i for i in ch if i["path"] == "/rt/open-0"][0]
assert one["old"] == ["world:anyone:cdrwa"], one
assert "digest:super:<masked>:cdrwa" in one["new"], one
assert d["summary"]["missing"] == 1 and d["summary"]["skip"] == 2, d["summary"]
EOF

# --apply needs a journal.
"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--plan "$T/plan" --apply >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q 'needs --journal' "$T/err" && ok "--apply without --journal refused" ||
	bad "--apply without journal: $(cat "$T/err")"

# Apply.
"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--plan "$T/plan" --apply --journal "$T/j1" >"$T/apply.out" 2>"$T/apply.err"
rc=$?
napplied=$(grep -c '^applied	' "$T/apply.out")
[ $rc -eq 0 ] && [ "$napplied" -eq "$nchange" ] && ok "applied $napplied changes" ||
	bad "apply: rc=$rc applied=$napplied/$nchange $(tail -5 "$T/apply.err")"
zk_py - "$T/apply.out" <<'EOF' && ok "children written before their parents" || bad "write order"
import sys
seen = []
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if f[0] == "applied":
        seen.append(f[1])
pos = {p: i for i, p in enumerate(seen)}
for p, i in pos.items():
    parent = p.rsplit("/", 1)[0]
    if parent in pos and pos[parent] < i:
        sys.exit("%s written before its child %s" % (parent, p))
EOF
[ "$(stat -c %a "$T/j1")" = 600 ] && ok "journal mode 0600" || bad "journal mode $(stat -c %a "$T/j1")"
[ "$(grep -c '^I	' "$T/j1")" -eq "$nchange" ] && [ "$(grep -c '^R	' "$T/j1")" -eq "$nchange" ] &&
	ok "journal: one intent and one result per change" || bad "journal records"
dump "$T/after"
# Every node but the skipped ones now has the target ACL.
awk -F'\t' -v t="$TARGET" '$2 != "/rt/eph" && $2 != "/rt/rmstore/ZKRMStateRoot" && $3 != t {print}' \
	"$T/after" >"$T/off"
[ ! -s "$T/off" ] && ok "kazoo reads the target ACL on every covered node" ||
	bad "nodes off target: $(head -3 "$T/off")"
grep '	/rt/eph	' "$T/before" >"$T/e1"
grep '	/rt/eph	' "$T/after" >"$T/e2"
grep '	/rt/rmstore/ZKRMStateRoot	' "$T/before" >>"$T/e1"
grep '	/rt/rmstore/ZKRMStateRoot	' "$T/after" >>"$T/e2"
cmp -s "$T/e1" "$T/e2" && ok "ephemeral and fencing nodes untouched" || bad "skipped nodes changed"
grep -q '/rt/missing-node' "$T/after" && bad "missing node was created" || ok "missing node not created"

# Idempotent: a second run has nothing to do; the journal is never overwritten.
"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--plan "$T/plan" --apply --journal "$T/j1" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q 'exists already' "$T/err" && ok "existing journal not overwritten" ||
	bad "journal overwrite: $(cat "$T/err")"
"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--plan "$T/plan" --apply --journal "$T/j2" >"$T/again.out" 2>/dev/null
rc=$?
[ $rc -eq 0 ] && ! grep -q '^change	' "$T/again.out" && [ "$(grep -c '^I	' "$T/j2")" -eq 0 ] &&
	ok "second fix changes nothing" || bad "second fix: rc=$rc $(head -3 "$T/again.out")"

# Restore: the tree of before, ACL for ACL.
"$RAMPART" zk restore --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--journal "$T/j1" >"$T/restore.out" 2>"$T/restore.err"
rc=$?
nrest=$(grep -c '^restored	' "$T/restore.out")
[ $rc -eq 0 ] && [ "$nrest" -eq "$nchange" ] && ok "restored $nrest nodes" ||
	bad "restore: rc=$rc restored=$nrest $(tail -3 "$T/restore.err")"
dump "$T/restored"
cmp -s "$T/before" "$T/restored" && ok "restore gives identical ACLs on every node" ||
	bad "restore differs: $(diff "$T/before" "$T/restored" | head -5)"
"$RAMPART" zk restore --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--journal "$T/j1" >"$T/restore2.out" 2>"$T/restore2.err"
rc=$?
[ $rc -eq 0 ] && ! grep -q '^restored' "$T/restore2.out" &&
	[ "$(grep -c '^original	' "$T/restore2.out")" -eq "$nchange" ] &&
	ok "second restore changes nothing" || bad "second restore: rc=$rc $(head -3 "$T/restore2.out")"
dump "$T/restored2"
cmp -s "$T/before" "$T/restored2" && ok "tree still identical" || bad "second restore changed the tree"

# The caller's own ADMIN: alice may administer /rt/open-0, a plan that
# leaves her out is refused and nothing is written.
printf 'digest:alice:alice-pw\n' >"$T/alice.auth"
printf '/rt/open-1 digest:alice:%s:cdrwa\n/rt/open-0 sasl:kafka:cdrwa\n' "$ALICE_HASH" >"$T/lockout.plan"
"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/alice.auth" \
	--plan "$T/lockout.plan" --apply --journal "$T/j3" >"$T/lock.out" 2>"$T/lock.err"
rc=$?
[ $rc -eq 2 ] && grep -q 'refused: the new ACL of /rt/open-0' "$T/lock.err" && [ ! -e "$T/j3" ] &&
	ok "plan that removes the caller's ADMIN refused: $(tail -1 "$T/lock.err")" ||
	bad "lockout: rc=$rc $(cat "$T/lock.err")"
dump "$T/after-lock"
cmp -s "$T/before" "$T/after-lock" && ok "refused plan wrote nothing" || bad "refused plan wrote"

# No digest hash in any output.
if cat "$T"/*.out "$T"/*.err "$T/dry.json" | grep -q -e "$HASH" -e "$ALICE_HASH"; then
	bad "a digest hash was printed"
else
	ok "no digest hash in any output"
fi
exit $fail
