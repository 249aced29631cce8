#!/bin/sh
# test-host-firewall-netns.sh - the firewall and listener rules against a
# real kernel.  A network namespace made here gets real rulesets (the
# fixtures of tests/fixtures/host/net loaded with iptables-restore and
# nft -f) and real listening sockets; rampart then runs inside it and reads
# the running state as on a live node (nft -j list ruleset, iptables-save,
# /proc/net/*), and once more from captures of the same namespace
# (--iptables-save, --nft-json) against a scratch root holding the saved
# files, for the saved-versus-running and file-mode rules.
#
# As root the namespace comes from `ip netns add`; otherwise the test
# re-executes itself in a user and network namespace (unshare -rn).  Exit 77
# only when neither is possible.  Nothing touches the host's own ruleset.
#
# SPDX-License-Identifier: MIT
set -u
: "${RAMPART:?}" "${TOP:?}"
fx=$TOP/tests/fixtures/host/net
ev=$TOP/build/evidence
mkdir -p "$ev"

ns=
if [ -n "${RAMPART_IN_NETNS:-}" ]; then
	: # already inside a namespace of our own (unshare -rn below)
elif [ "$(id -u)" -eq 0 ] && ip netns add "rampart-fwtest-$$" 2>/dev/null; then
	ns=rampart-fwtest-$$
elif unshare -rn true 2>/dev/null; then
	RAMPART_IN_NETNS=1 exec unshare -rn sh "$0" "$@"
else
	echo "network namespaces are not available (ip netns add, unshare -rn)"
	exit 77
fi
for tool in nft iptables-restore ip6tables-restore iptables-save python3; do
	command -v "$tool" >/dev/null || { echo "$tool missing"; exit 77; }
done

tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || :; done
	[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

in_ns() {
	if [ -n "$ns" ]; then
		ip netns exec "$ns" "$@"
	else
		"$@"
	fi
}
fail=0
in_ns ip link set lo up

reset_ns() {
	in_ns nft flush ruleset
}

# listen PROTO ADDR PORT: a socket bound inside the namespace.
listen() {
	if [ -n "$ns" ]; then
		ip netns exec "$ns" python3 -c "$pysock" "$@" &
	else
		python3 -c "$pysock" "$@" &
	fi
	pids="$pids $!"
}
pysock='
import socket, sys, time
fam = socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET
kind = socket.SOCK_STREAM if sys.argv[1] == "tcp" else socket.SOCK_DGRAM
s = socket.socket(fam, kind)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[2], int(sys.argv[3])))
if kind == socket.SOCK_STREAM:
    s.listen(5)
time.sleep(120)
'
# wait_sockets N: until N sockets are bound in the namespace.
wait_sockets() {
	i=0
	while [ "$(in_ns cat /proc/net/tcp /proc/net/tcp6 /proc/net/udp \
	    /proc/net/udp6 | grep -vc local_address)" -lt "$1" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "FAIL: listeners did not start"
			fail=1
			return
		fi
		sleep 0.1
	done
}
stop_listeners() {
	for p in $pids; do kill "$p" 2>/dev/null || :; done
	for p in $pids; do wait "$p" 2>/dev/null || :; done
	pids=
}

FW=host/fw-default-drop,host/fw-role-allowlist,host/vpn-forward-allowlist,host/bastion-forward-rules,host/listen-allowlist
# live NAME ARGS...: rampart inside the namespace, reading the running state.
live() {
	name=$1
	shift
	in_ns "$RAMPART" host scan --only "$FW" --format json "$@" \
		>"$ev/host-fw-netns-$name.json" 2>"$tmp/err"
	echo $? >"$tmp/code-$name"
	sed "s/^/    $name: /" "$tmp/err"
}
expect() {
	# expect NAME PATTERN
	if ! grep -q -- "$2" "$ev/host-fw-netns-$1.json"; then
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

# 1. Bastion, hardened (iptables): only SSH, from the admin segment.
reset_ns
in_ns iptables-restore <"$fx/bastion-good/etc/iptables/rules.v4"
in_ns ip6tables-restore <"$fx/bastion-good/etc/iptables/rules.v6"
listen tcp 0.0.0.0 22
listen tcp 127.0.0.1 8080
wait_sockets 2
live bastion-good --role bastion
stop_listeners
expect_exit bastion-good 0
expect bastion-good '{"id":"host/fw-default-drop","pass":4,"fail":0,'
expect bastion-good '{"id":"host/fw-role-allowlist","pass":2,"fail":0,'
expect bastion-good '{"id":"host/bastion-forward-rules","pass":1,"fail":0,'
expect bastion-good '{"id":"host/listen-allowlist","pass":1,"fail":0,'

# 2. Bastion, weak: accepting policies, extra ports, a web server on all
#    addresses, and a FORWARD rule.
reset_ns
in_ns iptables-restore <"$fx/bastion-bad/etc/iptables/rules.v4"
listen tcp 0.0.0.0 22
listen tcp :: 8080
wait_sockets 2
live bastion-bad --role bastion
stop_listeners
expect_exit bastion-bad 1
expect bastion-bad '"rule":"host/fw-default-drop","status":"fail".*"object":"IPv4 INPUT"'
expect bastion-bad '"rule":"host/fw-role-allowlist","status":"fail".*"message":"accepts new tcp/443, tcp/8000-8080 from anywhere"'
expect bastion-bad '"rule":"host/bastion-forward-rules","status":"fail"'
expect bastion-bad '"rule":"host/listen-allowlist","status":"fail".*"object":"tcp \[::\]:8080".*the firewall lets new connections reach it'

# 3. VPN server (iptables): OpenVPN only, tunnel to bastion:22 and
#    monitoring:443; then the weak variant forwarding everything.
reset_ns
in_ns iptables-restore <"$fx/vpn-good/etc/iptables/rules.v4"
in_ns ip6tables-restore <"$fx/vpn-good/etc/iptables/rules.v6"
listen udp 0.0.0.0 1194
wait_sockets 1
live vpn-good --config "$fx/vpn-good/rampart.yaml"
stop_listeners
expect_exit vpn-good 0
expect vpn-good '{"id":"host/vpn-forward-allowlist","pass":2,"fail":0,'
expect vpn-good '{"id":"host/listen-allowlist","pass":1,"fail":0,'
reset_ns
in_ns iptables-restore <"$fx/vpn-bad/etc/iptables/rules.v4"
live vpn-bad --config "$fx/vpn-bad/rampart.yaml"
expect_exit vpn-bad 1
expect vpn-bad '"rule":"host/vpn-forward-allowlist","status":"fail".*"message":"accepts new [^"]*tcp/0-21,23-442,444-65535[^"]* when in tun+"'
expect vpn-bad '"rule":"host/fw-role-allowlist","status":"fail".*"message":"accepts new tcp/22 from anywhere"'

# 4. Controller (nftables, Debian's /etc/nftables.conf): the tunnel only.
reset_ns
in_ns nft -f "$fx/ctl-nft-good/etc/nftables.conf"
listen tcp :: 10050
wait_sockets 1
live ctl-good --config "$fx/ctl-nft-good/rampart.yaml"
stop_listeners
expect_exit ctl-good 0
expect ctl-good '{"id":"host/fw-default-drop","pass":4,"fail":0,'
expect ctl-good '{"id":"host/fw-role-allowlist","pass":2,"fail":0,'
expect ctl-good '{"id":"host/listen-allowlist","pass":1,"fail":0,'
reset_ns
in_ns nft -f "$fx/ctl-nft-bad/etc/nftables.conf"
listen udp 0.0.0.0 5353
wait_sockets 1
live ctl-bad --config "$fx/ctl-nft-bad/rampart.yaml"
stop_listeners
expect_exit ctl-bad 1
expect ctl-bad '"rule":"host/fw-default-drop","status":"fail".*"object":"IPv4 FORWARD"'
expect ctl-bad '"rule":"host/fw-role-allowlist","status":"fail".*"message":"accepts new tcp/22, tcp/80, tcp/443 from anywhere"'
expect ctl-bad '"rule":"host/listen-allowlist","status":"fail".*"object":"udp 0.0.0.0:5353"'

# 5. Saved versus running, and the saved files' owner and mode: captures of
#    the namespace against scratch roots holding the saved files.
reset_ns
in_ns iptables-restore <"$fx/bastion-good/etc/iptables/rules.v4"
in_ns ip6tables-restore <"$fx/bastion-good/etc/iptables/rules.v6"
in_ns iptables-save >"$tmp/live.v4"
in_ns ip6tables-save >"$tmp/live.v6"
in_ns nft -j list ruleset >"$tmp/live.json"
in_ns iptables -A INPUT -p tcp --dport 5432 -j ACCEPT
in_ns iptables-save >"$tmp/drift.v4"
for r in saved-good saved-bad; do
	mkdir -p "$tmp/$r/etc/iptables"
	cp "$fx/bastion-good/etc/iptables/rules.v4" \
		"$fx/bastion-good/etc/iptables/rules.v6" "$tmp/$r/etc/iptables/"
	chown -R 0:0 "$tmp/$r/etc"
	chmod 0640 "$tmp/$r/etc/iptables/rules.v4" "$tmp/$r/etc/iptables/rules.v6"
done
chmod 0666 "$tmp/saved-bad/etc/iptables/rules.v4"
PS=host/fw-persisted-matches-live,host/fw-rules-file-mode
"$RAMPART" host scan --root "$tmp/saved-good" --role bastion \
	--iptables-save "$tmp/live.v4" --ip6tables-save "$tmp/live.v6" \
	--nft-json "$tmp/live.json" --only "$PS" --format json \
	>"$ev/host-fw-netns-saved-good.json"
echo $? >"$tmp/code-saved-good"
"$RAMPART" host scan --root "$tmp/saved-bad" --role bastion \
	--iptables-save "$tmp/drift.v4" --ip6tables-save "$tmp/live.v6" \
	--only "$PS" --format json >"$ev/host-fw-netns-saved-bad.json"
echo $? >"$tmp/code-saved-bad"
expect_exit saved-good 0
expect saved-good '{"id":"host/fw-persisted-matches-live","pass":1,"fail":0,'
expect saved-good '{"id":"host/fw-rules-file-mode","pass":2,"fail":0,'
expect_exit saved-bad 1
expect saved-bad '"rule":"host/fw-persisted-matches-live","status":"fail".*"evidence":"running only: -A INPUT -p tcp -m tcp --dport 5432 -j ACCEPT; saved only: -"'
expect saved-bad '"rule":"host/fw-rules-file-mode","status":"fail".*"object":"/etc/iptables/rules.v4"'

if [ $fail -ne 0 ]; then
	for f in "$ev"/host-fw-netns-*.json; do
		echo "== $f"
		grep -o '"rule":"[^"]*","status":"[a-z-]*"[^}]*"message":"[^"]*"' "$f" | head -n 20
	done
	exit 1
fi
echo "firewall rules checked against iptables and nft rulesets in a network namespace"
exit 0
