#!/bin/sh
# test-k8s-secret-redaction.sh - Secret values never reach a report.
#
# Scans Secrets whose values come in shapes other rules might quote (a
# number, a YAML 1.1 boolean, a duplicate key, List items, a token Secret)
# with every Kubernetes rule at elevated level, in every output format, and
# fails if any value, plain or base64, appears in any output.  The JSON
# result is kept as evidence.
#
# SPDX-License-Identifier: MIT
set -u
RAMPART=${RAMPART:?}
TOP=${TOP:?}
fixture=$TOP/tests/fixtures/k8s/secret-redaction
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

for fmt in text json sarif junit; do
	"$RAMPART" k8s scan --level elevated --only 'k8s/*' --format "$fmt" \
	    "$fixture" >"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
	code=$?
	if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
		echo "format $fmt: exit $code"
		cat "$tmp/err.$fmt"
		fail=1
	fi
	# the values, and the base64 forms of those stored under data:
	for v in MARKER TUFSS0VSL 7318290455; do
		if grep -n "$v" "$tmp/out.$fmt" "$tmp/err.$fmt"; then
			echo "format $fmt: a Secret value ($v...) is in the output"
			fail=1
		fi
	done
done
# the key names are reported, so the test would notice a silent scan
for k in password api-key token; do
	if ! grep -q "$k" "$tmp/out.text"; then
		echo "key name $k missing from the text report"
		fail=1
	fi
done
cp "$tmp/out.json" "$TOP/build/evidence/k8s-secret-redaction.json"
exit $fail
