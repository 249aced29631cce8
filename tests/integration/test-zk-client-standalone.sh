#!/bin/sh
# test-zk-client-standalone.sh - rampart's ZooKeeper client against a real
# standalone ZooKeeper 3.8: walk a tree of a few thousand znodes with mixed
# ACLs, anonymously and as the digest super user, and compare every line
# with what kazoo reads; chroot and --path; digest auth from the command
# line, a file and the environment; refused auth; secrets never printed;
# the node-count guard; unreachable servers.
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

zk_use_superdigest super 'sup3r-s3cret'
zk_start_standalone || exit 1
SUPER=super:sup3r-s3cret
T=$ZK_TMP

zk_py "$TOP/tests/integration/zk-tree.py" build "$ZK_SERVER" 3000 --auth "$SUPER" || exit 1

# Walk and compare, anonymously and as super.
compare() {
	name=$1
	shift
	LC_ALL=C sort "$T/$name.rampart" >"$T/$name.r.sorted"
	LC_ALL=C sort "$T/$name.kazoo" >"$T/$name.k.sorted"
	if diff -u "$T/$name.k.sorted" "$T/$name.r.sorted" >"$T/$name.diff"; then
		ok "$name: rampart and kazoo agree on $(wc -l <"$T/$name.r.sorted") lines"
	else
		bad "$name: rampart differs from kazoo"
		head -n 20 "$T/$name.diff"
	fi
	# A node is reported once (node, unreadable or vanished); an
	# unlistable line may follow its node line.
	dups=$(grep -v '^unlistable' "$T/$name.rampart" | cut -f2 |
		LC_ALL=C sort | uniq -d | head -n 3)
	[ -z "$dups" ] || bad "$name: paths reported twice: $dups"
}

"$RAMPART" zk walk --server "$ZK_SERVER" -q >"$T/anon.rampart" 2>"$T/anon.err" ||
	bad "anonymous walk failed: $(cat "$T/anon.err")"
zk_py "$TOP/tests/integration/zk-tree.py" dump "$ZK_SERVER" >"$T/anon.kazoo"
compare anon
grep -q '^unreadable	/rt/.*/locked-' "$T/anon.rampart" || bad "no unreadable znodes seen anonymously"
grep -q '^unlistable	/rt/.*adminonly-' "$T/anon.rampart" || bad "no unlistable znodes seen anonymously"
# World ADMIN (adminonly-*) lets anyone read the full ACL (shown masked).
grep -q '^node	/rt/.*adminonly-.*digest:alice:<masked>:cdrwa' "$T/anon.rampart" ||
	bad "world ADMIN should reveal the digest id (masked in output)"
grep -q 'digest:alice:x:' "$T/anon.rampart" || bad "the server should mask digests for readers without ADMIN"

"$RAMPART" zk walk --server "$ZK_SERVER" --auth "digest:$SUPER" -q >"$T/super.rampart" 2>"$T/super.err" ||
	bad "super walk failed: $(cat "$T/super.err")"
zk_py "$TOP/tests/integration/zk-tree.py" dump "$ZK_SERVER" --auth "$SUPER" >"$T/super.kazoo"
compare super
n=$(grep -c '^node	/rt' "$T/super.rampart")
[ "$n" -eq 3000 ] && ok "super sees all 3000 test znodes" || bad "super saw $n of 3000 test znodes"
grep -q '^unreadable' "$T/super.rampart" && bad "super should read everything"
grep -q 'digest:alice:<masked>:cdrwa' "$T/super.rampart" || bad "digest ids should be shown masked"

# A window of one request gives the same result.
"$RAMPART" zk walk --server "$ZK_SERVER" --auth "digest:$SUPER" --window 1 -q | LC_ALL=C sort >"$T/w1.sorted"
cmp -s "$T/w1.sorted" "$T/super.r.sorted" && ok "--window 1 reads the same" || bad "--window 1 differs"

# The secret never appears in any output, even with a summary.
"$RAMPART" zk walk --server "$ZK_SERVER" --auth "digest:$SUPER" --whoami --path /rt/open-0 >"$T/out" 2>"$T/err"
if grep -q 'sup3r-s3cret' "$T/out" "$T/err"; then bad "password printed"; else ok "password never printed"; fi
grep -q 'identities:.*super:' "$T/err" && ok "whoAmI shows the super identity" || bad "whoAmI: $(cat "$T/err")"
hash=$(zk_digest alice alice-pw | cut -d: -f2)
grep -qF "$hash" "$T/out" "$T/err" "$T/super.rampart" && bad "digest hash printed"

# Secrets from a file and from the environment.
printf 'digest:%s\n' "$SUPER" >"$T/auth"
"$RAMPART" zk walk --server "$ZK_SERVER" --auth-file "$T/auth" --path /rt -q | LC_ALL=C sort >"$T/file.sorted"
grep '	/rt' "$T/super.r.sorted" >"$T/super.rt"
cmp -s "$T/file.sorted" "$T/super.rt" && ok "--auth-file" || bad "--auth-file differs"
RAMPART_ZK_AUTH="digest:$SUPER" "$RAMPART" zk walk --server "$ZK_SERVER" --path /rt -q | LC_ALL=C sort >"$T/env.sorted"
cmp -s "$T/env.sorted" "$T/super.rt" && ok "\$RAMPART_ZK_AUTH" || bad "\$RAMPART_ZK_AUTH differs"

# Chroot in the connect string: paths stay full server paths.
"$RAMPART" zk walk --server "$ZK_SERVER/rt" --auth "digest:$SUPER" -q | LC_ALL=C sort >"$T/chroot.sorted"
cmp -s "$T/chroot.sorted" "$T/super.rt" && ok "chroot /rt walks /rt with full paths" || bad "chroot walk differs"
"$RAMPART" zk walk --server "$ZK_SERVER/rt" --auth "digest:$SUPER" --path /open-0 --ancestors -q >"$T/anc"
grep -q '^ancestor	/rt	' "$T/anc" && grep -q '^ancestor	/	' "$T/anc" &&
	grep -q '^node	/rt/open-0	' "$T/anc" && ok "--ancestors reports / and /rt" || bad "ancestors: $(head -3 "$T/anc")"

# A refused AuthPacket (unknown scheme) is a clear error.
"$RAMPART" zk walk --server "$ZK_SERVER" --auth "nosuch:secretword" -q >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && grep -q 'authentication as nosuch:\*\*\* was refused' "$T/err" &&
	! grep -q secretword "$T/err" && ok "refused auth: $(cat "$T/err")" ||
	bad "refused auth: rc=$rc $(cat "$T/err")"

# A missing start node, the node-count guard, a closed port.
"$RAMPART" zk walk --server "$ZK_SERVER" --path /does/not/exist -q 2>"$T/err"
[ $? -eq 3 ] && grep -q 'does not exist' "$T/err" && ok "missing start" || bad "missing start: $(cat "$T/err")"
"$RAMPART" zk walk --server "$ZK_SERVER" --max-nodes 100 -q >/dev/null 2>"$T/err"
[ $? -eq 3 ] && grep -q 'node-count guard' "$T/err" && ok "node-count guard" || bad "guard: $(cat "$T/err")"
port=$(zk_free_port)
"$RAMPART" zk walk --server "127.0.0.1:$port" --connect-timeout 2000 -q 2>"$T/err"
[ $? -eq 3 ] && grep -q "127.0.0.1:$port: connect: Connection refused" "$T/err" &&
	ok "closed port: $(cat "$T/err")" || bad "closed port: $(cat "$T/err")"
"$RAMPART" zk walk --server "127.0.0.1:$port,$ZK_SERVER" --path /rt/open-0 -q >/dev/null 2>"$T/err" &&
	ok "first server down, second used" || bad "fallback to the second server: $(cat "$T/err")"
"$RAMPART" zk walk --server "h1:99999" 2>"$T/err"
[ $? -eq 2 ] && ok "bad port is a usage error" || bad "bad port: $(cat "$T/err")"

exit $fail
