#!/bin/sh
# test-sshd-oracle.sh - rampart's effective sshd configuration against the
# real `sshd -T` of OpenSSH, on every sshd fixture.
#
# For each tests/fixtures/host/*/ with an etc/ssh/sshd_config, the fixture
# is copied to a scratch root, completed with what sshd needs to start in
# test mode (an sshd account for privilege separation, /run/sshd, host keys
# where the configuration names missing ones), and sshd -T runs chrooted
# into it in a private mount namespace, so Include paths resolve inside
# the fixture exactly as `rampart host sshd-effective --root` resolves them.
# Both outputs must be identical, line for line, for the default
# connection and for every -C spec listed in the fixture's sshd-oracle.spec.
# When sshd refuses a configuration, rampart must say so too (exit 3).
#
# Runs as root, or unprivileged in a user namespace (unshare -r).
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
SSHD=/usr/sbin/sshd
[ -x "$SSHD" ] || { echo "sshd missing (package openssh-server)"; exit 77; }
command -v ssh-keygen >/dev/null || { echo "ssh-keygen missing"; exit 77; }
command -v unshare >/dev/null || { echo "unshare missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
runs=0

# prepare FIXTURE ROOT: a private copy sshd can run in.
prepare() {
	rm -rf "$2"
	cp -a "$1" "$2"
	mkdir -p "$2/run/sshd" "$2/usr" "$2/dev" "$2/proc" "$2/etc"
	for d in bin sbin lib lib64; do
		[ -e "$2/$d" ] || ln -s "usr/$d" "$2/$d"
	done
	# An account file that is a symlink is resolved inside the root (never
	# written through: its target may name a path of this machine).
	for f in passwd group; do
		[ -L "$2/etc/$f" ] || continue
		t=$(readlink "$2/etc/$f")
		case $t in /*) t=$2$t ;; *) t=$2/etc/$t ;; esac
		rm -f "$2/etc/$f"
		if [ -f "$t" ]; then cp "$t" "$2/etc/$f"; fi
	done
	[ -f "$2/etc/passwd" ] || printf 'root:x:0:0:root:/root:/bin/sh\n' >"$2/etc/passwd"
	[ -f "$2/etc/group" ] || printf 'root:x:0:\n' >"$2/etc/group"
	grep -q '^sshd:' "$2/etc/passwd" ||
		printf 'sshd:x:105:65534::/run/sshd:/usr/sbin/nologin\n' >>"$2/etc/passwd"
	chmod 0755 "$2/run/sshd"
	find "$2/etc/ssh" -name '*_key' -type f -exec chmod 0600 {} +
}

# sshd_t ROOT [ARGS...]: sshd -T chrooted into ROOT; output in $tmp/sshd.out
sshd_t() {
	r=$1
	shift
	unshare -m sh -c '
		r=$1; shift
		mount --rbind /usr "$r/usr" || exit 99
		touch "$r/dev/null" && mount --bind /dev/null "$r/dev/null"
		exec chroot "$r" /usr/sbin/sshd -T "$@"
	' sh "$r" "$@" >"$tmp/sshd.out" 2>"$tmp/sshd.err"
}

# keys ROOT: create host keys where the configuration names missing ones.
keys() {
	r=$1
	ssh-keygen -q -t ed25519 -N '' -f "$tmp/probe_key" </dev/null
	cp "$tmp/probe_key" "$r/rampart-probe-key"
	chmod 0600 "$r/rampart-probe-key"
	rm -f "$tmp/probe_key" "$tmp/probe_key.pub"
	sshd_t "$r" -o HostKey=/rampart-probe-key
	paths=$(sed -n 's/^hostkey //p' "$tmp/sshd.out" | grep -v '^/rampart-probe-key$')
	[ -n "$paths" ] || paths="/etc/ssh/ssh_host_rsa_key /etc/ssh/ssh_host_ecdsa_key /etc/ssh/ssh_host_ed25519_key"
	for k in $paths; do
		case $k in /*) ;; *) continue ;; esac
		[ -e "$r$k" ] && continue
		mkdir -p "$(dirname "$r$k")"
		cp "$r/rampart-probe-key" "$r$k"
	done
	rm -f "$r/rampart-probe-key"
}

# compare NAME ROOT [-C SPEC]
compare() {
	name=$1
	r=$2
	shift 2
	runs=$((runs + 1))
	sshd_t "$r" "$@"
	src=$?
	"$RAMPART" host sshd-effective --root "$r" "$@" >"$tmp/rampart.out" 2>"$tmp/rampart.err"
	rrc=$?
	if [ $src -ne 0 ]; then
		if [ $rrc -ne 3 ]; then
			echo "FAIL $name $*: sshd rejects the configuration, rampart does not (exit $rrc)"
			sed 's/^/    sshd: /' "$tmp/sshd.err" | head -n 5
			fail=1
		else
			echo "ok   $name $*: both reject ($(head -n 1 "$tmp/sshd.err"))"
		fi
		return
	fi
	if [ $rrc -ne 0 ]; then
		echo "FAIL $name $*: sshd accepts the configuration, rampart exits $rrc"
		sed 's/^/    rampart: /' "$tmp/rampart.err" | head -n 5
		fail=1
		return
	fi
	if ! diff -u "$tmp/sshd.out" "$tmp/rampart.out" >"$tmp/diff"; then
		echo "FAIL $name $*: effective configuration differs (- sshd -T, + rampart)"
		grep '^[-+][a-z]' "$tmp/diff" | head -n 40 | sed 's/^/    /'
		fail=1
		return
	fi
	echo "ok   $name $*: $(wc -l <"$tmp/sshd.out") lines identical"
}

for fx in "$TOP"/tests/fixtures/host/*/; do
	fx=${fx%/}
	# A symlink counts even when its target only exists inside the root
	# (the escape fixture): sshd follows it inside the chroot.
	[ -f "$fx/etc/ssh/sshd_config" ] || [ -L "$fx/etc/ssh/sshd_config" ] ||
		continue
	name=$(basename "$fx")
	root=$tmp/root
	prepare "$fx" "$root"
	keys "$root"
	compare "$name" "$root"
	if [ -f "$fx/sshd-oracle.spec" ]; then
		while read -r spec; do
			case $spec in '' | '#'*) continue ;; esac
			compare "$name" "$root" -C "$spec"
		done <"$fx/sshd-oracle.spec"
	fi
done
echo "$runs comparisons"
[ $runs -gt 0 ] || { echo "FAIL: no sshd fixture found"; fail=1; }
exit $fail
