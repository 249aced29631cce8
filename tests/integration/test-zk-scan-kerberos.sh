#!/bin/sh
# test-zk-scan-kerberos.sh - zk/acl-sasl-unmatchable judged against what a
# real Kerberos caller can do.  The server keeps its default principal
# normalisation (kerberos.removeHostFromPrincipal and
# removeRealmFromPrincipal false), so the client principal
# rampart@RAMPART.TEST becomes the id sasl:rampart@RAMPART.TEST.  rampart,
# told those settings, must call exactly the entries the Kerberos caller
# cannot use unmatchable; the caller's own scan shows them unreadable.
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
EV=$TOP/build/evidence
mkdir -p "$EV"
CHECK="$TOP/tests/integration/zk-scan-check.py"
zk_use_superdigest super 'kr-s3cret'
zk_use_kerberos || exit 1
zk_start_standalone || exit 1
T=$ZK_TMP
ID="rampart@$ZK_REALM"

zk_py - "$ZK_SERVER" "$ZK_REALM" <<'PY' || exit 1
import sys
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:kr-s3cret")])
zk.start()
realm = sys.argv[2]
S = lambda i: [ACL(31, Id("sasl", i))]
zk.create("/krb", b"", acl=[ACL(31, Id("sasl", "rampart@" + realm))])
zk.create("/krb/full", b"x", acl=S("rampart@" + realm))
zk.create("/krb/short", b"x", acl=S("rampart"))
zk.create("/krb/host", b"x", acl=S("rampart/localhost@" + realm))
zk.stop()
PY

printf 'digest:super:kr-s3cret\n' >"$T/auth"
"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" --path /krb \
	--remove-host-from-principal false --remove-realm-from-principal false \
	--format json --output "$EV/zk-scan-kerberos-super.json" 2>"$T/err"
zk_py "$CHECK" "$EV/zk-scan-kerberos-super.json" \
	nofail:zk/acl-sasl-unmatchable:/krb/full \
	fail:zk/acl-sasl-unmatchable:/krb/short \
	'detail:zk/acl-sasl-unmatchable:/krb/short:keep their realm' \
	fail:zk/acl-no-admin:/krb/short nofail:zk/acl-no-admin:/krb/full \
	nofail:zk/acl-sasl-unmatchable:/krb/host || bad "super scan"

# The Kerberos caller itself: it reads /krb/full, not /krb/short.
"$RAMPART" zk scan --server "$ZK_SERVER" --sasl GSSAPI --keytab "$ZK_CLIENT_KEYTAB" \
	--principal "$ID" --path /krb --format json \
	--output "$EV/zk-scan-kerberos-gssapi.json" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && ok "GSSAPI caller: exit 1" || bad "GSSAPI caller: rc=$rc $(cat "$T/err")"
zk_py "$CHECK" "$EV/zk-scan-kerberos-gssapi.json" \
	nofail:zk/subtree-unreadable:/krb/full \
	fail:zk/subtree-unreadable:/krb/short \
	fail:zk/subtree-unreadable:/krb/host || bad "GSSAPI caller scan"
exit $fail
