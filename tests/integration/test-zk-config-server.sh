#!/bin/sh
# test-zk-config-server.sh - `rampart zk config` against configurations a
# real ZooKeeper 3.8 (Debian's package) runs with, or refuses to run with.
#
#   secure    TLS client port (Netty, password files), Kerberos SASL with a
#             throw-away MIT KDC, enforced sasl/x509 authentication, no
#             AdminServer, strict file modes: the server starts, serves TLS
#             with a client certificate, and rampart passes the rules.
#   insecure  skipACL=yes, digest super user, DIGEST-MD5 JAAS users, loose
#             modes (0777 data directory, 0666 zoo.cfg, 0644 jaas.conf):
#             the server starts, an anonymous client reads a znode its ACL
#             denies (skipACL is live), and rampart fails the rules.
#   acl       the secure files again, each opened to user nobody by an
#             extended ACL entry while its mode stays strict.
#   broken    four configurations rampart calls zk/config-startup-failure
#             (the last one a standalone server with Debian's placeholder
#             myid): the server must exit without serving, with the reason
#             rampart names.
#
# The configuration rampart audits is the one the server was started with
# (--root / --zoo-cfg DIR/zoo.cfg; the JVM flags are written to
# DIR/zookeeper-env.sh as SERVER_JVMFLAGS, where zkServer.sh reads them).
# Every server binds 127.0.0.1 only.  JSON results go to build/evidence/.
#
# SPDX-License-Identifier: MIT
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
RAMPART=${RAMPART:-$TOP/rampart}
EV=$TOP/build/evidence
mkdir -p "$EV"
# Not under /tmp, /var/tmp or /dev/shm: zk/config-data-dir-tmp would flag
# every data directory.  A checkout may itself live there (CI clones into
# temporary directories); then the servers' files go under /var/lib, in a
# directory this test creates and removes.
case $TOP/ in
/tmp/* | /var/tmp/* | /dev/shm/*)
	TMPDIR=$(mktemp -d /var/lib/rampart-test.XXXXXX) || exit 77
	ZK_OWN_TMPDIR=$TMPDIR
	;;
*)
	mkdir -p "$TOP/build/tmp"
	TMPDIR=$TOP/build/tmp
	;;
esac
export TMPDIR
. "$TOP/tests/integration/lib-zk.sh"
zk_init
umask 022

fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
ok() {
	echo "ok: $*"
}

# expect JSON STATUS RULE...: each rule has a finding (fail) or a pass tally.
expect() {
	json=$1
	want=$2
	shift 2
	for r in "$@"; do
		if zk_py - "$json" "$want" "$r" <<'EOF'; then
import json, sys
j = json.load(open(sys.argv[1]))
want, rule = sys.argv[2], sys.argv[3]
t = [x for x in j["rules"] if x["id"] == rule]
if not t:
    sys.exit(1)
t = t[0]
if want == "pass":
    sys.exit(0 if t["pass"] > 0 and t["fail"] == 0 and t["error"] == 0 else 1)
sys.exit(0 if t["fail"] > 0 else 1)
EOF
			ok "$(basename "$json"): $r $want"
		else
			bad "$(basename "$json"): $r should $want"
		fi
	done
}

# audit NAME DIR: rampart's JSON for DIR/zoo.cfg into the evidence dir.
audit() {
	"$RAMPART" zk config --root / --zoo-cfg "$2/zoo.cfg" --level elevated \
		--show-passed --format json -o "$EV/zk-config-$1.json" \
		--fail-on none 2>"$ZK_TMP/$1.err"
	rc=$?
	[ $rc -eq 0 ] || bad "rampart zk config ($1) exited $rc: $(cat "$ZK_TMP/$1.err")"
	"$RAMPART" zk config --root / --zoo-cfg "$2/zoo.cfg" --level elevated \
		--fail-on none >"$ZK_TMP/$1.txt" 2>&1
}

# A secret must never reach rampart's output.
no_secret() {
	for f in "$EV/zk-config-$1.json" "$ZK_TMP/$1.txt"; do
		if grep -qF -- "$2" "$f"; then
			bad "$1: a secret appears in $(basename "$f")"
		fi
	done
}

# start DIR: run the server on DIR/zoo.cfg with DIR/zookeeper-env.sh's
# flags; sets PID.
start() {
	ZK_JVMFLAGS=$(sed -n 's/^SERVER_JVMFLAGS="\(.*\)"$/\1/p' "$1/zookeeper-env.sh")
	PID=$(zk_run "$1")
	ZK_PIDS="$ZK_PIDS $PID"
}

stop() {
	kill "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# ---- secure ---------------------------------------------------------------
zk_use_kerberos || exit 1
zk_use_tls need || exit 1
S=$ZK_TMP/secure
P=$(zk_free_port)
TP=$(zk_free_port)
zk_write_cfg "$S" "$P" ""
printf '%s\n' "$ZK_TLS_PASS" >"$ZK_TMP/tls/keystore.pass"
chmod 600 "$ZK_TMP/tls/keystore.pass" "$ZK_TMP/tls/keystore.p12" "$ZK_TMP/kdc/zk.keytab"
cat >"$S/zoo.cfg" <<EOF
tickTime=2000
dataDir=$S/data
# plaintext only on loopback (for the readiness probe), TLS for clients
clientPort=$P
clientPortAddress=127.0.0.1
secureClientPort=$TP
secureClientPortAddress=127.0.0.1
serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory
ssl.keyStore.location=$ZK_TMP/tls/keystore.p12
ssl.keyStore.passwordPath=$ZK_TMP/tls/keystore.pass
ssl.keyStore.type=PKCS12
ssl.trustStore.location=$ZK_TMP/tls/truststore.p12
ssl.trustStore.passwordPath=$ZK_TMP/tls/keystore.pass
ssl.trustStore.type=PKCS12
ssl.clientAuth=need
ssl.enabledProtocols=TLSv1.3,TLSv1.2
authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider
enforce.auth.enabled=true
enforce.auth.schemes=sasl,x509
admin.enableServer=false
4lw.commands.whitelist=srvr
maxClientCnxns=60
autopurge.snapRetainCount=3
autopurge.purgeInterval=24
audit.enable=true
EOF
# zk_use_kerberos put the JAAS and krb5.conf flags into ZK_JVMFLAGS.
printf 'SERVER_JVMFLAGS="%s"\n' "$ZK_JVMFLAGS" >"$S/zookeeper-env.sh"
chmod 750 "$S" "$S/data"
chmod 640 "$S/zoo.cfg" "$S/zookeeper-env.sh" "$ZK_TMP/jaas-krb5.conf"
start "$S"
if zk_wait_ready "$P" 90; then
	ok "secure: the server accepted the configuration"
else
	bad "secure: the server did not start"
fi
if echo | openssl s_client -connect "127.0.0.1:$TP" -CAfile "$ZK_CA" \
	-cert "$ZK_CLIENT_CERT" -key "$ZK_CLIENT_KEY" -verify_return_error \
	>"$ZK_TMP/s_client.log" 2>&1; then
	ok "secure: TLS handshake with a client certificate on $TP"
else
	bad "secure: no TLS on the secure client port: $(tail -n 3 "$ZK_TMP/s_client.log")"
fi
grep -q 'Kerberos\|SASL\|Authentication' "$S/zookeeper.log" ||
	bad "secure: the server log shows no SASL login"
audit secure "$S"
expect "$EV/zk-config-secure.json" pass \
	zk/config-unreadable zk/config-startup-failure zk/config-skip-acl \
	zk/config-client-tls zk/config-plaintext-port-open \
	zk/config-tls-client-auth zk/config-tls-protocol \
	zk/config-inline-secret zk/config-super-digest \
	zk/config-client-sasl zk/config-sasl-incomplete \
	zk/config-auth-enforcement zk/config-4lw-whitelist \
	zk/config-admin-server zk/config-data-dir-tmp \
	zk/config-data-dir-permissions zk/config-secret-file-permissions \
	zk/config-file-writable zk/config-missing-file \
	zk/jaas-kerberos-options zk/jaas-digest-passwords \
	zk/config-connection-limit zk/config-autopurge zk/config-audit-log
no_secret secure "$ZK_TLS_PASS"
stop "$PID"

# ---- extended ACLs: the modes above stay strict, an ACL opens them --------
if command -v setfacl >/dev/null 2>&1 &&
	setfacl -m u:nobody:r "$ZK_TMP/tls/keystore.pass" 2>/dev/null; then
	setfacl -m u:nobody:rwx "$S/data"
	setfacl -m u:nobody:rw "$S/zoo.cfg"
	audit acl "$S"
	expect "$EV/zk-config-acl.json" fail zk/config-secret-file-permissions \
		zk/config-data-dir-permissions zk/config-file-writable
	for what in "lets user nobody read this file" \
		"lets user nobody into the directory" \
		"lets user nobody change this file" "+acl user:65534:"; do
		grep -qF -- "$what" "$EV/zk-config-acl.json" ||
			bad "acl: no finding says '$what'"
	done
	setfacl -b "$ZK_TMP/tls/keystore.pass" "$S/data" "$S/zoo.cfg"
else
	bad "acl: setfacl is missing or the file system has no ACLs"
fi

# ---- insecure -------------------------------------------------------------
I=$ZK_TMP/insecure
P=$(zk_free_port)
AP=$(zk_free_port)
zk_write_cfg "$I" "$P" ""
cat >"$I/jaas.conf" <<EOF
Server {
  org.apache.zookeeper.server.auth.DigestLoginModule required
  user_super="jaas-super-pw-$$"
  user_app="jaas-app-pw-$$";
};
EOF
cat >"$I/zoo.cfg" <<EOF
tickTime=2000
dataDir=$I/data
clientPort=$P
clientPortAddress=127.0.0.1
admin.serverAddress=127.0.0.1
admin.serverPort=$AP
skipACL=yes
DigestAuthenticationProvider.superDigest=$(zk_digest super "digest-super-pw-$$")
allowSaslFailedClients=true
4lw.commands.whitelist=*
maxClientCnxns=0
requireClientAuthScheme=sasl
zookeeper.sslQuorum=true
jute.maxbuffer=4194304
reconfigEnabled=true
EOF
printf 'SERVER_JVMFLAGS="-Djava.security.auth.login.config=%s -Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider"\n' \
	"$I/jaas.conf" >"$I/zookeeper-env.sh"
chmod 777 "$I/data"
chmod 666 "$I/zoo.cfg"
chmod 644 "$I/jaas.conf"
start "$I"
if zk_wait_ready "$P" 90; then
	ok "insecure: the server accepted the configuration"
else
	bad "insecure: the server did not start"
fi
# skipACL=yes is live: an anonymous client reads a node only alice may read.
if zk_py - "127.0.0.1:$P" <<'EOF'; then
import sys
from kazoo.client import KazooClient
from kazoo.security import make_digest_acl
zk = KazooClient(hosts=sys.argv[1], timeout=15)
zk.start(timeout=30)
zk.create("/locked", b"only-alice", acl=[make_digest_acl("alice", "pw", all=True)])
zk.stop()
anon = KazooClient(hosts=sys.argv[1], timeout=15)
anon.start(timeout=30)
data, _ = anon.get("/locked")
anon.stop()
sys.exit(0 if data == b"only-alice" else 1)
EOF
	ok "insecure: skipACL=yes lets an anonymous client read a digest-only znode"
else
	bad "insecure: the anonymous read of a digest-only znode failed"
fi
audit insecure "$I"
expect "$EV/zk-config-insecure.json" fail \
	zk/config-skip-acl zk/config-super-digest zk/config-sasl-super-user \
	zk/config-allow-sasl-failed zk/config-4lw-whitelist \
	zk/config-connection-limit zk/config-ineffective-security-setting \
	zk/config-ineffective-setting zk/config-reconfig zk/config-client-tls \
	zk/config-data-dir-permissions zk/config-secret-file-permissions \
	zk/config-file-writable zk/jaas-digest-passwords zk/config-audit-log
no_secret insecure "jaas-super-pw-$$"
no_secret insecure "jaas-app-pw-$$"
no_secret insecure "$(zk_digest super "digest-super-pw-$$" | cut -d: -f2)"
stop "$PID"

# ---- broken: the server must refuse these ---------------------------------
n=0
for extra in \
	"secureClientPort=PORT2|SSL isn't supported" \
	"quorum.auth.serverRequireSasl=true|quorum.auth.enableSasl is disabled" \
	"sslQuorum=yes|Invalid option yes for sslQuorum" \
	"MYID|is not a number"; do
	n=$((n + 1))
	why=${extra#*|}
	extra=${extra%%|*}
	B=$ZK_TMP/broken$n
	P=$(zk_free_port)
	zk_write_cfg "$B" "$P" ""
	{
		echo "tickTime=2000"
		echo "dataDir=$B/data"
		echo "clientPort=$P"
		echo "clientPortAddress=127.0.0.1"
		echo "secureClientPortAddress=127.0.0.1"
		echo "admin.enableServer=false"
		echo "$extra" | sed "s/PORT2/$(zk_free_port)/"
	} >"$B/zoo.cfg"
	[ "$n" -ne 1 ] && sed -i '/^secureClientPortAddress=/d' "$B/zoo.cfg"
	# Debian's package ships a text placeholder as myid; even a
	# standalone server parses it.
	if [ "$extra" = MYID ]; then
		sed -i '/^MYID$/d' "$B/zoo.cfg"
		echo 'replace this text with the cluster-unique zookeeper instance id (1-255)' >"$B/data/myid"
	fi
	: >"$B/zookeeper-env.sh"
	start "$B"
	i=0
	while kill -0 "$PID" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$PID" 2>/dev/null; then
		bad "broken$n ($extra): the server is still running"
		stop "$PID"
	elif zk_4lw "$P" srvr | grep -q '^Mode: '; then
		bad "broken$n ($extra): the server served"
	elif cat "$B/zookeeper.log" "$B/stdout.log" | grep -qF -- "$why"; then
		ok "broken$n ($extra): the server refused to start: $why"
	else
		bad "broken$n ($extra): the server stopped, but not with \"$why\""
		tail -n 5 "$B/zookeeper.log" "$B/stdout.log"
	fi
	audit "broken$n" "$B"
	expect "$EV/zk-config-broken$n.json" fail zk/config-startup-failure
done

exit $fail
