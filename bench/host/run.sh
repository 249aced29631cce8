#!/bin/sh
# run.sh - host audit of this machine: rampart against Lynis and OpenSCAP.
#
# In one run, on the machine it runs on, measures the wall-clock time of
#
#   rampart host scan --format json          (every host check of the catalog)
#   lynis audit system --quick               (Lynis 3.0.x, all its tests)
#   oscap xccdf eval --profile P DS          (OpenSCAP with the SCAP Security
#                                             Guide content of ssg-debian or
#                                             ssg-debderived)
#
# and prints each time, the ratio of each peer's time to rampart's, and how
# many checks each tool performed:
#   rampart: rules evaluated (a verdict other than not-applicable) and
#            findings (objects judged: pass + fail + manual + error)
#   lynis:   tests performed (tests_executed of its report file)
#   oscap:   rules evaluated (rule-results other than notselected and
#            notapplicable) out of the rules of the profile
#
# The tools do different amounts of work (Lynis and OpenSCAP run hundreds of
# shell probes and OVAL tests; rampart reads files and /proc directly), so
# the ratios compare the cost of one full audit, not of one check.  Each
# tool runs once (Lynis takes minutes).  Needs root for a complete audit
# (the peers skip or fail tests otherwise).
#
# Environment: BENCH_QUICK=1 skips OpenSCAP; SSG_DS=FILE and SSG_PROFILE=ID
# choose the content (default: ssg-debian12, debian11, then the newest
# Ubuntu data stream, profile "standard").
#
# SPDX-License-Identifier: MIT
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
RAMPART=${RAMPART:-$top/rampart}
if [ ! -x "$RAMPART" ]; then
	echo "bench/host: $RAMPART is missing; run make" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# now: wall-clock seconds with nanoseconds
now() { date +%s.%N; }
# secs START END
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# ratio PEER RAMPART
ratio() { awk -v p="$1" -v r="$2" 'BEGIN { if (r > 0) printf "%.0fx", p / r; else print "-" }'; }

echo "bench/host: $(uname -sr), $(nproc) CPUs, $(. /etc/os-release && echo "$PRETTY_NAME"), uid $(id -u)"

# rampart
t0=$(now)
rc=0
"$RAMPART" host scan --format json -o "$tmp/rampart.json" 2>"$tmp/rampart.err" || rc=$?
t1=$(now)
if [ $rc -gt 2 ]; then
	echo "bench/host: rampart host scan failed (exit $rc):" >&2
	cat "$tmp/rampart.err" >&2
	exit 1
fi
r_time=$(secs "$t0" "$t1")
# rule tallies: {"id":"...","pass":P,"fail":F,"not_applicable":N,"error":E,"manual":M,...}
r_counts=$(sed 's/},{/}\n{/g' "$tmp/rampart.json" |
	sed -n 's/.*{"id":"[^"]*","pass":\([0-9]*\),"fail":\([0-9]*\),"not_applicable":\([0-9]*\),"error":\([0-9]*\),"manual":\([0-9]*\).*/\1 \2 \3 \4 \5/p' |
	awk '{ n++; f += $1 + $2 + $4 + $5; if ($1 + $2 + $4 + $5 > 0) e++ }
	     END { printf "%d %d %d", n, e, f }')
set -- $r_counts
r_rules=$1 r_eval=$2 r_findings=$3
echo "rampart host scan:        ${r_time} s  $r_eval of $r_rules rules evaluated, $r_findings findings (pass+fail+manual+error)"

# Lynis
l_time=- l_tests=- l_ratio=-
if command -v lynis >/dev/null 2>&1; then
	t0=$(now)
	rc=0
	lynis audit system --quick --no-colors --logfile "$tmp/lynis.log" \
	    --report-file "$tmp/lynis-report.dat" >"$tmp/lynis.out" 2>&1 || rc=$?
	t1=$(now)
	if [ -s "$tmp/lynis-report.dat" ]; then
		l_time=$(secs "$t0" "$t1")
		l_tests=$(sed -n 's/^tests_executed=//p' "$tmp/lynis-report.dat" |
			tr '|' '\n' | grep -c .) || true
		l_ratio=$(ratio "$l_time" "$r_time")
		echo "lynis audit system --quick: ${l_time} s  $l_tests tests performed ($(lynis --version))"
	else
		echo "lynis: no report (exit $rc); last lines:"
		tail -n 5 "$tmp/lynis.out"
	fi
else
	echo "lynis: not installed (Debian package lynis)"
fi

# OpenSCAP
o_time=- o_rules=- o_ratio=-
if [ "${BENCH_QUICK:-}" = 1 ]; then
	echo "oscap: skipped (BENCH_QUICK=1)"
elif ! command -v oscap >/dev/null 2>&1; then
	echo "oscap: not installed (Debian package openscap-scanner)"
else
	ds=${SSG_DS:-}
	if [ -z "$ds" ]; then
		c=/usr/share/xml/scap/ssg/content
		for f in "$c/ssg-debian12-ds.xml" "$c/ssg-debian11-ds.xml" \
		    $(ls -r "$c"/ssg-ubuntu*-ds.xml 2>/dev/null | grep -v 'ds-1'); do
			if [ -f "$f" ]; then
				ds=$f
				break
			fi
		done
	fi
	profile=${SSG_PROFILE:-xccdf_org.ssgproject.content_profile_standard}
	if [ -z "$ds" ] || [ ! -f "$ds" ]; then
		echo "oscap: no SCAP Security Guide data stream (packages ssg-debian, ssg-debderived)"
	else
		t0=$(now)
		rc=0
		oscap xccdf eval --profile "$profile" --results "$tmp/oscap.xml" \
		    "$ds" >"$tmp/oscap.out" 2>&1 || rc=$?
		t1=$(now)
		# exit 2 means "some rule failed", which is a complete run
		if [ -s "$tmp/oscap.xml" ]; then
			o_time=$(secs "$t0" "$t1")
			grep -o '<rule-result [^>]*>\|<result>[a-z]*</result>' "$tmp/oscap.xml" |
				sed -n 's/<result>\([a-z]*\)<\/result>/\1/p' >"$tmp/oscap.res"
			o_sel=$(grep -vc '^notselected$' "$tmp/oscap.res") || true
			o_rules=$(grep -vc '^\(notselected\|notapplicable\)$' "$tmp/oscap.res") || true
			o_ratio=$(ratio "$o_time" "$r_time")
			echo "oscap xccdf eval:         ${o_time} s  $o_rules of $o_sel selected rules evaluated ($(basename "$ds"), $(echo "$profile" | sed 's/.*_profile_//'))"
		else
			echo "oscap: no results (exit $rc); last lines:"
			tail -n 5 "$tmp/oscap.out"
		fi
	fi
fi

echo
echo "tool      wall s    checks   time vs rampart"
printf '%-8s %8s %8s   %s\n' rampart "$r_time" "$r_eval" 1x
printf '%-8s %8s %8s   %s\n' lynis "$l_time" "$l_tests" "$l_ratio"
printf '%-8s %8s %8s   %s\n' oscap "$o_time" "$o_rules" "$o_ratio"
