#!/bin/sh
# test-html-report.sh - the HTML report in a real browser (Debian's
# headless Chromium): the page renders offline, the summary chart, the four
# framework scorecards and every finding are in the DOM with the counts of
# the JSON result of the same run, the filter script hides the rows a URL
# fragment filters out, and hostile strings from the configuration stay
# text (the only script element is the page's own).
#
# SPDX-License-Identifier: MIT
set -u
RAMPART=${RAMPART:-./rampart}
CHROMIUM=${CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
	echo "chromium is not installed (apt-get install chromium)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1780000000
F=tests/fixtures/core
fail=0

# One run, two formats: the JSON result is the oracle for the page.
"$RAMPART" k8s scan --config $F/hostile.yaml -f json -o "$tmp/r.json" \
	-f html -o "$tmp/r.html" $F/broken.yaml $F/configmap.yaml "$F/odd <&> 'name' é.yaml"
code=$?
if [ "$code" -ne 3 ]; then
	echo "k8s scan exited $code, expected 3 (parse errors)"
	exit 1
fi
cp "$tmp/r.json" build/evidence/html-report-result.json

# The file references nothing: no src/href attributes, and a CSP that
# forbids every other source.
if grep -Eq '(src|href)=' "$tmp/r.html"; then
	echo "the page references another resource"
	fail=1
fi
grep -q "default-src 'none'" "$tmp/r.html" || {
	echo "no Content-Security-Policy"
	fail=1
}

dump() {
	# $1 = fragment, $2 = output file
	prof=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-default-apps --disable-extensions --disable-sync \
		--no-first-run --no-default-browser-check \
		--user-data-dir="$prof" \
		--dump-dom "file://$tmp/r.html$1" >"$2" 2>"$2.err"
}
dump "" "$tmp/all.dom" || {
	echo "chromium failed:"
	tail -n 20 "$tmp/all.dom.err"
	exit 1
}
dump "#severity=info&status=fail" "$tmp/info.dom" || exit 1
dump "#q=waiver%20for" "$tmp/text.dom" || exit 1

python3 - "$tmp" <<'EOF' || fail=1
import json, sys
from html.parser import HTMLParser

tmp = sys.argv[1]
result = json.load(open(tmp + "/r.json"))


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = 0
        self.rows = []          # (attrs, hidden) of the findings table
        self.cards = {}         # framework -> {status: count}
        self.chart = {}         # class -> data-count
        self.shown = None
        self.stack = []
        self.card = None
        self.status = None
        self.in_findings = False
        self.in_shown = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "section":
            self.in_findings = a.get("id") == "findings"
        if tag == "div" and "data-framework" in a:
            self.card = a["data-framework"]
            self.cards[self.card] = {}
        if tag == "b" and "data-status" in a and self.card:
            self.status = a["data-status"]
        if tag == "g" and "data-count" in a:
            self.chart[a.get("class")] = int(a["data-count"])
        if tag == "tr" and self.in_findings and "data-status" in a:
            self.rows.append((a, "hidden" in a))
        if tag == "span" and a.get("id") == "shown":
            self.in_shown = True

    def handle_data(self, data):
        if self.status is not None:
            self.cards[self.card][self.status] = int(data)
            self.status = None
        if self.in_shown:
            self.shown = int(data)
            self.in_shown = False


def parse(name):
    d = Dom()
    d.feed(open(tmp + "/" + name, encoding="utf-8").read())
    return d


errors = []
dom = parse("all.dom")
if dom.scripts != 1:
    errors.append("%d script elements: a hostile string became markup"
                  % dom.scripts)
if len(dom.rows) != len(result["findings"]):
    errors.append("%d rows for %d findings" % (len(dom.rows),
                                              len(result["findings"])))
if dom.shown != len(result["findings"]) or any(h for _, h in dom.rows):
    errors.append("unfiltered page hides rows (shown %s)" % dom.shown)
for fw in result["frameworks"]:
    card = dom.cards.get(fw["key"])
    if card is None:
        errors.append("no scorecard for %s" % fw["key"])
        continue
    for status in ("fail", "pass", "manual", "error"):
        if card.get(status) != fw["summary"][status]:
            errors.append("%s card: %s %s, result says %s" % (
                fw["key"], status, card.get(status), fw["summary"][status]))
    if card.get("not-assessed") != fw["summary"]["not_assessed"]:
        errors.append("%s card: not-assessed differs" % fw["key"])
s = result["summary"]
for cls, want in (("error", s["error"]), ("waived", s["waived"]),
                  ("pass", s["pass"]), ("manual", s["manual"])):
    if dom.chart.get(cls) != want:
        errors.append("chart %s = %s, result says %d" %
                      (cls, dom.chart.get(cls), want))
by_sev = sum(1 for f in result["findings"] if f["status"] == "fail" and
             (f["waiver"] is None or f["waiver"]["state"] != "applied") and
             f["severity"] == "info")
if dom.chart.get("info") != by_sev:
    errors.append("chart info = %s, result has %d" %
                  (dom.chart.get("info"), by_sev))
text = open(tmp + "/all.dom", encoding="utf-8").read()
for needle in ("&lt;script&gt;alert(1)&lt;/script&gt;",
               "odd &lt;&amp;&gt; 'name' é.yaml"):
    if needle not in text:
        errors.append("escaped text %r missing" % needle)

info = parse("info.dom")
want = sum(1 for f in result["findings"] if f["severity"] == "info" and
           f["status"] == "fail")
visible = [a for a, h in info.rows if not h]
if info.shown != want or len(visible) != want or \
        any(a["data-severity"] != "info" or a["data-status"] != "fail"
            for a in visible):
    errors.append("#severity=info&status=fail shows %s rows, want %d" %
                  (info.shown, want))
txt = parse("text.dom")
want = sum(1 for f in result["findings"] if (f["subject"]["object"] or "")
           .startswith("waiver for"))
if txt.shown != want:
    errors.append("#q=waiver for shows %s rows, want %d" % (txt.shown, want))

for e in errors:
    print("FAIL " + e)
print("html report: %d findings, %d cards, %d checks failed" %
      (len(dom.rows), len(dom.cards), len(errors)))
sys.exit(1 if errors else 0)
EOF

# A screenshot for people reviewing CI artefacts.
prof=$(mktemp -d "$tmp/profile.XXXXXX")
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	--disable-background-networking --no-first-run \
	--user-data-dir="$prof" --window-size=1300,1600 --hide-scrollbars \
	--screenshot=build/evidence/html-report.png "file://$tmp/r.html" \
	>/dev/null 2>&1
if [ ! -s build/evidence/html-report.png ]; then
	echo "no screenshot"
	fail=1
fi
exit $fail
