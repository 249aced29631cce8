#!/bin/sh
# test-zk-client-kerberos.sh - SASL GSSAPI against a ZooKeeper whose JAAS
# Server section logs in as zookeeper/localhost@RAMPART.TEST, with a
# throw-away MIT KDC: the client authenticates from a keytab and from a
# ticket cache, gets the sasl:rampart@RAMPART.TEST identity and reads a node
# only that identity may read; a wrong service principal and missing
# credentials are clear errors.
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

ls /usr/lib/*/sasl2/libgssapiv2.so >/dev/null 2>&1 ||
	zk_skip "libsasl2-modules-gssapi-mit not installed"
command -v kinit >/dev/null 2>&1 || zk_skip "krb5-user not installed"
zk_use_superdigest super 'kr-s3cret'
zk_use_kerberos || exit 1
zk_start_standalone || exit 1
T=$ZK_TMP
ID="rampart@$ZK_REALM"

zk_py - "$ZK_SERVER" "$ID" <<'EOF'
import sys
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:kr-s3cret")])
zk.start()
zk.create("/krb-only", b"x", acl=[ACL(31, Id("sasl", sys.argv[2]))])
zk.stop()
EOF

# From a keytab (a private in-memory ticket cache is used).
"$RAMPART" zk walk --server "$ZK_SERVER" --sasl GSSAPI --keytab "$ZK_CLIENT_KEYTAB" \
	--principal "$ID" --whoami --path /krb-only >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "^node	/krb-only	sasl:$ID:cdrwa" "$T/out" &&
	ok "GSSAPI from a keytab reads /krb-only" || bad "GSSAPI keytab: rc=$rc $(cat "$T/err")"
grep -q "identities:.*sasl:$ID" "$T/err" && ok "whoAmI: $(grep identities "$T/err")" ||
	bad "no sasl identity: $(cat "$T/err")"

# From a ticket cache made by kinit.
KRB5CCNAME=FILE:$T/cc kinit -k -t "$ZK_CLIENT_KEYTAB" "$ID" || bad "kinit failed"
KRB5CCNAME=FILE:$T/cc "$RAMPART" zk walk --server "$ZK_SERVER" --sasl GSSAPI \
	--whoami --path /krb-only >"$T/out" 2>"$T/err"
grep -q "^node	/krb-only	sasl:$ID" "$T/out" && ok "GSSAPI from a ticket cache" ||
	bad "GSSAPI ccache: $(cat "$T/err")"

# Dialled as localhost: the server principal host is the same.
KRB5CCNAME=FILE:$T/cc "$RAMPART" zk walk --server "localhost:$ZK_PORT" --sasl GSSAPI \
	--path /krb-only -q >"$T/out" 2>"$T/err"
grep -q "^node	/krb-only" "$T/out" && ok "dialled as localhost" || bad "localhost: $(cat "$T/err")"

# A service principal that does not exist.
KRB5CCNAME=FILE:$T/cc "$RAMPART" zk walk --server "$ZK_SERVER" --sasl GSSAPI \
	--sasl-service nosuchservice -q >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && grep -q 'SASL GSSAPI' "$T/err" && ok "unknown service principal: $(cat "$T/err")" ||
	bad "unknown service: rc=$rc $(cat "$T/err")"

# No credentials at all.
KRB5CCNAME=FILE:$T/empty-cc "$RAMPART" zk walk --server "$ZK_SERVER" --sasl GSSAPI \
	-q >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && grep -q 'SASL GSSAPI' "$T/err" && ok "no credentials: $(cat "$T/err")" ||
	bad "no credentials: rc=$rc $(cat "$T/err")"
exit $fail
