# lib-zk.sh - start Debian's ZooKeeper 3.8 (and a throw-away MIT KDC) on
# loopback for integration tests.  Source it from a test script:
#
#   . "$TOP/tests/integration/lib-zk.sh"
#   zk_init                      # temp dir, cleanup trap, exit 77 if the
#                                # zookeeper package or java is missing
#
# Servers (each binds 127.0.0.1 on free ports, keeps its state and its
# log4j output under $ZK_TMP, and is killed by the cleanup trap):
#
#   zk_start_standalone          sets ZK_SERVER=127.0.0.1:PORT, ZK_PORT
#   zk_start_ensemble            three servers; sets ZK_SERVERS (connect
#                                string), ZK_PORT_1..3, ZK_PID_1..3
#   zk_kill N / zk_restart N     stop / start ensemble member N (1..3)
#   zk_leader                    prints the member number that leads
#
# Options, set before starting (they apply to every server started after):
#
#   zk_use_superdigest USER PASS digest super user: -Dzookeeper.Digest
#                                AuthenticationProvider.superDigest
#   zk_use_sasl_digest U1 P1 [U2 P2...]
#                                SASL DIGEST-MD5 users through a JAAS file
#                                (and the SASL auth provider for sasl: ACLs)
#   zk_use_kerberos              start a KDC (realm $ZK_REALM), principals
#                                zookeeper/localhost and rampart (keytab
#                                $ZK_CLIENT_KEYTAB), JAAS for GSSAPI;
#                                exports KRB5_CONFIG
#   zk_use_tls [need|want|none]  CA, server and client certificates; the
#                                server gets secureClientPort ($ZK_TLS_PORT /
#                                ZK_TLS_SERVER) with ssl.clientAuth as given
#                                and x509 auth; files: $ZK_CA, $ZK_CLIENT_CERT,
#                                $ZK_CLIENT_KEY; the server certificate names
#                                DNS:zk1.rampart.test and IP:127.0.0.1 only
#   ZK_EXTRA_CFG                 extra zoo.cfg lines (newline separated)
#   ZK_JVMFLAGS                  extra JVM flags
#
# Every server registers the SASL auth provider, so sasl: ACLs are valid.
#
# Helpers:
#
#   zk_digest USER PASS          prints USER:base64(sha1(USER:PASS))
#   zk_free_port                 prints a free TCP port on 127.0.0.1
#   zk_wait_ready PORT [SECS]    waits until the server on PORT serves
#   zk_py                        the python3 that has kazoo (Debian's)
#
# SPDX-License-Identifier: MIT

ZK_PY=/usr/bin/python3
ZK_JAR=/usr/share/java/zookeeper.jar
# Debian's zookeeper.jar manifest misses some netty jars the Netty (TLS)
# connection factory needs.
ZK_CP="$ZK_JAR:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar"
ZK_CP="$ZK_CP:/usr/share/java/netty-codec.jar:/usr/share/java/netty-resolver.jar"
ZK_CP="$ZK_CP:/usr/share/java/netty-transport-native-unix-common.jar"
ZK_REALM=RAMPART.TEST
ZK_PIDS=
ZK_JVMFLAGS=${ZK_JVMFLAGS:-}
ZK_EXTRA_CFG=${ZK_EXTRA_CFG:-}

zk_py() {
	"$ZK_PY" "$@"
}

zk_skip() {
	echo "skip: $*"
	exit 77
}

zk_init() {
	command -v java >/dev/null 2>&1 || zk_skip "java not installed"
	[ -f "$ZK_JAR" ] || zk_skip "package zookeeper not installed"
	"$ZK_PY" -c 'import kazoo' 2>/dev/null ||
		zk_skip "python3-kazoo not installed"
	ZK_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rampart-zk.XXXXXX")
	trap zk_cleanup EXIT
	trap 'exit 1' INT TERM HUP
}

zk_cleanup() {
	rc=$?
	for p in $ZK_PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $ZK_PIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null
	done
	if [ $rc -ne 0 ] && [ -n "${ZK_TMP:-}" ]; then
		# Keep the server logs in the test log for diagnosis.
		for f in "$ZK_TMP"/*/zookeeper.log "$ZK_TMP"/kdc.log; do
			[ -f "$f" ] || continue
			echo "--- last lines of $f"
			tail -n 30 "$f"
		done
	fi
	[ -n "${ZK_TMP:-}" ] && rm -rf "$ZK_TMP"
	# A TMPDIR the test made for itself goes too (empty by now).
	[ -n "${ZK_OWN_TMPDIR:-}" ] && rmdir "$ZK_OWN_TMPDIR" 2>/dev/null
	exit $rc
}

zk_free_port() {
	"$ZK_PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

zk_digest() {
	"$ZK_PY" -c 'import base64, hashlib, sys
u, p = sys.argv[1], sys.argv[2]
print(u + ":" + base64.b64encode(hashlib.sha1((u + ":" + p).encode()).digest()).decode())' "$1" "$2"
}

# zk_4lw PORT WORD: send a four-letter word and print the answer.
zk_4lw() {
	"$ZK_PY" -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
s.sendall(sys.argv[2].encode())
out = b""
while True:
    b = s.recv(4096)
    if not b:
        break
    out += b
print(out.decode(errors="replace"))' "$1" "$2" 2>/dev/null
}

zk_wait_ready() {
	port=$1
	secs=${2:-60}
	i=0
	while [ $i -lt $((secs * 5)) ]; do
		if zk_4lw "$port" srvr | grep -q '^Mode: '; then
			return 0
		fi
		sleep 0.2
		i=$((i + 1))
	done
	echo "zookeeper on port $port did not become ready in ${secs}s" >&2
	return 1
}

zk_use_superdigest() {
	ZK_SUPER_USER=$1
	ZK_SUPER_PASS=$2
	ZK_JVMFLAGS="$ZK_JVMFLAGS -Dzookeeper.DigestAuthenticationProvider.superDigest=$(zk_digest "$1" "$2")"
}

zk_use_sasl_digest() {
	jaas=$ZK_TMP/jaas-digest.conf
	{
		echo "Server {"
		echo "  org.apache.zookeeper.server.auth.DigestLoginModule required"
		while [ $# -ge 2 ]; do
			echo "  user_$1=\"$2\""
			shift 2
		done
		echo "  ;"
		echo "};"
	} >"$jaas"
	ZK_JVMFLAGS="$ZK_JVMFLAGS -Djava.security.auth.login.config=$jaas -Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
}

zk_use_kerberos() {
	# MIT Kerberos keeps some allocations until exit (sanitizer builds).
	LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$TOP/tests/integration/lsan-sasl.supp"
	export LSAN_OPTIONS
	command -v krb5kdc >/dev/null 2>&1 || [ -x /usr/sbin/krb5kdc ] ||
		zk_skip "krb5-kdc not installed"
	kdir=$ZK_TMP/kdc
	mkdir -p "$kdir"
	kport=$(zk_free_port)
	export KRB5_CONFIG=$kdir/krb5.conf
	export KRB5_KDC_PROFILE=$kdir/kdc.conf
	cat >"$KRB5_CONFIG" <<EOF
[libdefaults]
    default_realm = $ZK_REALM
    dns_lookup_realm = false
    dns_lookup_kdc = false
    dns_canonicalize_hostname = false
    rdns = false
    udp_preference_limit = 1
    ticket_lifetime = 1h
    forwardable = false
[realms]
    $ZK_REALM = {
        kdc = 127.0.0.1:$kport
    }
[domain_realm]
    localhost = $ZK_REALM
EOF
	cat >"$KRB5_KDC_PROFILE" <<EOF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$kport
    kdc_tcp_listen = 127.0.0.1:$kport
[realms]
    $ZK_REALM = {
        database_name = $kdir/principal
        key_stash_file = $kdir/stash
        acl_file = $kdir/kadm5.acl
        max_life = 1h
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
    }
[logging]
    kdc = FILE:$ZK_TMP/kdc.log
EOF
	: >"$kdir/kadm5.acl"
	/usr/sbin/kdb5_util create -s -r "$ZK_REALM" -P "kdc-master-$$" >/dev/null 2>&1 ||
		{ echo "kdb5_util create failed" >&2; return 1; }
	/usr/sbin/kadmin.local -q "addprinc -randkey zookeeper/localhost@$ZK_REALM" >/dev/null 2>&1 &&
	/usr/sbin/kadmin.local -q "addprinc -randkey rampart@$ZK_REALM" >/dev/null 2>&1 &&
	/usr/sbin/kadmin.local -q "ktadd -k $kdir/zk.keytab zookeeper/localhost@$ZK_REALM" >/dev/null 2>&1 &&
	/usr/sbin/kadmin.local -q "ktadd -k $kdir/rampart.keytab rampart@$ZK_REALM" >/dev/null 2>&1 ||
		{ echo "kadmin.local failed" >&2; return 1; }
	/usr/sbin/krb5kdc -n -P "$kdir/kdc.pid" >>"$ZK_TMP/kdc.log" 2>&1 &
	ZK_PIDS="$ZK_PIDS $!"
	ZK_CLIENT_KEYTAB=$kdir/rampart.keytab
	ZK_CLIENT_PRINCIPAL=rampart@$ZK_REALM
	# Wait for the KDC: a keytab login must work.
	i=0
	until KRB5CCNAME=FILE:$kdir/probe.cc kinit -k -t "$ZK_CLIENT_KEYTAB" "$ZK_CLIENT_PRINCIPAL" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "KDC did not start" >&2; return 1; }
		sleep 0.2
	done
	rm -f "$kdir/probe.cc"
	cat >"$ZK_TMP/jaas-krb5.conf" <<EOF
Server {
  com.sun.security.auth.module.Krb5LoginModule required
  useKeyTab=true
  keyTab="$kdir/zk.keytab"
  storeKey=true
  useTicketCache=false
  principal="zookeeper/localhost@$ZK_REALM";
};
EOF
	ZK_JVMFLAGS="$ZK_JVMFLAGS -Djava.security.krb5.conf=$KRB5_CONFIG -Djava.security.auth.login.config=$ZK_TMP/jaas-krb5.conf -Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
}

zk_use_tls() {
	tdir=$ZK_TMP/tls
	mkdir -p "$tdir"
	ZK_TLS_CLIENT_AUTH=${1:-need}
	ZK_TLS_PASS=ks-$$-pass
	(
		cd "$tdir" || exit 1
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
			-subj "/CN=rampart test CA" -keyout ca.key -out ca.pem \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" &&
		openssl req -newkey rsa:2048 -nodes -subj "/CN=zk1.rampart.test" \
			-keyout server.key -out server.csr &&
		printf 'subjectAltName=DNS:zk1.rampart.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' >server.ext &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -days 2 -extfile server.ext -out server.pem &&
		openssl req -newkey rsa:2048 -nodes \
			-subj "/O=rampart/CN=rampart-client" \
			-keyout client.key -out client.csr &&
		printf 'extendedKeyUsage=clientAuth\n' >client.ext &&
		openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -days 2 -extfile client.ext -out client.pem &&
		openssl pkcs12 -export -in server.pem -inkey server.key \
			-name server -passout "pass:$ZK_TLS_PASS" -out keystore.p12 &&
		keytool -importcert -noprompt -alias ca -file ca.pem \
			-keystore truststore.p12 -storetype PKCS12 \
			-storepass "$ZK_TLS_PASS"
	) >"$ZK_TMP/tls.log" 2>&1 || { cat "$ZK_TMP/tls.log" >&2; return 1; }
	ZK_CA=$tdir/ca.pem
	ZK_CLIENT_CERT=$tdir/client.pem
	ZK_CLIENT_KEY=$tdir/client.key
	ZK_TLS=1
	ZK_JVMFLAGS="$ZK_JVMFLAGS -Dzookeeper.authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider"
}

# zk_write_cfg DIR CLIENTPORT [ensemble lines]
zk_write_cfg() {
	dir=$1
	mkdir -p "$dir/data"
	{
		echo "tickTime=500"
		echo "initLimit=20"
		echo "syncLimit=10"
		echo "dataDir=$dir/data"
		echo "clientPort=$2"
		echo "clientPortAddress=127.0.0.1"
		echo "admin.enableServer=false"
		echo "4lw.commands.whitelist=srvr,ruok,stat,mntr"
		echo "maxClientCnxns=0"
		echo "minSessionTimeout=1000"
		echo "maxSessionTimeout=60000"
		if [ "${ZK_TLS:-0}" = 1 ]; then
			echo "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory"
			echo "secureClientPort=$3"
			echo "secureClientPortAddress=127.0.0.1"
			echo "ssl.keyStore.location=$ZK_TMP/tls/keystore.p12"
			echo "ssl.keyStore.password=$ZK_TLS_PASS"
			echo "ssl.keyStore.type=PKCS12"
			echo "ssl.trustStore.location=$ZK_TMP/tls/truststore.p12"
			echo "ssl.trustStore.password=$ZK_TLS_PASS"
			echo "ssl.trustStore.type=PKCS12"
			echo "ssl.clientAuth=$ZK_TLS_CLIENT_AUTH"
		fi
		[ -n "$ZK_EXTRA_CFG" ] && printf '%s\n' "$ZK_EXTRA_CFG"
	} >"$dir/zoo.cfg"
	cat >"$dir/log4j.properties" <<EOF
log4j.rootLogger=INFO, FILE
log4j.appender.FILE=org.apache.log4j.FileAppender
log4j.appender.FILE.File=$dir/zookeeper.log
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] %-5p [%t:%C{1}@%L] - %m%n
EOF
}

# zk_run DIR: start one server on DIR/zoo.cfg; prints its pid.
zk_run() {
	# shellcheck disable=SC2086
	java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
		-Dzookeeper.log.dir="$1" \
		-Dlog4j.configuration="file:$1/log4j.properties" \
		-Dzookeeper.jmx.log4j.disable=true \
		-Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider \
		$ZK_JVMFLAGS -cp "$ZK_CP" \
		org.apache.zookeeper.server.quorum.QuorumPeerMain "$1/zoo.cfg" \
		>"$1/stdout.log" 2>&1 &
	echo $!
}

zk_start_standalone() {
	ZK_PORT=$(zk_free_port)
	ZK_TLS_PORT=
	[ "${ZK_TLS:-0}" = 1 ] && ZK_TLS_PORT=$(zk_free_port)
	zk_write_cfg "$ZK_TMP/s1" "$ZK_PORT" "$ZK_TLS_PORT"
	ZK_PID_1=$(zk_run "$ZK_TMP/s1")
	ZK_PIDS="$ZK_PIDS $ZK_PID_1"
	ZK_SERVER=127.0.0.1:$ZK_PORT
	ZK_TLS_SERVER=127.0.0.1:$ZK_TLS_PORT
	zk_wait_ready "$ZK_PORT" 60
}

zk_start_ensemble() {
	ZK_SERVERS=
	lines=
	for n in 1 2 3; do
		eval "ZK_PORT_$n=$(zk_free_port)"
		lines="${lines}server.$n=127.0.0.1:$(zk_free_port):$(zk_free_port)
"
	done
	for n in 1 2 3; do
		eval "port=\$ZK_PORT_$n"
		ZK_EXTRA_CFG_SAVED=$ZK_EXTRA_CFG
		ZK_EXTRA_CFG="$ZK_EXTRA_CFG
$lines"
		zk_write_cfg "$ZK_TMP/s$n" "$port" ""
		ZK_EXTRA_CFG=$ZK_EXTRA_CFG_SAVED
		echo "$n" >"$ZK_TMP/s$n/data/myid"
		ZK_SERVERS="${ZK_SERVERS:+$ZK_SERVERS,}127.0.0.1:$port"
	done
	for n in 1 2 3; do
		pid=$(zk_run "$ZK_TMP/s$n")
		eval "ZK_PID_$n=$pid"
		ZK_PIDS="$ZK_PIDS $pid"
	done
	for n in 1 2 3; do
		eval "port=\$ZK_PORT_$n"
		zk_wait_ready "$port" 90 || return 1
	done
}

zk_kill() {
	eval "pid=\$ZK_PID_$1"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

zk_restart() {
	pid=$(zk_run "$ZK_TMP/s$1")
	eval "ZK_PID_$1=$pid"
	ZK_PIDS="$ZK_PIDS $pid"
}

zk_leader() {
	for n in 1 2 3; do
		eval "port=\$ZK_PORT_$n"
		if zk_4lw "$port" srvr | grep -q '^Mode: leader'; then
			echo "$n"
			return 0
		fi
	done
	return 1
}
