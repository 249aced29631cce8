#!/bin/sh
# test-zk-config-oracle.sh - the JDK as the oracle of rampart's zoo.cfg and
# jaas.conf readers.
#
#  1. tests/integration/oracle/ZkConfigOracle.java (compiled with javac)
#     reads every fixture under tests/fixtures/zk/props and .../jaas with
#     java.util.Properties and the JDK's JAAS ConfigFile parser; its output
#     must equal the .expected files the unit tests (t-zk-props.c,
#     t-zk-jaas.c) hold rampart's parsers to.  So the expectations are the
#     JDK's, not a guess.
#  2. A zoo.cfg full of Properties corner cases (separators, continuation
#     lines, \u escapes, duplicates, comments, surrounding blanks) is read
#     by the JDK and by `rampart zk config --dump`: every setting rampart
#     knows must have the value the JDK read, trimmed as QuorumPeerConfig
#     trims it.
#
# SPDX-License-Identifier: MIT
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
RAMPART=${RAMPART:-$TOP/rampart}
command -v javac >/dev/null 2>&1 || { echo "skip: javac not installed"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/rampart-zkoracle.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
ok() {
	echo "ok: $*"
}

javac -d "$T" "$TOP/tests/integration/oracle/ZkConfigOracle.java" || exit 1
oracle() {
	java --add-opens java.base/sun.security.provider=ALL-UNNAMED \
		--add-opens java.base/javax.security.auth.login=ALL-UNNAMED \
		-cp "$T" ZkConfigOracle "$@"
}

# 1. fixtures
n=0
for f in "$TOP"/tests/fixtures/zk/props/*.properties "$TOP"/tests/fixtures/zk/jaas/*.jaas; do
	case $f in
	*.properties) kind=props ;;
	*) kind=jaas ;;
	esac
	exp=${f%.*}.expected
	oracle "$kind" "$f" >"$T/out" 2>"$T/err" || bad "oracle failed on $f: $(cat "$T/err")"
	if diff -u "$exp" "$T/out" >"$T/diff"; then
		n=$((n + 1))
	else
		bad "the JDK reads $(basename "$f") differently from $(basename "$exp")"
		head -n 20 "$T/diff"
	fi
done
ok "$n fixtures: the JDK's reading equals the unit tests' expectations"

# 2. zoo.cfg through --dump
R=$T/root
mkdir -p "$R/etc/zookeeper/conf" "$R/var/lib/zookeeper"
printf '%s\n' \
	'# Properties corner cases, all of them legal' \
	'! a comment with the other marker' \
	'tickTime : 2000' \
	'dataDir\' \
	'    =/var/lib/zoo\' \
	'     keeper' \
	'clientPort 2181' \
	'clientPort=2182' \
	'maxClientCnxns=\u0035\u0030' \
	'4lw.commands.whitelist = srvr, \' \
	'   ruok' \
	'admin.enableServer	=	false   ' \
	'autopurge.purgeInterval=  24  	' \
	'skipACL=y\es' \
	'superUser:adm\=in' \
	'audit.enable=tru\' \
	'e' \
	'letAnySaslUserDoX=caf\u00e9' \
	'ssl.clientAuth=\' \
	'' \
	'authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider' \
	'authProvider.2    org.apache.zookeeper.server.auth.X509AuthenticationProvider' \
	'initLimit=10\r' \
	'syncLimit\:x=5' |
	sed 's/\\r$/\r/' >"$R/etc/zookeeper/conf/zoo.cfg"
oracle props "$R/etc/zookeeper/conf/zoo.cfg" >"$T/jdk" || bad "oracle failed on zoo.cfg"
"$RAMPART" zk config --root "$R" --dump >"$T/dump" 2>"$T/dump.err" ||
	bad "rampart zk config --dump failed: $(cat "$T/dump.err")"
if python3 - "$T/jdk" "$T/dump" <<'EOF'; then
import re, sys

def unesc(s):
    return re.sub(r"\\u([0-9a-f]{4})|\\\\",
                  lambda m: chr(int(m.group(1), 16)) if m.group(1) else "\\", s)

def jtrim(s):  # String.trim(): every char <= U+0020 at both ends
    i, j = 0, len(s)
    while i < j and s[i] <= " ":
        i += 1
    while j > i and s[j - 1] <= " ":
        j -= 1
    return s[i:j]

jdk = {}
for line in open(sys.argv[1], encoding="ascii"):
    k, v = line.rstrip("\n").split("\t", 1)
    jdk[jtrim(unesc(k))] = jtrim(unesc(v))
dump = {}
for line in open(sys.argv[2], encoding="utf-8"):
    m = re.match(r"^(\S+) = (.*?)  \[zoo\.cfg\]  \(", line)
    if m:
        dump[m.group(1)] = m.group(2)
bad = 0
for k, v in sorted(dump.items()):
    if k not in jdk:
        print("rampart has %s, the JDK does not" % k)
        bad = 1
    elif jdk[k] != v:
        print("%s: JDK %r, rampart %r" % (k, jdk[k], v))
        bad = 1
known = set(dump)
for k in ("tickTime", "dataDir", "clientPort", "maxClientCnxns",
          "4lw.commands.whitelist", "admin.enableServer",
          "autopurge.purgeInterval", "skipACL", "superUser",
          "audit.enable", "letAnySaslUserDoX", "ssl.clientAuth",
          "authProvider.1", "authProvider.2", "initLimit"):
    if k not in known:
        print("rampart did not read %s (JDK: %r)" % (k, jdk.get(k)))
        bad = 1
print("%d settings compared" % len(dump))
sys.exit(bad)
EOF
	ok "zoo.cfg: every setting rampart read has the JDK's value"
else
	bad "zoo.cfg: rampart and the JDK disagree"
	cat "$T/jdk"
fi
exit $fail
