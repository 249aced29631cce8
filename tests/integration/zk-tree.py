#!/usr/bin/python3
# zk-tree.py - build test trees with kazoo, and walk them with kazoo as the
# reference client that rampart's own client is compared with.
#
#   zk-tree.py build HOSTS COUNT [--auth USER:PASS] [--root /rt]
#       create about COUNT znodes under ROOT with a mix of ACLs: open,
#       read-only, sasl, ip, digest-only (unreadable to others) and
#       admin-only (ACL readable, children not listable)
#   zk-tree.py dump HOSTS [--auth USER:PASS] [--path P]
#       walk like `rampart zk walk` and print the same lines (digest
#       hashes masked the same way), for a sorted diff; --raw prints
#       digest ids unmasked and leaves out the ACL version, to compare a
#       tree before and after a fix and restore
#
# SPDX-License-Identifier: MIT
import argparse
import base64
import hashlib
import sys

from kazoo.client import KazooClient
from kazoo.exceptions import NoAuthError, NoNodeError, NodeExistsError
from kazoo.security import ACL, Id


def digest_id(user, password):
    h = hashlib.sha1(("%s:%s" % (user, password)).encode()).digest()
    return "%s:%s" % (user, base64.b64encode(h).decode())


PERM_BITS = [(4, "c"), (8, "d"), (1, "r"), (2, "w"), (16, "a")]


def perms(p):
    return "".join(ch for bit, ch in PERM_BITS if p & bit)


def acl_text(a, raw=False):
    scheme, ident = a.id.scheme, a.id.id
    if not raw and scheme == "digest" and ":" in ident and ident.split(":", 1)[1] != "x":
        ident = ident.split(":", 1)[0] + ":<masked>"
    return "%s:%s:%s" % (scheme, ident, perms(a.perms))


ALICE = digest_id("alice", "alice-pw")

# (name, acl list): the ACL kinds the test tree mixes.
KINDS = [
    ("open", [ACL(31, Id("world", "anyone"))]),
    ("readonly", [ACL(1, Id("world", "anyone")), ACL(31, Id("digest", ALICE))]),
    ("kafka", [ACL(31, Id("sasl", "kafka")), ACL(1, Id("world", "anyone"))]),
    ("ip", [ACL(31, Id("ip", "127.0.0.1"))]),
    ("open2", [ACL(31, Id("world", "anyone"))]),
    ("locked", [ACL(31, Id("digest", ALICE))]),
    ("adminonly", [ACL(16, Id("world", "anyone")), ACL(31, Id("digest", ALICE))]),
    ("open3", [ACL(15, Id("world", "anyone")), ACL(16, Id("digest", ALICE))]),
]


def client(hosts, auth):
    data = [("digest", auth)] if auth else []
    zk = KazooClient(hosts=hosts, auth_data=data, timeout=30)
    zk.start(timeout=30)
    return zk


def build(args):
    zk = client(args.hosts, args.auth)
    root = args.root
    try:
        zk.create(root, b"", acl=KINDS[0][1])
    except NodeExistsError:
        pass
    made = 1
    level = [root]
    fanout = 8
    idx = 0
    while made < args.count and level:
        nxt = []
        pending = []
        for parent in level:
            for i in range(fanout):
                if made >= args.count:
                    break
                kind, acl = KINDS[idx % len(KINDS)]
                idx += 1
                path = "%s/%s-%d" % (parent, kind, i)
                data = ("data of %s" % path).encode() if idx % 3 else b""
                pending.append(zk.create_async(path, data, acl=acl))
                nxt.append(path)
                made += 1
            if len(pending) > 500:
                for p in pending:
                    p.get(timeout=60)
                pending = []
        for p in pending:
            p.get(timeout=60)
        level = nxt
    zk.stop()
    zk.close()
    print("created %d znodes under %s" % (made, root), file=sys.stderr)


def dump(args):
    zk = client(args.hosts, args.auth)
    out = []
    stack = [args.path]
    while stack:
        path = stack.pop()
        try:
            acls, st = zk.get_acls(path)
        except NoNodeError:
            out.append("vanished\t%s\tNONODE" % path)
            continue
        except NoAuthError:
            out.append("unreadable\t%s\tNOAUTH" % path)
            continue
        if args.raw:
            out.append("node\t%s\t%s\tchildren=%d\tephemeral=%d" % (
                path, ",".join(sorted(acl_text(a, True) for a in acls)),
                st.numChildren, st.ephemeralOwner != 0))
        else:
            out.append("node\t%s\t%s\taversion=%d\tchildren=%d\tephemeral=0x%x" % (
                path, ",".join(acl_text(a) for a in acls), st.aversion,
                st.numChildren, st.ephemeralOwner & 0xFFFFFFFFFFFFFFFF))
        if st.numChildren > 0:
            try:
                kids = zk.get_children(path)
            except NoAuthError:
                out.append("unlistable\t%s\tNOAUTH" % path)
                continue
            except NoNodeError:
                continue
            for k in kids:
                stack.append(path.rstrip("/") + "/" + k)
    zk.stop()
    zk.close()
    sys.stdout.write("".join(line + "\n" for line in out))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("hosts")
    b.add_argument("count", type=int)
    b.add_argument("--auth")
    b.add_argument("--root", default="/rt")
    d = sub.add_parser("dump")
    d.add_argument("hosts")
    d.add_argument("--auth")
    d.add_argument("--path", default="/")
    d.add_argument("--raw", action="store_true")
    args = ap.parse_args()
    if args.cmd == "build":
        build(args)
    else:
        dump(args)


if __name__ == "__main__":
    main()
