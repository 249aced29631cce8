#!/bin/sh
# test-fim.sh - rampart fim init/check/update on a scratch root built here:
# every kind of change the baseline must notice (content with the same size
# and restored mtime, mode, owner, symlink target, added, removed), a
# damaged baseline, an unreadable file, and that check writes nothing.
#
# Needs uid 0 for chown; an unprivileged run re-executes itself in a user
# namespace where it is uid 0 (unshare -r).  The unreadable-file case needs
# a real root that can drop to another user (setpriv); it is skipped, and
# says so, otherwise.
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ev=$TOP/build/evidence
mkdir -p "$ev"
fail=0

expect() {
	# expect FILE PATTERN: FILE contains PATTERN
	if ! grep -q -- "$2" "$1"; then
		echo "FAIL $(basename "$1"): no match for $2"
		fail=1
	fi
}

reject() {
	if grep -q -- "$2" "$1"; then
		echo "FAIL $(basename "$1"): unexpected $2"
		fail=1
	fi
}

code_is() {
	# code_is WHAT GOT WANT
	if [ "$2" -ne "$3" ]; then
		echo "FAIL $1: exit $2, want $3"
		fail=1
	fi
}

r=$tmp/root
mkdir -p "$r/etc/ssh" "$r/etc/cron.d" "$r/usr/bin" "$r/usr/sbin" "$r/boot"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
printf 'PermitRootLogin no\n' >"$r/etc/ssh/sshd_config"
printf '* * * * * root true\n' >"$r/etc/cron.d/job"
printf 'keep\n' >"$r/etc/hosts"
printf 'gone\n' >"$r/etc/cron.d/old"
cp /bin/true "$r/usr/bin/true"
printf '#!/bin/sh\n' >"$r/usr/sbin/tool"
ln -s ../usr/bin/true "$r/etc/alternative"
ln -s usr/bin "$r/bin"
# an absolute symlink pointing out of the root: recorded, never followed
ln -s /etc/passwd "$r/etc/escape"
chown -R 0:0 "$r"
db=$tmp/fim.db

# --- init ---------------------------------------------------------------
"$RAMPART" fim init --root "$r" --db "$db" 2>"$tmp/init.err"
code_is "init" $? 0
expect "$tmp/init.err" 'baseline written to'
[ -f "$db" ] || { echo "FAIL init wrote no database"; fail=1; }
"$RAMPART" fim init --root "$r" --db "$db" 2>"$tmp/init2.err"
code_is "init over an existing baseline" $? 2
expect "$tmp/init2.err" 'exists'
ls "$tmp" | grep -v "\.ls$" >"$tmp/before.ls"

# --- unchanged tree: everything passes, nothing is written ----------------
sum=$(sha256sum "$db")
"$RAMPART" fim check --root "$r" --db "$db" --show-passed --format json \
	>"$ev/fim-clean.json"
code_is "check of an unchanged tree" $? 0
expect "$ev/fim-clean.json" '{"id":"host/fim-file-changed","pass":1[0-9],"fail":0'
expect "$ev/fim-clean.json" '{"id":"host/fim-file-added","pass":1[0-9],"fail":0'
expect "$ev/fim-clean.json" '{"id":"host/fim-file-removed","pass":1[0-9],"fail":0'
expect "$ev/fim-clean.json" '{"id":"host/fim-baseline-missing","pass":1,"fail":0'
[ "$(sha256sum "$db")" = "$sum" ] || { echo "FAIL check changed the baseline"; fail=1; }
ls "$tmp" | grep -v "\.ls$" >"$tmp/after.ls"
cmp -s "$tmp/before.ls" "$tmp/after.ls" || { echo "FAIL check wrote a file:"; diff "$tmp/before.ls" "$tmp/after.ls"; fail=1; }

# --- changes --------------------------------------------------------------
# same size, same mtime, same inode: only the digest can tell
touch -r "$r/etc/passwd" "$tmp/stamp"
printf 'ROOT:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
touch -r "$tmp/stamp" "$r/etc/passwd"
chmod 0666 "$r/etc/ssh/sshd_config"
chown 1000:1000 "$r/etc/cron.d/job"
ln -sfn /tmp/evil "$r/etc/alternative"
printf 'backdoor\n' >"$r/usr/bin/sshd2"
rm "$r/etc/cron.d/old"
"$RAMPART" fim check --root "$r" --db "$db" --show-passed --format json \
	>"$ev/fim-changed.json"
code_is "check of a changed tree" $? 1
j=$ev/fim-changed.json
expect "$j" '"rule":"host/fim-file-changed","status":"fail".*"object":"/etc/passwd","path":null},"message":"regular file changed","evidence":"content sha256 differs"'
expect "$j" '"object":"/etc/ssh/sshd_config".*"evidence":"mode 0644 -> 0666'
expect "$j" '"object":"/etc/cron.d/job".*"evidence":"uid 0 -> 1000; gid 0 -> 1000'
expect "$j" '"object":"/etc/alternative".*target ../usr/bin/true -> /tmp/evil'
expect "$j" '"rule":"host/fim-file-added","status":"fail".*"object":"/usr/bin/sshd2".*"message":"regular file added"'
expect "$j" '"rule":"host/fim-file-removed","status":"fail".*"object":"/etc/cron.d/old".*"message":"regular file removed"'
reject "$j" '"status":"fail".*"object":"/etc/hosts"'
reject "$j" '"status":"fail".*"object":"/etc/escape"'
# digests never appear in a report
reject "$j" "$(sha256sum "$r/etc/passwd" | cut -c1-64)"

# every writer takes the same result
for fmt in text sarif junit html prometheus; do
	"$RAMPART" fim check --root "$r" --db "$db" --format $fmt \
		--output "$tmp/report.$fmt"
	code_is "check --format $fmt" $? 1
	expect "$tmp/report.$fmt" 'fim-file-changed'
done
"$RAMPART" fim check --root "$r" --db "$db" --fail-on critical >/dev/null
code_is "check --fail-on critical" $? 0

# PATH arguments limit the comparison
"$RAMPART" fim check --root "$r" --db "$db" --format json /usr \
	>"$tmp/usr.json"
code_is "check /usr" $? 1
expect "$tmp/usr.json" '"object":"/usr/bin/sshd2"'
reject "$tmp/usr.json" '"object":"/etc/passwd"'

# --- update accepts the changes -------------------------------------------
"$RAMPART" fim update --root "$r" --db "$db" --format json \
	>"$tmp/update.json" 2>"$tmp/update.err"
code_is "update" $? 1
expect "$tmp/update.json" '"object":"/usr/bin/sshd2"'
"$RAMPART" fim check --root "$r" --db "$db" >/dev/null
code_is "check after update" $? 0

# --- missing and damaged baselines ----------------------------------------
"$RAMPART" fim check --root "$r" --db "$tmp/none.db" --format json \
	>"$ev/fim-missing.json"
code_is "check without a baseline" $? 1
expect "$ev/fim-missing.json" '"rule":"host/fim-baseline-missing","status":"fail"'
[ -e "$tmp/none.db" ] && { echo "FAIL check created a baseline"; fail=1; }

printf 'this is not a database\n%.0s' $(seq 1 200) >"$tmp/junk.db"
"$RAMPART" fim check --root "$r" --db "$tmp/junk.db" >/dev/null 2>"$tmp/junk.err"
code_is "check with a non-SQLite baseline" $? 3
expect "$tmp/junk.err" 'junk.db: not an SQLite database'

cp "$db" "$tmp/trunc.db"
truncate -s 1000 "$tmp/trunc.db"
"$RAMPART" fim check --root "$r" --db "$tmp/trunc.db" >/dev/null 2>"$tmp/trunc.err"
code_is "check with a truncated baseline" $? 3
expect "$tmp/trunc.err" 'trunc.db: '

sqlite3 "$tmp/other.db" 'CREATE TABLE t(x);' 2>/dev/null ||
	python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE t(x)")' "$tmp/other.db"
"$RAMPART" fim check --root "$r" --db "$tmp/other.db" >/dev/null 2>"$tmp/other.err"
code_is "check with a foreign SQLite database" $? 3
expect "$tmp/other.err" 'not a rampart FIM baseline'

# --- unreadable file ------------------------------------------------------
if [ -z "${RAMPART_IN_USERNS:-}" ] && command -v setpriv >/dev/null; then
	u=$tmp/unread
	mkdir -p "$u/etc"
	printf 'ok\n' >"$u/etc/ok"
	printf 'secret\n' >"$u/etc/secret"
	chmod 0755 "$tmp" "$u" "$u/etc"
	chmod 0644 "$u/etc/ok"
	chmod 0600 "$u/etc/secret"
	mkdir "$tmp/nobody" && chown nobody "$tmp/nobody"
	asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	asnobody "$RAMPART" fim init --root "$u" --db "$tmp/nobody/u.db" /etc \
		2>"$tmp/unread.err"
	code_is "init with an unreadable file" $? 0
	expect "$tmp/unread.err" '/etc/secret: cannot open: permission denied'
	expect "$tmp/unread.err" '1 unreadable'
	asnobody "$RAMPART" fim check --root "$u" --db "$tmp/nobody/u.db" \
		--show-passed --format json >"$ev/fim-unreadable.json"
	# an entry that could not be verified leaves the check incomplete
	code_is "check with an unreadable file" $? 3
	expect "$ev/fim-unreadable.json" '"rule":"host/fim-file-changed","status":"error".*"object":"/etc/secret".*"could not be checked: cannot open: permission denied"'
	reject "$ev/fim-unreadable.json" '"status":"fail"'
else
	echo "note: unreadable-file case needs a real root with setpriv; skipped"
fi

[ $fail -eq 0 ] && echo "fim: all cases pass"
exit $fail
