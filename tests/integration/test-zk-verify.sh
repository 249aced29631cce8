#!/bin/sh
# test-zk-verify.sh - `rampart zk verify` (the seed's authentication
# check) against real ZooKeeper 3.8:
#   - digest: passes; the identity is the digest user, hash masked;
#   - SASL DIGEST-MD5: passes with sasl:<user>;
#   - no credentials: fails (only the address protects the node, and an
#     anonymous session from the same address reads it);
#   - a server started with zookeeper.skipACL=yes: fails (anonymous
#     sessions read everything);
#   - no CREATE under --path: the check cannot run (exit 3);
# and in every case the test znode is gone afterwards (kazoo lists the
# parent) and nothing else changed.  JSON results are kept as evidence.
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
zk_use_superdigest super 'sd-s3cret'
zk_use_sasl_digest kafka 'kafka-pw-123'
zk_start_standalone || exit 1
T=$ZK_TMP
EV=$TOP/build/evidence
mkdir -p "$EV"
HASH=$(zk_digest alice alice-pw)
HASH=${HASH#alice:}

zk_py - "$ZK_SERVER" <<'EOF'
import sys
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
zk.create("/apps", b"", acl=[ACL(31, Id("world", "anyone"))])
zk.create("/closed", b"", acl=[ACL(31, Id("sasl", "nobody"))])
zk.stop()
EOF

children() {
	zk_py - "$ZK_SERVER" <<'EOF'
import sys
from kazoo.client import KazooClient
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
for p in ["/", "/apps"]:
    print(p, sorted(zk.get_children(p)))
zk.stop()
EOF
}
children >"$T/before"

check_gone() {
	children >"$T/now"
	cmp -s "$T/before" "$T/now" && ok "$1: no znode left behind" ||
		bad "$1: tree changed: $(cat "$T/now")"
}

# Digest.
printf 'digest:alice:alice-pw\n' >"$T/alice.auth"
"$RAMPART" zk verify --server "$ZK_SERVER" --auth-file "$T/alice.auth" \
	--path /apps --show-passed --format json -o "$EV/zk-verify-digest.json" \
	--format text >"$T/d.out" 2>"$T/d.err"
rc=$?
[ $rc -eq 0 ] && grep -q '"rule":"zk/verify-protected-znode","status":"pass"' "$EV/zk-verify-digest.json" &&
	ok "digest: verified" || bad "digest: rc=$rc $(cat "$T/d.out" "$T/d.err")"
zk_py - "$EV/zk-verify-digest.json" <<'EOF' && ok "digest: evidence names digest:alice, hash masked" || bad "digest evidence"
import json, sys
d = json.load(open(sys.argv[1]))
f = [f for f in d["findings"] if f["rule"] == "zk/verify-protected-znode"]
assert f and "digest:alice" in f[0]["evidence"], f
EOF
check_gone digest

# SASL DIGEST-MD5.
printf 'kafka-pw-123\n' >"$T/pw"
"$RAMPART" zk verify --server "$ZK_SERVER" --sasl DIGEST-MD5 --sasl-user kafka \
	--sasl-password-file "$T/pw" --show-passed --format json -o "$EV/zk-verify-sasl.json" \
	--format text >"$T/s.out" 2>"$T/s.err"
rc=$?
[ $rc -eq 0 ] && grep -q 'sasl:kafka' "$EV/zk-verify-sasl.json" &&
	grep -q '"rule":"zk/verify-protected-znode","status":"pass"' "$EV/zk-verify-sasl.json" &&
	ok "SASL DIGEST-MD5: verified as sasl:kafka" || bad "SASL: rc=$rc $(cat "$T/s.out" "$T/s.err")"
check_gone sasl

# No credentials: only ip:127.0.0.1 protects the node.
"$RAMPART" zk verify --server "$ZK_SERVER" --format json -o "$EV/zk-verify-anon.json" \
	--format text >"$T/a.out" 2>"$T/a.err"
rc=$?
[ $rc -eq 1 ] && grep -q '"rule":"zk/verify-protected-znode","status":"fail"' "$EV/zk-verify-anon.json" &&
	grep -q 'anonymous session could read' "$T/a.out" &&
	ok "no credentials: fails ($(grep -o 'an anonymous[^"]*' "$T/a.out" | head -1))" ||
	bad "no credentials: rc=$rc $(cat "$T/a.out" "$T/a.err")"
check_gone anonymous

# No CREATE under the parent: cannot run.
"$RAMPART" zk verify --server "$ZK_SERVER" --auth-file "$T/alice.auth" --path /closed \
	>"$T/c.out" 2>"$T/c.err"
rc=$?
[ $rc -eq 3 ] && grep -q 'cannot create the test znode under /closed' "$T/c.err" &&
	ok "no CREATE right: exit 3, $(head -1 "$T/c.err")" || bad "closed parent: rc=$rc $(cat "$T/c.err")"

# Usage: bad --path.
"$RAMPART" zk verify --server "$ZK_SERVER" --path relative >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad --path is a usage error" || bad "bad --path accepted"

grep -q "$HASH" "$T"/*.out "$T"/*.err "$EV"/zk-verify-*.json && bad "a digest hash was printed" ||
	ok "no digest hash in any output"

# A server that skips ACL checks: anonymous reads succeed, verify fails.
zk_kill 1
ZK_JVMFLAGS="$ZK_JVMFLAGS -Dzookeeper.skipACL=yes"
zk_start_standalone || exit 1
"$RAMPART" zk verify --server "$ZK_SERVER" --auth-file "$T/alice.auth" \
	--format json -o "$EV/zk-verify-skipacl.json" --format text >"$T/k.out" 2>"$T/k.err"
rc=$?
[ $rc -eq 1 ] && grep -q 'anonymous session could read' "$T/k.out" &&
	ok "skipACL=yes: fails" || bad "skipACL: rc=$rc $(cat "$T/k.out" "$T/k.err")"
check_gone skipACL
exit $fail
