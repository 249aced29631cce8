#!/bin/sh
# test-zk-fix-concurrent.sh - an ACL that another client (kazoo) changes
# while `rampart zk fix --apply` runs is detected and left alone, in both
# windows:
#   - before rampart re-reads the node (the parent /ct, written last):
#     the re-read sees a new ACL version -> conflict;
#   - after the re-read and the journal intent, before the setACL (the
#     test hook RAMPART_TEST_FIX_DELAY_MS holds rampart there): the
#     setACL's compare-and-set fails with BADVERSION -> conflict.
# In both cases kazoo's ACL is what stays, the exit code is 1, and a
# restore leaves kazoo's ACLs alone too.
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
HASH=$(zk_digest super 'sd-s3cret')
HASH=${HASH#super:}
printf 'digest:super:sd-s3cret\n' >"$T/super.auth"

zk_py - "$ZK_SERVER" <<'EOF'
import sys
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
zk.create("/ct", b"", acl=[ACL(31, Id("world", "anyone"))])
for i in range(6):
    zk.create("/ct/n%d" % i, b"", acl=[ACL(31, Id("world", "anyone"))])
zk.stop()
EOF
printf '/ct/** sasl:kafka:cdrwa digest:super:%s:cdrwa\n' "$HASH" >"$T/plan"

# Seven writes, children first (/ct/n0 .. /ct/n5, then /ct), each held
# 700 ms between its journal intent and its setACL.
RAMPART_TEST_FIX_DELAY_MS=700 "$RAMPART" zk fix --server "$ZK_SERVER" \
	--auth-file "$T/super.auth" --plan "$T/plan" --apply \
	--journal "$T/j" >"$T/out" 2>"$T/err" &
pid=$!

# kazoo waits for rampart's intent on /ct/n2 (so rampart has re-read it
# and is inside the delay), then changes /ct/n2 and /ct.
zk_py - "$ZK_SERVER" "$T/j" <<'EOF'
import sys, time
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
deadline = time.time() + 30
while time.time() < deadline:
    try:
        if any(l.startswith("I\t") and "\t/ct/n2\t" in l for l in open(sys.argv[2])):
            break
    except FileNotFoundError:
        pass
    time.sleep(0.02)
else:
    sys.exit("rampart never journaled /ct/n2")
mine = [ACL(31, Id("sasl", "other-admin"))]
zk.set_acls("/ct/n2", mine)
zk.set_acls("/ct", mine)
zk.stop()
EOF
[ $? -eq 0 ] || bad "kazoo could not interfere"
wait $pid
rc=$?
cat "$T/out"
[ $rc -eq 1 ] && ok "exit 1: some nodes were left alone" || bad "rc=$rc $(cat "$T/err")"
grep -q '^conflict	/ct/n2	.*BADVERSION' "$T/out" &&
	ok "change inside the write window: BADVERSION, left alone" || bad "no BADVERSION conflict for /ct/n2"
grep -q '^conflict	/ct	another client changed the ACL since the plan was read' "$T/out" &&
	ok "change before the re-read: conflict, left alone" || bad "no conflict for /ct"
[ "$(grep -c '^applied	' "$T/out")" -eq 5 ] && ok "the five other nodes applied" || bad "applied count"
grep -q '^R	[0-9]*	-103	' "$T/j" && ok "journal records the BADVERSION result" || bad "journal"

acls() {
	zk_py - "$ZK_SERVER" <<'EOF'
import sys
from kazoo.client import KazooClient
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
for p in ["/ct", "/ct/n2", "/ct/n0"]:
    a, _ = zk.get_acls(p)
    print(p, sorted("%s:%s:%d" % (x.id.scheme, x.id.id, x.perms) for x in a))
zk.stop()
EOF
}
acls >"$T/acls1"
grep -q "^/ct \['sasl:other-admin:31'\]" "$T/acls1" &&
	grep -q "^/ct/n2 \['sasl:other-admin:31'\]" "$T/acls1" &&
	ok "kazoo's ACLs stay" || bad "kazoo's ACL overwritten: $(cat "$T/acls1")"

# Restore puts back the five rampart changed and leaves kazoo's alone.
"$RAMPART" zk restore --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--journal "$T/j" >"$T/rout" 2>"$T/rerr"
rc=$?
acls >"$T/acls2"
[ $rc -eq 0 ] && [ "$(grep -c '^restored	' "$T/rout")" -eq 5 ] &&
	grep -q "^/ct/n2 \['sasl:other-admin:31'\]" "$T/acls2" &&
	grep -q "^/ct/n0 \['world:anyone:31'\]" "$T/acls2" &&
	ok "restore undoes rampart's writes only" || bad "restore: rc=$rc $(cat "$T/rout" "$T/acls2")"
exit $fail
