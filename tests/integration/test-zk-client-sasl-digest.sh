#!/bin/sh
# test-zk-client-sasl-digest.sh - SASL DIGEST-MD5 (users in the server's
# JAAS file) through Cyrus libsasl2: success gives the sasl: identity
# (whoAmI) and reads nodes only that identity may read; a wrong password
# and an unknown user are clear authentication errors; the password is
# never printed.  SASL combined with a digest AuthPacket works too.
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
zk_use_sasl_digest kafka 'kafka-pw-123' auditor 'aud-pw-456'
zk_start_standalone || exit 1
T=$ZK_TMP

# A node only sasl:kafka can read.
zk_py - "$ZK_SERVER" <<'EOF'
import sys
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
zk.create("/kafka-only", b"x", acl=[ACL(31, Id("sasl", "kafka"))])
zk.create("/kafka-only/child", b"y", acl=[ACL(31, Id("sasl", "kafka"))])
zk.stop()
EOF

printf 'kafka-pw-123\n' >"$T/pw"
"$RAMPART" zk walk --server "$ZK_SERVER" --sasl DIGEST-MD5 --sasl-user kafka \
	--sasl-password-file "$T/pw" --whoami --path /kafka-only >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q '^node	/kafka-only/child	sasl:kafka:cdrwa' "$T/out" &&
	ok "DIGEST-MD5 as kafka reads sasl:kafka nodes" || bad "DIGEST-MD5: rc=$rc $(cat "$T/err")"
grep -q 'identities:.*sasl:kafka' "$T/err" && ok "whoAmI: $(grep identities "$T/err")" ||
	bad "no sasl identity: $(cat "$T/err")"

# Anonymous: the node is unreadable.
"$RAMPART" zk walk --server "$ZK_SERVER" --path /kafka-only -q >"$T/out" 2>"$T/err"
grep -q '^unreadable	/kafka-only	NOAUTH' "$T/out" && ok "anonymous cannot read it" ||
	bad "anonymous: $(cat "$T/out" "$T/err")"

# Password from the environment, plus a digest AuthPacket after SASL.
RAMPART_ZK_SASL_PASSWORD=aud-pw-456 "$RAMPART" zk walk --server "$ZK_SERVER" \
	--sasl digest-md5 --sasl-user auditor --auth digest:super:sd-s3cret --whoami \
	--path /kafka-only -q >"$T/out" 2>"$T/err"
grep -q 'identities:.*sasl:auditor.*super:' "$T/err" || grep -q 'identities:.*super:.*sasl:auditor' "$T/err" &&
	ok "SASL then AuthPacket: $(grep identities "$T/err")" || bad "SASL+digest: $(cat "$T/err")"

# Wrong password, unknown user: clear errors, no secret in them.
printf 'wrong-password\n' >"$T/bad"
"$RAMPART" zk walk --server "$ZK_SERVER" --sasl DIGEST-MD5 --sasl-user kafka \
	--sasl-password-file "$T/bad" -q >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && grep -q 'SASL DIGEST-MD5 authentication failed' "$T/err" &&
	! grep -q 'wrong-password' "$T/err" && ok "wrong password: $(cat "$T/err")" ||
	bad "wrong password: rc=$rc $(cat "$T/err")"
RAMPART_ZK_SASL_PASSWORD=x "$RAMPART" zk walk --server "$ZK_SERVER" --sasl DIGEST-MD5 \
	--sasl-user nobody -q >/dev/null 2>"$T/err"
[ $? -eq 3 ] && grep -q 'authentication failed' "$T/err" && ok "unknown user: $(cat "$T/err")" ||
	bad "unknown user: $(cat "$T/err")"
"$RAMPART" zk walk --server "$ZK_SERVER" --sasl DIGEST-MD5 --sasl-user kafka -q 2>"$T/err"
[ $? -eq 2 ] && ok "missing password is a usage error" || bad "missing password: $(cat "$T/err")"
exit $fail
