#!/bin/sh
# report-validate.sh - run tests/report-validate.py with a Python that has
# jsonschema (Debian's python3-jsonschema and python3-rfc3987; see
# .ci/packages.d/reports).  The schemas it fetches need npm.
#
# SPDX-License-Identifier: MIT
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
for py in /usr/bin/python3 python3; do
	if "$py" -c 'import jsonschema, rfc3987, prometheus_client' 2>/dev/null; then
		exec "$py" "$top/tests/report-validate.py"
	fi
done
echo "report-validate: no python3 with jsonschema, rfc3987 and prometheus_client" \
	"(apt-get install python3-jsonschema python3-rfc3987 python3-prometheus-client)"
echo "0 passed, 1 failed"
exit 1
