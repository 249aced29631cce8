#!/bin/sh
# test-zk-scan-generic.sh - the generic ACL rules of `rampart zk scan` on a
# real ZooKeeper, audited by three callers: the digest super user (sees
# everything), a SASL DIGEST-MD5 user (sees only what its sasl id and
# world may read: unreadable and unlistable subtrees become findings) and
# an anonymous client.  Each rule fires on the node built to break it and
# passes elsewhere; ACLs are compared with kazoo's; secrets never appear.
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

[ -e /usr/lib/x86_64-linux-gnu/sasl2/libdigestmd5.so ] ||
	ls /usr/lib/*/sasl2/libdigestmd5.so >/dev/null 2>&1 ||
	zk_skip "libsasl2-modules (DIGEST-MD5) not installed"
EV=$TOP/build/evidence
mkdir -p "$EV"
T=$ZK_TMP
TREE="$TOP/tests/integration/zk-tree.py"
CHECK="$TOP/tests/integration/zk-scan-check.py"

zk_use_superdigest super 'sd-s3cret'
zk_use_sasl_digest kafka 'kafka-pw-123' auditor 'aud-pw-456'
zk_start_standalone || exit 1

ALICE=$(zk_digest alice alice-pw)
zk_py - "$ZK_SERVER" "$ALICE" <<'PY' || exit 1
import sys
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
alice = sys.argv[2]
W = lambda p: ACL(p, Id("world", "anyone"))
S = lambda p, i="kafka": ACL(p, Id("sasl", i))
nodes = [
    ("/g", [W(1), S(31), S(31, "auditor")]),
    ("/g/ip", [ACL(31, Id("ip", "127.0.0.1")), S(31)]),
    ("/g/ipwide", [ACL(31, Id("ip", "0.0.0.0/0"))]),
    ("/g/digest", [ACL(31, Id("digest", alice)), W(1)]),
    ("/g/digest-plain", [ACL(31, Id("digest", "alice:alice-pw-in-clear")), W(1)]),
    ("/g/noadmin", [S(15), W(1)]),
    ("/g/sasl-host", [S(31, "kafka/h1.rampart.test@RAMPART.TEST"), W(1)]),
    ("/g/perms0", [S(31), ACL(0, Id("sasl", "auditor")), W(1)]),
    ("/g/perms64", [ACL(31 | 64, Id("sasl", "kafka")), W(1)]),
    ("/g/open", [W(31)]),
    ("/g/open/secret", [S(31)]),
    ("/g/hidden", [S(31)]),
    ("/g/hidden/below", [S(31)]),
    ("/g/adminonly", [ACL(16, Id("sasl", "auditor")), S(31)]),
    ("/g/adminonly/below", [S(31), W(1)]),
    ("/g/fine", [S(31), W(1)]),
]
for path, acl in nodes:
    zk.create(path, b"x", acl=acl)
zk.stop()
PY
zk_py "$TREE" acls "$ZK_SERVER" --auth super:sd-s3cret --path /g >"$T/acls.json"

printf 'digest:super:sd-s3cret\n' >"$T/auth"
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --path /g \
	--remove-host-from-principal true --remove-realm-from-principal true \
	--format json --output "$EV/zk-scan-generic-super.json" \
	--format text --output "$T/super.txt" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && ok "super: exit 1" || bad "super: exit $rc $(cat "$T/err")"
zk_py "$CHECK" "$EV/zk-scan-generic-super.json" --acls "$T/acls.json" \
	fail:zk/acl-ip:/g/ip fail:zk/acl-ip:/g/ipwide nofail:zk/acl-ip:/g/fine \
	'detail:zk/acl-ip:/g/ipwide:covers every address' \
	fail:zk/acl-world-admin:/g/open fail:zk/acl-world-write:/g/open \
	nofail:zk/acl-world-write:/g/fine \
	fail:zk/acl-digest-plaintext:/g/digest nofail:zk/acl-digest-plaintext:/g/fine \
	fail:zk/acl-digest-malformed:/g/digest-plain \
	nofail:zk/acl-digest-malformed:/g/digest \
	fail:zk/acl-no-admin:/g/noadmin fail:zk/acl-no-admin:/g/digest-plain \
	fail:zk/acl-no-admin:/g/sasl-host nofail:zk/acl-no-admin:/g/fine \
	fail:zk/acl-sasl-unmatchable:/g/sasl-host \
	nofail:zk/acl-sasl-unmatchable:/g/fine \
	fail:zk/acl-perms-invalid:/g/perms0 fail:zk/acl-perms-invalid:/g/perms64 \
	nofail:zk/acl-perms-invalid:/g/fine \
	fail:zk/acl-open-parent:/g/open 'detail:zk/acl-open-parent:/g/open:child /g/open/secret' \
	nofail:zk/acl-open-parent:/g \
	nofail:zk/subtree-unreadable:* \
	pass:zk/acl-ip pass:zk/acl-world-admin pass:zk/acl-world-write \
	pass:zk/acl-digest-plaintext pass:zk/acl-digest-malformed \
	pass:zk/acl-no-admin pass:zk/acl-sasl-unmatchable pass:zk/acl-perms-invalid \
	pass:zk/acl-open-parent pass:zk/subtree-unreadable \
	absent:alice-pw-in-clear "absent:$(echo "$ALICE" | cut -d: -f2)" absent:sd-s3cret ||
	bad "super user scan"
grep -q 'sasl:kafka/h1.rampart.test@RAMPART.TEST: the host part is removed' "$T/super.txt" &&
	grep -q 'expected: sasl:kafka$' "$T/super.txt" &&
	ok "unmatchable sasl id shows the normalised form" ||
	bad "sasl expected: $(grep -A2 sasl-host "$T/super.txt")"

# The same nodes with the flags false: realm-less ids cannot match unless
# the server also has DIGEST-MD5 users (which this one has).
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --path /g \
	--remove-host-from-principal false --remove-realm-from-principal false \
	--only 'zk/acl-sasl-*' --format json --output "$T/flags.json" 2>"$T/err"
zk_py "$CHECK" "$T/flags.json" fail:zk/acl-sasl-unmatchable:/g/fine \
	nofail:zk/acl-sasl-unmatchable:/g/sasl-host || bad "flags false"
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --path /g \
	--remove-host-from-principal false --remove-realm-from-principal false \
	--sasl-digest-users --only 'zk/acl-sasl-*' --format json \
	--output "$T/flags2.json" 2>"$T/err"
zk_py "$CHECK" "$T/flags2.json" nofail:zk/acl-sasl-unmatchable:/g/fine || bad "--sasl-digest-users"

# SASL DIGEST-MD5 caller "auditor": /g/hidden is sasl:kafka only
# (unreadable), /g/adminonly gives auditor ADMIN without READ (its ACL is
# readable, its children are not).
printf 'aud-pw-456\n' >"$T/pw"
"$RAMPART" zk scan --server "$ZK_SERVER" --sasl DIGEST-MD5 --sasl-user auditor \
	--sasl-password-file "$T/pw" --path /g \
	--format json --output "$EV/zk-scan-generic-sasl.json" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && ok "sasl caller: exit 1" || bad "sasl caller: exit $rc $(cat "$T/err")"
zk_py "$CHECK" "$EV/zk-scan-generic-sasl.json" \
	fail:zk/subtree-unreadable:/g/hidden \
	'detail:zk/subtree-unreadable:/g/hidden:neither READ nor ADMIN' \
	fail:zk/subtree-unreadable:/g/adminonly \
	'detail:zk/subtree-unreadable:/g/adminonly:not list the children' \
	nofail:zk/subtree-unreadable:/g/hidden/below \
	fail:zk/acl-digest-plaintext:/g/digest \
	nofail:zk/acl-digest-malformed:/g/digest \
	absent:aud-pw-456 || bad "sasl caller scan"
grep -q '"unreadable":3' "$EV/zk-scan-generic-sasl.json" &&
	ok "coverage counts 3 unreadable subtrees (hidden, adminonly, open/secret)" || bad "coverage: $(grep -o '"counts":{[^}]*}' "$EV/zk-scan-generic-sasl.json")"

# Anonymous: only world-readable nodes; the digest hash is masked by the
# server (user:x), which is not a malformed id.
"$RAMPART" zk scan --server "$ZK_SERVER" --path /g --format json \
	--output "$T/anon.json" 2>"$T/err"
zk_py "$CHECK" "$T/anon.json" nofail:zk/acl-digest-malformed:/g/digest \
	fail:zk/subtree-unreadable:/g/hidden fail:zk/subtree-unreadable:/g/open/secret nofail:zk/subtree-unreadable:/g/ip ||
	bad "anonymous scan"

# Report options: --fail-on, --only, --skip, the text format on stdout.
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --path /g \
	--fail-on none -q >/dev/null 2>"$T/err"
[ $? -eq 0 ] && ok "--fail-on none: exit 0" || bad "--fail-on none: $(cat "$T/err")"
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --path /g \
	--only zk/acl-ip --format json --output "$T/only.json" 2>"$T/err"
zk_py "$CHECK" "$T/only.json" fail:zk/acl-ip:/g/ip 'nofail:zk/acl-world-*:*' || bad "--only"
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --path /g \
	--skip 'zk/acl-*' --skip 'zk/subtree-*' --format json --output "$T/skip.json" 2>"$T/err"
zk_py "$CHECK" "$T/skip.json" 'nofail:zk/acl-*:*' || bad "--skip"
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --path /nonexistent \
	-q >/dev/null 2>"$T/err"
[ $? -eq 3 ] && ok "missing start path: exit 3 ($(cat "$T/err"))" || bad "missing path: $(cat "$T/err")"
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --max-nodes 3 \
	--format json --output "$T/max.json" 2>"$T/err"
[ $? -eq 3 ] && grep -q '"coverage"' "$T/max.json" && ok "--max-nodes: incomplete, exit 3" ||
	bad "--max-nodes: $(cat "$T/err")"
exit $fail
