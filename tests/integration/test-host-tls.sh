#!/bin/sh
# test-host-tls.sh - the TLS rules against certificates made here with
# openssl (CA-issued, self-signed, expired, expiring soon, 1024-bit RSA,
# SHA-1 signed, EC P-256 and P-224) and real `openssl s_server` endpoints on
# loopback: one with OpenSSL's defaults (TLS 1.2 and 1.3 only) and one
# whose security level 0 lets TLS 1.0 and 1.1 through.  Certificates are
# found through service configurations of a scratch root (OpenVPN, nginx,
# haproxy) and through --tls-cert.  JSON results go to build/evidence/.
#
# SPDX-License-Identifier: MIT
set -u
: "${RAMPART:?}" "${TOP:?}"
command -v openssl >/dev/null || { echo "openssl missing"; exit 77; }
ev=$TOP/build/evidence
mkdir -p "$ev"
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || :; done
	for p in $pids; do wait "$p" 2>/dev/null || :; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail=0
mkdir -p "$tmp/none"
cd "$tmp" || exit 1

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}
q() { "$@" >/dev/null 2>&1 || { echo "FAIL: $*"; exit 1; }; }

# Certificates.
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >san.ext
q openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.pem \
	-days 3650 -subj /CN=rampart-test-ca
issue() { # NAME KEYSPEC DAYS [x509 options]: a CA-issued certificate
	n=$1 k=$2 days=$3
	shift 3
	q openssl req -newkey "$k" -nodes -keyout "$n.key" -out "$n.csr" \
		-subj /CN=localhost
	q openssl x509 -req -in "$n.csr" -CA ca.pem -CAkey ca.key \
		-CAcreateserial -out "$n.pem" -days "$days" -extfile san.ext "$@"
}
q openssl ecparam -name prime256v1 -out p256.param
q openssl ecparam -name secp224r1 -out p224.param
issue good rsa:2048 365 -sha256
issue ec256 ec:p256.param 365 -sha256
issue ec224 ec:p224.param 365 -sha256
issue weak rsa:1024 365 -sha256
issue sha1 rsa:2048 365 -sha1
issue expired rsa:2048 -1 -sha256
issue soon rsa:2048 10 -sha256
q openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.pem \
	-days 365 -subj /CN=localhost -addext subjectAltName=DNS:localhost

# A scratch root whose service configurations name certificates.
root=$tmp/root
mkdir -p "$root/etc/openvpn/server" "$root/etc/nginx/sites-enabled" \
	"$root/etc/haproxy" "$root/etc/ssl/private"
cp good.pem "$root/etc/openvpn/server/server.crt"
cp weak.pem "$root/etc/ssl/weak.pem"
cat sha1.pem sha1.key >"$root/etc/ssl/private/haproxy.pem"
printf 'port 1194\nproto udp\nca ca.crt\ncert server.crt\nkey server.key\n' \
	>"$root/etc/openvpn/server/server.conf"
printf 'server {\n\tlisten 443 ssl;\n\tssl_certificate /etc/ssl/weak.pem;\n\t# ssl_certificate /etc/ssl/none.pem;\n}\n' \
	>"$root/etc/nginx/sites-enabled/default"
printf 'frontend api\n\tbind :443 ssl crt /etc/ssl/private/haproxy.pem\n' \
	>"$root/etc/haproxy/haproxy.cfg"

# Endpoints: OpenSSL defaults, and security level 0 with TLS 1.0/1.1.
p_good=$(free_port)
p_old=$(free_port)
openssl s_server -quiet -accept "127.0.0.1:$p_good" -cert good.pem \
	-key good.key </dev/null >s_good.log 2>&1 &
pids="$pids $!"
openssl s_server -quiet -accept "127.0.0.1:$p_old" -cert self.pem \
	-key self.key -cipher 'DEFAULT:@SECLEVEL=0' </dev/null >s_old.log 2>&1 &
pids="$pids $!"
for p in "$p_good" "$p_old"; do
	i=0
	until python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$p" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "FAIL: s_server on $p did not start"; exit 1; }
		sleep 0.1
	done
done
# Does this OpenSSL still speak TLS 1.1 at level 0?  (Debian's does.)
old_ok=0
if echo | openssl s_client -connect "127.0.0.1:$p_old" -tls1_1 \
	-cipher 'DEFAULT:@SECLEVEL=0' >/dev/null 2>&1; then
	old_ok=1
fi

run() { # NAME ARGS...
	name=$1
	shift
	"$RAMPART" host scan --only 'host/tls-*' --format json "$@" \
		>"$ev/host-tls-$name.json" 2>"$tmp/err-$name"
	echo $? >"$tmp/code-$name"
	sed "s/^/    $name: /" "$tmp/err-$name"
}
expect() {
	if ! grep -q -- "$2" "$ev/host-tls-$1.json"; then
		echo "FAIL $1: no match for $2"
		fail=1
	fi
}
expect_exit() {
	if [ "$(cat "$tmp/code-$1")" != "$2" ]; then
		echo "FAIL $1: exit $(cat "$tmp/code-$1"), expected $2"
		fail=1
	fi
}

# 1. Good: a CA-issued certificate on a TLS 1.2+ endpoint, an EC P-256 file.
run good --root "$tmp/none" --tls-endpoint "localhost:$p_good" \
	--tls-endpoint "127.0.0.1:$p_good" --tls-cert ec256.pem
expect_exit good 0
for r in tls-cert-self-signed tls-cert-key-size tls-cert-signature \
    tls-cert-expiry tls-cert-hostname tls-protocol-versions; do
	expect good "{\"id\":\"host/$r\",\"pass\":[1-9][0-9]*,\"fail\":0,"
done

# 2. Old protocols, self-signed, wrong name.
run old --root "$tmp/none" --tls-endpoint "api.example.org@127.0.0.1:$p_old"
expect_exit old 1
expect old '"rule":"host/tls-cert-self-signed","status":"fail"[^}]*"object":"endpoint api.example.org@127.0.0.1:'
expect old '"rule":"host/tls-cert-hostname","status":"fail".*"message":"the certificate does not name api.example.org"'
if [ $old_ok -eq 1 ]; then
	expect old '"rule":"host/tls-protocol-versions","status":"fail".*"message":"the endpoint accepts TLSv1.1"\|"message":"the endpoint accepts TLSv1, TLSv1.1"'
else
	echo "note: this OpenSSL refuses TLS 1.1 even at level 0; protocol failure not asserted"
fi

# 3. Files: expired, expiring, 1024-bit, SHA-1, P-224, and garbage.
printf 'not a certificate\n' >junk.pem
run files --root "$tmp/none" --tls-cert expired.pem --tls-cert soon.pem \
	--tls-cert weak.pem --tls-cert sha1.pem --tls-cert ec224.pem \
	--tls-cert junk.pem
expect_exit files 3
expect files '"rule":"host/tls-cert-expiry","status":"fail","severity":"high"[^}]*"file":"expired.pem".*"message":"the certificate has expired"'
expect files '"rule":"host/tls-cert-expiry","status":"fail","severity":"low"[^}]*"file":"soon.pem".*"message":"the certificate expires in 9 day(s)"'
expect files '"rule":"host/tls-cert-key-size","status":"fail"[^}]*"file":"weak.pem".*"message":"the certificate.s key is RSA of only 1024 bits"'
expect files '"rule":"host/tls-cert-key-size","status":"fail"[^}]*"file":"ec224.pem".*"message":"the certificate.s key is EC of only 224 bits"'
expect files '"rule":"host/tls-cert-signature","status":"fail"[^}]*"file":"sha1.pem".*"message":"the certificate is signed with SHA1"'
expect files '"rule":"host/tls-cert-signature","status":"error"[^}]*"file":"junk.pem"'

# 4. Certificates named by service configurations under --root.
run configs --root "$root"
expect_exit configs 1
# OpenVPN's server.crt (relative to its config), nginx's and haproxy's.
expect configs '{"id":"host/tls-cert-self-signed","pass":3,"fail":0,'
expect configs '"rule":"host/tls-cert-key-size","status":"fail"[^}]*"file":"/etc/ssl/weak.pem"'
expect configs '"rule":"host/tls-cert-signature","status":"fail"[^}]*"file":"/etc/ssl/private/haproxy.pem"'
if grep -q 'none.pem' "$ev/host-tls-configs.json"; then
	echo "FAIL configs: a commented-out ssl_certificate was read"
	fail=1
fi
# Secrets: the haproxy file holds a private key; it must not appear.
if grep -q 'PRIVATE KEY' "$ev"/host-tls-*.json; then
	echo "FAIL: key material in the output"
	fail=1
fi

if [ $fail -ne 0 ]; then
	for f in "$ev"/host-tls-*.json; do
		echo "== $f"
		grep -o '"rule":"[^"]*","status":"[a-z-]*"[^}]*"message":"[^"]*"' "$f" | head -n 20
	done
	exit 1
fi
echo "TLS certificate and endpoint rules checked against openssl s_server"
exit 0
