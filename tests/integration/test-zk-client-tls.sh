#!/bin/sh
# test-zk-client-tls.sh - rampart's client over TLS (secureClientPort with
# the Netty factory and ssl.clientAuth=need): the CA file, client
# certificate (x509 identity, checked with whoAmI), hostname verification
# by IP SAN, a clear error for a name the certificate does not hold and for
# a missing client certificate, --tls-no-verify-hostname, and a walk that
# matches the plaintext walk of the same tree.
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

command -v openssl >/dev/null 2>&1 || zk_skip "openssl missing"
command -v keytool >/dev/null 2>&1 || zk_skip "keytool missing"
zk_use_superdigest super 'tls-s3cret'
zk_use_tls need || exit 1
zk_start_standalone || exit 1
T=$ZK_TMP
SUPER=super:tls-s3cret
TLS="--tls --ca $ZK_CA --cert $ZK_CLIENT_CERT --key $ZK_CLIENT_KEY"

zk_py "$TOP/tests/integration/zk-tree.py" build "$ZK_SERVER" 500 --auth "$SUPER" || exit 1
"$RAMPART" zk walk --server "$ZK_SERVER" --auth "digest:$SUPER" -q | LC_ALL=C sort >"$T/plain.sorted"

# The certificate holds IP:127.0.0.1: dialling the address verifies.
# shellcheck disable=SC2086
"$RAMPART" zk walk --server "127.0.0.1:$ZK_TLS_PORT" $TLS --auth "digest:$SUPER" \
	--whoami >"$T/tls.out" 2>"$T/tls.err"
rc=$?
LC_ALL=C sort "$T/tls.out" >"$T/tls.sorted"
[ $rc -eq 0 ] && cmp -s "$T/tls.sorted" "$T/plain.sorted" &&
	ok "TLS walk reads the same $(wc -l <"$T/tls.sorted") lines as plaintext" ||
	bad "TLS walk: rc=$rc $(cat "$T/tls.err")"
grep -q 'with TLSv1.[23]' "$T/tls.err" && ok "TLS: $(grep identities "$T/tls.err")" || bad "no TLS description"
grep -q 'x509:CN=rampart-client,O=rampart' "$T/tls.err" &&
	ok "the client certificate gives the x509 identity" || bad "no x509 identity: $(cat "$T/tls.err")"

# "localhost" is not in the certificate: a clear error naming its names.
# shellcheck disable=SC2086
"$RAMPART" zk walk --server "localhost:$ZK_TLS_PORT" $TLS -q >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && grep -q "does not match the host name 'localhost'" "$T/err" &&
	grep -q 'DNS:zk1.rampart.test' "$T/err" && ok "name mismatch: $(cat "$T/err")" ||
	bad "name mismatch: rc=$rc $(cat "$T/err")"

# ...unless verification of the name is turned off explicitly.
# shellcheck disable=SC2086
"$RAMPART" zk walk --server "localhost:$ZK_TLS_PORT" $TLS --tls-no-verify-hostname \
	--path /rt -q >/dev/null 2>"$T/err" && ok "--tls-no-verify-hostname" ||
	bad "--tls-no-verify-hostname: $(cat "$T/err")"

# A CA that did not sign the server certificate.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=other CA" \
	-keyout "$T/o.key" -out "$T/other-ca.pem" >/dev/null 2>&1
"$RAMPART" zk walk --server "127.0.0.1:$ZK_TLS_PORT" --tls --ca "$T/other-ca.pem" \
	--cert "$ZK_CLIENT_CERT" --key "$ZK_CLIENT_KEY" -q 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && grep -q 'server certificate .*CN *= *zk1.rampart.test.* failed verification' "$T/err" &&
	ok "unknown issuer: $(cat "$T/err")" || bad "unknown issuer: rc=$rc $(cat "$T/err")"

# ssl.clientAuth=need: no client certificate, no session.
"$RAMPART" zk walk --server "127.0.0.1:$ZK_TLS_PORT" --tls --ca "$ZK_CA" -q 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && grep -qiE 'certificate|closed the connection' "$T/err" &&
	ok "no client certificate: $(cat "$T/err")" || bad "no client cert: rc=$rc $(cat "$T/err")"

# Plaintext against the TLS port fails clearly and does not hang.
timeout 30 "$RAMPART" zk walk --server "127.0.0.1:$ZK_TLS_PORT" --connect-timeout 3000 \
	--session-timeout 2000 -q 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && ok "plaintext on the TLS port: $(cat "$T/err")" || bad "plaintext on TLS port: rc=$rc $(cat "$T/err")"

# A key that does not match the certificate.
"$RAMPART" zk walk --server "127.0.0.1:$ZK_TLS_PORT" --tls --ca "$ZK_CA" \
	--cert "$ZK_CLIENT_CERT" --key "$T/o.key" -q 2>"$T/err"
[ $? -eq 3 ] && grep -q 'cannot load the client key.*mismatch' "$T/err" &&
	ok "mismatched key: $(cat "$T/err")" || bad "mismatched key: $(cat "$T/err")"
exit $fail
