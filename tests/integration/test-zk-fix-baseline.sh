#!/bin/sh
# test-zk-fix-baseline.sh - `rampart zk fix --profile` derives its plan
# from the component baselines that `zk scan` audits against.  A Kafka
# tree under /kafka as an unsecured cluster leaves it (world:anyone:cdrwa,
# a broker's ephemeral registration, SCRAM credentials readable by all):
#   - zk scan --profile kafka:/kafka fails baseline rules;
#   - zk fix --profile kafka:/kafka --apply; then zk scan finds no baseline
#     failure, and kazoo reads sasl:kafka:cdrwa on every persistent node;
#   - the broker's ephemeral node keeps its ACL;
#   - zk restore gives back the tree of before (kazoo dump, identical).
# The scan results are kept as evidence for tests/catalog-check.sh.
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

zk_use_superdigest super 'sd-s3cret'
zk_start_standalone || exit 1
T=$ZK_TMP
TREE="$TOP/tests/integration/zk-tree.py"
EV=$TOP/build/evidence
mkdir -p "$EV"
printf 'digest:super:sd-s3cret\n' >"$T/super.auth"

zk_py - "$ZK_SERVER" "$T/eph.ready" <<'EOF' &
import sys, time
from kazoo.client import KazooClient
from kazoo.security import ACL, Id
OPEN = [ACL(31, Id("world", "anyone"))]
zk = KazooClient(hosts=sys.argv[1], auth_data=[("digest", "super:sd-s3cret")])
zk.start()
for p in ["/kafka", "/kafka/brokers", "/kafka/brokers/ids", "/kafka/brokers/topics",
          "/kafka/brokers/topics/orders", "/kafka/config", "/kafka/config/users",
          "/kafka/config/users/alice", "/kafka/config/topics", "/kafka/admin",
          "/kafka/controller_epoch", "/kafka/cluster", "/kafka/cluster/id"]:
    zk.create(p, b"x", acl=OPEN)
zk.create("/kafka/brokers/ids/1", b"{}", acl=OPEN, ephemeral=True)
open(sys.argv[2], "w").close()
time.sleep(600)
EOF
ZK_PIDS="$ZK_PIDS $!"
i=0
while [ ! -f "$T/eph.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

dump() {
	zk_py "$TREE" dump "$ZK_SERVER" --auth super:sd-s3cret --path /kafka --raw | sort >"$1"
}
scan() {
	"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/super.auth" \
		--profile kafka:/kafka --path /kafka --format json -o "$1" >/dev/null 2>"$T/scan.err"
}
baseline_fails() {
	zk_py - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
n = 0
for f in d["findings"]:
    if f["rule"].startswith("zk/baseline-") and f["status"] == "fail":
        n += 1
        print(f["rule"], f.get("object"), file=sys.stderr)
print(n)
EOF
}
dump "$T/before"
scan "$EV/zk-fix-baseline-before.json"
nb=$(baseline_fails "$EV/zk-fix-baseline-before.json" 2>/dev/null)
[ "${nb:-0}" -gt 0 ] && ok "before: zk scan reports $nb baseline failures" ||
	bad "before: no baseline failure: $(cat "$T/scan.err")"

"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--profile kafka:/kafka >"$T/dry.out" 2>"$T/dry.err"
rc=$?
grep -q '^change	/kafka/config/users/alice	world:anyone:cdrwa -> sasl:kafka:cdrwa	' "$T/dry.out" &&
	[ $rc -eq 1 ] && ok "dry run plans the baseline ACL" || bad "dry run: rc=$rc $(cat "$T/dry.out" "$T/dry.err")"
grep -q '^skip	/kafka/brokers/ids/1	ephemeral' "$T/dry.out" && ok "broker registration skipped" ||
	bad "ephemeral not skipped"

"$RAMPART" zk fix --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--profile kafka:/kafka --apply --journal "$T/j" >"$T/apply.out" 2>"$T/apply.err"
rc=$?
[ $rc -eq 0 ] && ok "applied $(grep -c '^applied' "$T/apply.out") changes" ||
	bad "apply rc=$rc $(cat "$T/apply.err")"

scan "$EV/zk-fix-baseline-after.json"
na=$(baseline_fails "$EV/zk-fix-baseline-after.json" 2>"$T/left")
[ "${na:-1}" -eq 0 ] && ok "after: zk scan finds the baseline met" ||
	bad "after: $na baseline failures: $(cat "$T/left")"
dump "$T/after"
awk -F'\t' '$5 != "ephemeral=1" && $3 != "sasl:kafka:cdrwa"' "$T/after" >"$T/off"
[ ! -s "$T/off" ] && ok "kazoo reads sasl:kafka:cdrwa on every persistent node" ||
	bad "off baseline: $(cat "$T/off")"
grep '/kafka/brokers/ids/1	' "$T/after" | grep -q 'world:anyone:cdrwa' &&
	ok "ephemeral node untouched" || bad "ephemeral changed"

"$RAMPART" zk restore --server "$ZK_SERVER" --auth-file "$T/super.auth" \
	--journal "$T/j" >"$T/restore.out" 2>"$T/restore.err"
rc=$?
dump "$T/restored"
[ $rc -eq 0 ] && cmp -s "$T/before" "$T/restored" && ok "restore: identical tree" ||
	bad "restore rc=$rc: $(diff "$T/before" "$T/restored" | head -5)"
exit $fail
