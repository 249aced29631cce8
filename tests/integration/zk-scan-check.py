#!/usr/bin/python3
# zk-scan-check.py - assertions on a `rampart zk scan --format json` result,
# cross-checked against the ACLs kazoo read from the same server.
#
#   zk-scan-check.py RESULT.json [--acls KAZOO.json] EXPECT...
#
# EXPECT is one of
#   fail:RULE:PATH      RULE failed on PATH
#   nofail:RULE:PATH    RULE did not fail on PATH
#   nofail:RULE:*       RULE failed nowhere ("zk/baseline-*" globs the rule)
#   pass:RULE           RULE passed at least once (rule tallies)
#   detail:RULE:PATH:TEXT  the failing finding's detail contains TEXT
#   absent:TEXT         TEXT appears nowhere in the result (secrets)
# With --acls, every failing finding whose evidence is an ACL must show
# exactly the ACL kazoo read for that path, and the sets of paths failing
# zk/acl-world-admin and zk/acl-world-write must equal the paths kazoo
# shows with world:anyone holding a, or w/c/d.
#
# SPDX-License-Identifier: MIT
import fnmatch
import json
import sys

ACL_RULES = {"zk/acl-world-admin", "zk/acl-world-write", "zk/acl-no-admin",
             "zk/acl-sasl-unmatchable", "zk/baseline-acl-too-open",
             "zk/baseline-sensitive-readable",
             "zk/baseline-acl-missing-principal",
             "zk/baseline-acl-extra-identity"}


def world_perms(acl_text):
    p = ""
    for ent in acl_text.split(","):
        if ent.startswith("world:anyone:"):
            p += ent.rsplit(":", 1)[1]
    return p


def main():
    args = sys.argv[1:]
    kazoo = None
    if "--acls" in args:
        i = args.index("--acls")
        kazoo = json.load(open(args[i + 1]))
        del args[i:i + 2]
    res = json.load(open(args[0]))
    raw = open(args[0]).read()
    fails = [f for f in res["findings"] if f["status"] == "fail"]
    tallies = {r["id"]: r for r in res["rules"]}
    bad = 0

    def failing(rule, path):
        return [f for f in fails if fnmatch.fnmatch(f["rule"], rule) and
                (path == "*" or f["subject"]["object"] == path)]

    for e in args[1:]:
        kind, rest = e.split(":", 1)
        ok = False
        if kind == "fail":
            rule, path = rest.split(":", 1)
            ok = bool(failing(rule, path))
        elif kind == "nofail":
            rule, path = rest.split(":", 1)
            hits = failing(rule, path)
            ok = not hits
            if hits:
                print("  unexpected: %s" % json.dumps(hits[0])[:400])
        elif kind == "pass":
            ok = tallies.get(rest, {}).get("pass", 0) > 0
        elif kind == "detail":
            rule, path, text = rest.split(":", 2)
            ok = any(text in ((f["subject"]["path"] or "") + " " +
                              f["message"]) for f in failing(rule, path))
        elif kind == "absent":
            ok = rest not in raw
        print("%s: %s" % ("ok" if ok else "FAIL", e))
        bad += not ok
    if kazoo is not None:
        n = 0
        for f in fails:
            if f["rule"] in ACL_RULES:
                p = f["subject"]["object"]
                if kazoo.get(p) != f["evidence"]:
                    print("FAIL: %s %s: rampart read %r, kazoo %r" % (
                        f["rule"], p, f["evidence"], kazoo.get(p)))
                    bad += 1
                n += 1
        for rule, letters in (("zk/acl-world-admin", "a"),
                              ("zk/acl-world-write", "wcd")):
            want = {p for p, a in kazoo.items()
                    if any(ch in world_perms(a) for ch in letters)}
            got = {f["subject"]["object"] for f in failing(rule, "*")}
            if want != got:
                print("FAIL: %s: kazoo %s, rampart %s" % (
                    rule, sorted(want - got), sorted(got - want)))
                bad += 1
            else:
                print("ok: %s on exactly the %d paths kazoo shows" % (
                    rule, len(want)))
        print("ok: %d ACL evidences compared with kazoo" % n)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
