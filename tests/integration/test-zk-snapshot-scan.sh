#!/bin/sh
# test-zk-snapshot-scan.sh - the offline audit (`rampart zk scan --snapshot`)
# of files written by a real ZooKeeper 3.8 gives the same findings as the
# live scan of the same tree.
#
# The tree mixes the generic test tree (open, read-only, ip, digest-only,
# admin-only nodes), component layouts in open and secure form (so the
# baselines fire and pass) and, after a restart, changes that live only in
# the transaction log (setACL, deletes, multi, container, TTL).  The live
# scan runs as the digest super user before the server stops; the offline
# scan reads the data directory afterwards.  Everything of the JSON result
# except run metadata (times, the target's scope) must be equal: findings,
# per-rule pass counts, summary, coverage.
#
# The profiles are named (--profile): with marker detection alone the
# audit engine judges a node seen before its component's marker
# differently from one seen after, and the live walk and the snapshot do
# not visit nodes in the same order.
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

T=$ZK_TMP
EVID=$TOP/build/evidence
mkdir -p "$EVID"
TREE="$TOP/tests/integration/zk-tree.py"
zk_use_superdigest super 'sup3r-s3cret'
SUPER=super:sup3r-s3cret
ZK_JVMFLAGS="$ZK_JVMFLAGS -Dzookeeper.snapCount=300 -Dzookeeper.extendedTypesEnabled=true"
zk_start_standalone || exit 1
DATA=$T/s1/data

zk_py "$TREE" build "$ZK_SERVER" 1500 --auth "$SUPER" || exit 1
zk_py "$TREE" layout "$ZK_SERVER" open kafka hbase solr --auth "$SUPER" || exit 1
zk_py "$TREE" layout "$ZK_SERVER" secure zookeeper hdfs yarn storm --auth "$SUPER" || exit 1
# From here on the changes are in the log only (one snapshot at start-up).
zk_kill 1
ZK_JVMFLAGS="$ZK_JVMFLAGS -Dzookeeper.snapCount=1000000"
zk_restart 1
zk_wait_ready "$ZK_PORT" 60 || exit 1
zk_py "$TREE" mutate "$ZK_SERVER" --auth "$SUPER" --tag 1 || exit 1
zk_py "$TREE" layout "$ZK_SERVER" secure kafka --auth "$SUPER" || exit 1

PROFILES=kafka,hbase,solr,zookeeper,hdfs,yarn,storm
"$RAMPART" zk scan --server "$ZK_SERVER" --auth "digest:$SUPER" --format json \
	--profile "$PROFILES" \
	-o "$T/live.json" -q 2>"$T/live.err"
rc=$?
[ $rc -le 1 ] || bad "live scan: rc=$rc $(cat "$T/live.err")"
zk_kill 1

"$RAMPART" zk scan --snapshot "$DATA" --plaintext-clients true --format json \
	--profile "$PROFILES" \
	-o "$T/offline.json" 2>"$T/offline.err"
rc=$?
[ $rc -le 1 ] || bad "offline scan: rc=$rc $(cat "$T/offline.err")"
grep -q 'transactions replayed' "$T/offline.err" &&
	ok "offline: $(cat "$T/offline.err")" || bad "offline: $(cat "$T/offline.err")"

# compare.py LIVE OFFLINE: equal apart from run metadata.
cat >"$T/compare.py" <<'PY'
import json, sys
live, off = (json.load(open(p)) for p in sys.argv[1:3])
def norm(d):
    d = dict(d)
    for k in ("started", "finished", "targets"):
        d.pop(k, None)
    d["findings"] = sorted(json.dumps(f, sort_keys=True) for f in d["findings"])
    return d
a, b = norm(live), norm(off)
bad = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
for k in bad:
    if k == "findings":
        la, lb = set(a[k]), set(b[k])
        for f in sorted(la - lb)[:5]:
            print("only live:   " + f)
        for f in sorted(lb - la)[:5]:
            print("only offline:" + f)
    else:
        print("%s differs: %s / %s" % (k, a.get(k), b.get(k)))
nf = len(a["findings"])
rules = sorted({json.loads(f)["rule"] for f in a["findings"]})
print("%d findings, %d pass, rules: %s" % (nf, a["summary"]["pass"], " ".join(rules)))
sys.exit(1 if bad else 0)
PY
if python3 "$T/compare.py" "$T/live.json" "$T/offline.json" >"$T/cmp" 2>&1; then
	ok "offline audit equals the live scan: $(tail -n 1 "$T/cmp")"
else
	bad "offline audit differs from the live scan:"
	cat "$T/cmp"
fi
grep -q '"zk/acl-world-admin"' "$T/offline.json" || bad "no zk/acl-world-admin finding offline"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(f["rule"].startswith("zk/") and f["rule"].count("/")>1 or "baseline" in f["rule"] for f in d["findings"]) else 1)' \
	"$T/offline.json" || echo "note: no component baseline finding in the offline result"
hash=$(zk_digest alice alice-pw | cut -d: -f2)
grep -qF "$hash" "$T/offline.json" && bad "digest hash in the offline result"

# A damaged log is a gap in the offline result, not a silent stale audit.
rm -rf "$T/bad"
cp -r "$DATA" "$T/bad"
newest_log=$(ls "$T/bad/version-2" | grep '^log\.' | while read -r f; do
	printf '%d %s\n' "0x${f#log.}" "$f"; done | sort -n | tail -n 1 | cut -d' ' -f2)
python3 - "$T/bad/version-2/$newest_log" <<'EOF'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
off = 16
crc, n = struct.unpack(">qi", b[off:off + 12])
b[off + 12 + n // 2] ^= 0xFF
open(p, "wb").write(b)
EOF
"$RAMPART" zk scan --snapshot "$T/bad" --format json -o "$T/bad.json" 2>"$T/bad.err"
rc=$?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); g=d["coverage"]["gaps"]; print(g); sys.exit(0 if not d["coverage"]["complete"] and any("damaged" in x.get("reason", json.dumps(x)) for x in g) else 1)' \
	"$T/bad.json" >"$T/gap" 2>&1 && [ $rc -eq 3 ] &&
	ok "damaged log: incomplete scan, rc=$rc: $(cat "$T/gap")" ||
	bad "damaged log: rc=$rc $(cat "$T/gap") $(cat "$T/bad.err")"

cp "$T/offline.json" "$EVID/zk-snapshot-scan-offline.json"
cp "$T/live.json" "$EVID/zk-snapshot-scan-live.json"
exit $fail
