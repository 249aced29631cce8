#!/bin/sh
# run.sh - file-integrity baseline and check: rampart against AIDE.
#
# In one run, on the same tree (BENCH_TREE, default /usr) and with the same
# single digest (SHA-256) and the same number of worker threads, measures
# wall-clock and CPU time (user + system, from /usr/bin/time) of
#
#   rampart fim init  --root / --db F --workers N TREE
#   aide --init       (aide.conf: database_out, num_workers N, TREE with
#                      p+ftype+i+n+u+g+s+m+l+sha256, nothing else)
#   rampart fim check --root / --db F --workers N TREE
#   aide --check      (the same aide.conf, database_in = the new database)
#
# and prints each figure and the ratio AIDE / rampart (above 1: rampart is
# faster).  Every run starts with a warm page cache (one untimed read of the
# tree first), so the figures compare hashing and bookkeeping, not the disk.
# Debian's default aide.conf computes every compiled-in hash; it is not used.
#
# Environment: BENCH_TREE=DIR (default /usr), BENCH_WORKERS=N (default:
# online CPUs).  Needs aide (Debian package aide) and GNU time (time).
#
# SPDX-License-Identifier: MIT
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
RAMPART=${RAMPART:-$top/rampart}
TREE=${BENCH_TREE:-/usr}
WORKERS=${BENCH_WORKERS:-$(nproc)}
AIDE=${AIDE:-$(command -v aide || echo /usr/bin/aide)}
if [ ! -x "$RAMPART" ]; then
	echo "bench/fim: $RAMPART is missing; run make" >&2
	exit 1
fi
if [ ! -x "$AIDE" ]; then
	echo "bench/fim: aide is missing (apt-get install aide)" >&2
	exit 1
fi
if [ ! -x /usr/bin/time ]; then
	echo "bench/fim: GNU time is missing (apt-get install time)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >"$tmp/aide.conf" <<EOF
database_in=file:$tmp/aide.db
database_out=file:$tmp/aide.db.new
gzip_dbout=no
num_workers=$WORKERS
report_url=file:$tmp/aide.report
Bench = p+ftype+i+n+u+g+s+m+l+sha256
$TREE Bench
EOF
"$AIDE" --config-check --config "$tmp/aide.conf" >/dev/null

# measure NAME CMD...: run CMD under GNU time, keep "wall cpu" in $tmp/NAME
measure() {
	name=$1
	shift
	rc=0
	/usr/bin/time -f '%e %U %S' -o "$tmp/$name.time" "$@" \
		>"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
	# init must succeed; a check of an unchanged tree must find nothing
	if [ $rc -ne 0 ]; then
		echo "bench/fim: $name exited $rc:" >&2
		tail -n 5 "$tmp/$name.err" "$tmp/$name.out" >&2
	fi
	awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/$name.time" \
		| tail -n 1 >"$tmp/$name"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'
}

find "$TREE" -xdev -type f -exec cat {} + >/dev/null 2>&1 || :
entries=$(find "$TREE" -xdev 2>/dev/null | wc -l)
bytes=$(du -sxb "$TREE" 2>/dev/null | cut -f1)

measure rampart-init "$RAMPART" fim init --root / --db "$tmp/rampart.db" \
	--workers "$WORKERS" "$TREE"
measure aide-init "$AIDE" --init --config "$tmp/aide.conf"
mv "$tmp/aide.db.new" "$tmp/aide.db"
measure rampart-check "$RAMPART" fim check --root / --db "$tmp/rampart.db" \
	--workers "$WORKERS" -q "$TREE"
measure aide-check "$AIDE" --check --config "$tmp/aide.conf"

set -- $(cat "$tmp/rampart-init") $(cat "$tmp/aide-init")
ri_w=$1 ri_c=$2 ai_w=$3 ai_c=$4
set -- $(cat "$tmp/rampart-check") $(cat "$tmp/aide-check")
rc_w=$1 rc_c=$2 ac_w=$3 ac_c=$4

echo "bench/fim: tree $TREE, $entries entries, $bytes bytes, sha256, $WORKERS workers"
echo "           $(sed -n 's/^rampart: //p' "$tmp/rampart-init.err")"
echo "           $("$AIDE" --version 2>&1 | head -n 1)"
printf '%-12s %10s %10s %10s %10s %8s %8s\n' step rampart-wall aide-wall \
	rampart-cpu aide-cpu wall-x cpu-x
printf '%-12s %10ss %10ss %10ss %10ss %8s %8s\n' init "$ri_w" "$ai_w" \
	"$ri_c" "$ai_c" "$(ratio "$ai_w" "$ri_w")" "$(ratio "$ai_c" "$ri_c")"
printf '%-12s %10ss %10ss %10ss %10ss %8s %8s\n' check "$rc_w" "$ac_w" \
	"$rc_c" "$ac_c" "$(ratio "$ac_w" "$rc_w")" "$(ratio "$ac_c" "$rc_c")"
echo "(x = AIDE time / rampart time; above 1 means rampart is faster)"
