#!/bin/sh
# test-zk-client-hostile.sh - replies a real ZooKeeper never sends
# (oversized and negative lengths, negative and huge counts, truncated
# frames, wrong xids, garbage after the handshake, null strings, a child
# name with a slash, a silent server) from a scripted fake server: each
# must end as a clear error naming the server, never a crash or a hang.
#
# SPDX-License-Identifier: MIT
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
RAMPART=${RAMPART:-$TOP/rampart}
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "skip: python3 missing"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/rampart-zkfake.XXXXXX")
fake=
trap '[ -n "$fake" ] && kill $fake 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
fail=0

# scenario, expected pattern in the error message
while IFS='|' read -r scenario want; do
	[ -n "$scenario" ] || continue
	rm -f "$T/port"
	"$PY" "$TOP/tests/integration/zk-fake-server.py" "$scenario" "$T/port" &
	fake=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	port=$(cat "$T/port")
	timeout 30 "$RAMPART" zk walk --server "127.0.0.1:$port" \
		--session-timeout 3000 --connect-timeout 3000 -q \
		>"$T/out" 2>"$T/err"
	rc=$?
	wait $fake 2>/dev/null
	fake=
	msg=$(cat "$T/err")
	if [ $rc -eq 3 ] && echo "$msg" | grep -q "127.0.0.1:$port" &&
	    echo "$msg" | grep -qE "$want"; then
		echo "ok: $scenario: $msg"
	else
		echo "FAIL: $scenario: exit $rc, want /$want/: $msg"
		fail=1
	fi
done <<'EOF'
huge-frame|frame length 2147483632 is over the limit
negative-frame|frame length -20 is negative
negative-acl-count|ACL count -3 is negative
huge-acl-count|ACL count 2147483647 is over the limit
null-acl|ACL scheme is null
truncated-frame|closed the connection
wrong-xid|reply xid 1001 out of order
garbage-after-handshake|reply with xid .* but no request is outstanding|frame ends|shorter than 16 bytes
short-handshake|ConnectResponse
slash-child|child name 1 is empty or holds a '/'
silent|no reply from the server|every connection lost|no answer
EOF
exit $fail
