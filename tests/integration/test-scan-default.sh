#!/bin/sh
# test-scan-default.sh - `rampart scan PATH...` audits this machine and the
# manifests in one result (the README's first command), and skipping
# the host and OpenStack rules leaves the host out.
#
# The live host's findings differ from machine to machine, so this test
# checks the shape of the result, not its findings: a host target with
# scope "/" whose files were read, the k8s target of the examples, and host
# rules that were evaluated.
#
# SPDX-License-Identifier: MIT
set -u
: "${RAMPART:?}" "${TOP:?}"
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
# Not under build/evidence: live findings must not count for catalog-check.
out=$TOP/build/scan-default.json
cd "$TOP" || exit 1
"$RAMPART" scan --format json -o "$out" examples/
rc=$?
[ $rc -le 1 ] || { echo "FAIL: rampart scan examples/ exited $rc"; exit 1; }
python3 - "$out" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["target"]: x for x in d["targets"]}
assert "host" in t and t["host"]["scope"] == "/", d["targets"]
assert t["host"]["counts"].get("files", 0) > 0, t["host"]
assert "k8s" in t and t["k8s"]["scope"] == "examples/", d["targets"]
host = [r for r in d["rules"] if r["id"].startswith("host/")
        and r["pass"] + r["fail"] + r["manual"] + r["error"] > 0]
k8s = [r for r in d["rules"] if r["id"].startswith("k8s/")]
assert len(host) >= 10, "only %d host rules evaluated" % len(host)
assert k8s, "no k8s rule evaluated"
print("ok   scan examples/: host / (%d files, %d host rules evaluated) and k8s examples/"
      % (t["host"]["counts"]["files"], len(host)))
PY
"$RAMPART" scan --skip 'host/*' --skip 'openstack/*' --format json -o "$TOP/build/scan-nohost.json" examples/
python3 - "$TOP/build/scan-nohost.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["target"] for x in d["targets"]] == ["k8s"], d["targets"]
print("ok   scan --skip 'host/*' --skip 'openstack/*' examples/: k8s only")
PY
rm -f "$TOP/build/scan-nohost.json" "$out"
exit 0
