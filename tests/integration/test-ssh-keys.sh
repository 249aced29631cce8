#!/bin/sh
# test-ssh-keys.sh - SSH key strength and authorized_keys modes on a
# scratch root, with ssh-keygen as the oracle: every key rampart reports
# must carry the bit length and SHA-256 fingerprint `ssh-keygen -l` prints
# for it, weak keys (RSA below 2048 bits, DSA) must fail and strong ones
# pass, and key files others can write must fail.
#
# Needs uid 0 for chown; an unprivileged run re-executes itself in a user
# namespace where it is uid 0 (unshare -r).
#
# SPDX-License-Identifier: MIT
set -u
: "${RAMPART:?}" "${TOP:?}"
if [ "$(id -u)" -ne 0 ]; then
	if [ -z "${RAMPART_IN_USERNS:-}" ] && unshare -r true 2>/dev/null; then
		RAMPART_IN_USERNS=1 exec unshare -r sh "$0" "$@"
	fi
	echo "needs root or unprivileged user namespaces (unshare -r)"
	exit 77
fi
command -v ssh-keygen >/dev/null || { echo "ssh-keygen missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ev=$TOP/build/evidence
r=$tmp/root
fail=0

mkdir -p "$r/etc/ssh" "$r/home/alice/.ssh" "$r/home/bob/.ssh" "$r/root/.ssh" "$tmp/keys"
printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n' >"$r/etc/passwd"
printf 'root:x:0:\nalice:x:1000:\nbob:x:1001:\n' >"$r/etc/group"
printf 'HostKey /etc/ssh/ssh_host_rsa_key\nHostKey /etc/ssh/ssh_host_ed25519_key\nHostKey /etc/ssh/ssh_host_dsa_key\nRequiredRSASize 3072\n' >"$r/etc/ssh/sshd_config"
key() {
	# key NAME TYPE BITS: a throwaway key pair in $tmp/keys
	if [ -n "$3" ]; then
		ssh-keygen -q -t "$2" -b "$3" -N '' -C "$1" -f "$tmp/keys/$1" </dev/null
	else
		ssh-keygen -q -t "$2" -N '' -C "$1" -f "$tmp/keys/$1" </dev/null
	fi
}
key host_rsa rsa 2048
key host_ed ed25519 ''
key host_dsa dsa ''
key alice_rsa1024 rsa 1024
key alice_ecdsa ecdsa 384
key bob_rsa4096 rsa 4096
key root_dsa dsa ''
cp "$tmp/keys/host_rsa" "$r/etc/ssh/ssh_host_rsa_key"
cp "$tmp/keys/host_rsa.pub" "$r/etc/ssh/ssh_host_rsa_key.pub"
# The ed25519 host key has no .pub: rampart reads the private file's header.
cp "$tmp/keys/host_ed" "$r/etc/ssh/ssh_host_ed25519_key"
cp "$tmp/keys/host_dsa.pub" "$r/etc/ssh/ssh_host_dsa_key.pub"
cat "$tmp/keys/alice_rsa1024.pub" "$tmp/keys/alice_ecdsa.pub" >"$r/home/alice/.ssh/authorized_keys"
cat "$tmp/keys/bob_rsa4096.pub" >"$r/home/bob/.ssh/authorized_keys"
printf 'restrict,command="/usr/local/bin/backup" ' >"$r/root/.ssh/authorized_keys"
cat "$tmp/keys/root_dsa.pub" >>"$r/root/.ssh/authorized_keys"
chown -R 1000:1000 "$r/home/alice"
chown -R 1001:1001 "$r/home/bob"
chmod 0600 "$r/home/alice/.ssh/authorized_keys" "$r/root/.ssh/authorized_keys"
chmod 0700 "$r/home/alice/.ssh" "$r/root/.ssh"
chmod 0666 "$r/home/bob/.ssh/authorized_keys"  # anyone may add a key
chmod 0777 "$r/home/bob/.ssh"
chmod 0600 "$r/etc/ssh/ssh_host_rsa_key" "$r/etc/ssh/ssh_host_ed25519_key"

out=$ev/host-ssh-keys.json
"$RAMPART" host scan --root "$r" --only 'host/ssh-key-strength,host/ssh-authorized-keys-mode' \
	--show-passed --format json >"$out"
code=$?
[ $code -eq 1 ] || { echo "FAIL: exit $code, expected 1"; fail=1; }

# expect STATUS NAME: the finding about key NAME has STATUS, its bits and
# fingerprint as ssh-keygen -l prints them.
expect() {
	set -- "$1" "$2" $(ssh-keygen -l -f "$tmp/keys/$2.pub")
	bits=$3
	fp=$4
	if ! grep -q "\"status\":\"$1\".*$fp" "$out"; then
		echo "FAIL $2: no $1 finding with $fp"
		fail=1
	elif [ "$1" = fail ] && ! grep -q "$bits bits $fp" "$out"; then
		echo "FAIL $2: evidence lacks '$bits bits $fp'"
		fail=1
	else
		echo "ok   $2: $1, $bits bits, $fp"
	fi
}
expect pass host_rsa
expect pass host_ed
expect fail host_dsa
expect fail alice_rsa1024
expect pass alice_ecdsa
expect pass bob_rsa4096
expect fail root_dsa
grep -q '"options restrict,command; ssh-dss' "$out" ||
	{ echo "FAIL: key options not surfaced"; fail=1; }
# Only the findings carry scanned data (the framework guidance mentions
# backups in its own words).
sed -n '/^  "findings": \[/,/^  "rules": \[/p' "$out" | grep -q 'backup' &&
	{ echo "FAIL: an option value leaked"; fail=1; }
grep -q '"rule":"host/ssh-key-strength","status":"pass".*sshd requiredrsasize' "$out" ||
	{ echo "FAIL: RequiredRSASize 3072 not seen as a pass"; fail=1; }
grep -q '"rule":"host/ssh-authorized-keys-mode","status":"fail".*"file":"/home/bob/.ssh/authorized_keys".*"evidence":"bob:bob 0666"' "$out" ||
	{ echo "FAIL: bob's world-writable key file not reported"; fail=1; }
grep -q '"rule":"host/ssh-authorized-keys-mode","status":"fail".*"file":"/home/bob/.ssh".*"evidence":"bob:bob 0777"' "$out" ||
	{ echo "FAIL: bob's world-writable .ssh not reported"; fail=1; }
grep -q '"id":"host/ssh-authorized-keys-mode","pass":4,"fail":2' "$out" ||
	{ echo "FAIL: authorized_keys mode tallies"; grep '"id":"host/ssh-authorized' "$out"; fail=1; }
exit $fail
