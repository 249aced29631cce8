#!/bin/sh
# test-host-perms.sh - owners, modes and ACLs of sensitive files, on scratch
# roots built here (git cannot record owners or modes, so these fixtures
# cannot live in the tree).  Group names must come from the scanned root:
# its /etc/group maps gid 4242 to "shadow", which this machine does not.
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
command -v setfacl >/dev/null || { echo "setfacl missing (package acl)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ev=$TOP/build/evidence
fail=0

mkroot() {
	r=$1
	mkdir -p "$r/etc/ssh" "$r/etc/cron.d" "$r/etc/sudoers.d"
	printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n' >"$r/etc/passwd"
	printf 'root:x:0:\nshadow:x:4242:\nalice:x:1000:\n' >"$r/etc/group"
	printf 'root:*:19000:0:99999:7:::\n' >"$r/etc/shadow"
	printf 'root:*::\n' >"$r/etc/gshadow"
	printf 'root ALL=(ALL) ALL\n' >"$r/etc/sudoers"
	printf 'key\n' >"$r/etc/ssh/ssh_host_ed25519_key"
	printf '* * * * * root true\n' >"$r/etc/crontab"
	chown -R 0:0 "$r/etc"
	chmod 0644 "$r/etc/passwd" "$r/etc/group" "$r/etc/crontab"
	chown 0:4242 "$r/etc/shadow" "$r/etc/gshadow"
	chmod 0640 "$r/etc/shadow" "$r/etc/gshadow"
	chmod 0440 "$r/etc/sudoers"
	chmod 0600 "$r/etc/ssh/ssh_host_ed25519_key"
	chmod 0755 "$r/etc/cron.d" "$r/etc/sudoers.d"
}

scan() {
	# scan NAME ROOT: JSON result to the evidence directory
	"$RAMPART" host scan --root "$2" --only host/sensitive-file-mode \
		--show-passed --format json >"$ev/host-perms-$1.json"
}

expect() {
	# expect NAME PATTERN: the result of NAME contains PATTERN
	if ! grep -q -- "$2" "$ev/host-perms-$1.json"; then
		echo "FAIL $1: no match for $2"
		fail=1
	fi
}

good=$tmp/good
mkroot "$good"
scan good "$good"
code=$?
[ $code -eq 0 ] || { echo "FAIL good root: exit $code"; fail=1; }
expect good '{"id":"host/sensitive-file-mode","pass":9,"fail":0,'
expect good '"status":"pass".*"object":"/etc/shadow"'

bad=$tmp/bad
mkroot "$bad"
chmod 0644 "$bad/etc/shadow"                 # others may read hashes
chmod 0660 "$bad/etc/gshadow"                # group may write
chown 1000:1000 "$bad/etc/sudoers"           # not root's
chmod 0777 "$bad/etc/cron.d"                 # anyone may add jobs
setfacl -m u:1000:r "$bad/etc/ssh/ssh_host_ed25519_key"
chmod 2644 "$bad/etc/crontab"                # set-gid
scan bad "$bad"
code=$?
[ $code -eq 1 ] || { echo "FAIL bad root: exit $code"; fail=1; }
expect bad '"file":"/etc/shadow".*"message":"readable by others","evidence":"root:shadow 0644"'
expect bad '"file":"/etc/gshadow".*"message":"writable by group","evidence":"root:shadow 0660"'
expect bad '"file":"/etc/sudoers".*"message":"not owned by root; group not allowed","evidence":"alice:alice 0440"'
expect bad '"file":"/etc/cron.d".*"message":"writable by group and others","evidence":"root:root 0777"'
expect bad '"file":"/etc/ssh/ssh_host_ed25519_key".*"readable by group; an ACL grants extra access","evidence":"root:root 0640 +acl user:1000:r--,mask::r--"'
expect bad '"file":"/etc/crontab".*"message":"set-id bits","evidence":"root:root 2644"'
expect bad '{"id":"host/sensitive-file-mode","pass":3,"fail":6,'
exit $fail
