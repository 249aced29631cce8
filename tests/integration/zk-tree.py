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
#   zk-tree.py layout HOSTS MODE COMPONENT... [--auth USER:PASS]
#       create the znodes of each component's layout (LAYOUTS below, at
#       the component's usual root) and give them MODE's ACLs: "open"
#       (world:anyone:cdrwa, what the components create without
#       security) or "secure" (the ACLs their hardening guides give);
#       nodes that exist get their ACL set again
#   zk-tree.py acls HOSTS [--auth USER:PASS] [--path P]
#       print a JSON object {path: "ACL text"} of every readable znode
#       (digest hashes masked as rampart masks them)
#   zk-tree.py mutate HOSTS [--auth USER:PASS] [--root /rt] [--tag T]
#       change a tree built by `build` with every kind of transaction that
#       alters the node set or ACLs (create, delete, setACL, setData, a
#       committed and a failed multi, createContainer, createTTL when the
#       server allows it, an ephemeral removed by closeSession), so that
#       transaction-log replay has something to do
#
# SPDX-License-Identifier: MIT
import argparse
import base64
import hashlib
import json
import sys
from collections import namedtuple

from kazoo.client import KazooClient
from kazoo.exceptions import NoAuthError, NoNodeError, NodeExistsError
from kazoo.protocol.serialization import Create, int_struct, long_struct
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


OPEN = "world:anyone:cdrwa"

# component -> [(path, secure ACL, flags)]; flags: "e" ephemeral (created by
# the test session, ACL as in secure mode), "o" open in both modes.
# ACL text: scheme:id:perms entries; "digest-pw:user:password:perms" is
# turned into the digest id of that password.
LAYOUTS = {
    "zookeeper": [
        ("/", "world:anyone:r,sasl:zookeeper:cdrwa", ""),
        ("/zookeeper", "sasl:zookeeper:cdrwa", ""),
        ("/zookeeper/quota", "sasl:zookeeper:cdrwa,world:anyone:r", ""),
    ],
    "kafka": [
        ("/kafka", "sasl:kafka:cdrwa", ""),
        ("/kafka/brokers", "sasl:kafka:cdrwa", ""),
        ("/kafka/brokers/ids", "sasl:kafka:cdrwa", ""),
        ("/kafka/brokers/ids/1", "sasl:kafka:cdrwa", "e"),
        ("/kafka/brokers/topics", "sasl:kafka:cdrwa", ""),
        ("/kafka/brokers/topics/t1", "sasl:kafka:cdrwa", ""),
        ("/kafka/controller_epoch", "sasl:kafka:cdrwa", ""),
        ("/kafka/admin", "sasl:kafka:cdrwa", ""),
        ("/kafka/admin/delete_topics", "sasl:kafka:cdrwa", ""),
        ("/kafka/config", "sasl:kafka:cdrwa", ""),
        ("/kafka/config/topics", "sasl:kafka:cdrwa", ""),
        ("/kafka/config/users", "sasl:kafka:cdrwa", ""),
        ("/kafka/config/users/alice", "sasl:kafka:cdrwa", ""),
        ("/kafka/config/brokers", "sasl:kafka:cdrwa", ""),
        ("/kafka/kafka-acl", "sasl:kafka:cdrwa", ""),
        ("/kafka/kafka-acl/Topic", "sasl:kafka:cdrwa", ""),
        ("/kafka/delegation_token", "sasl:kafka:cdrwa", ""),
        ("/kafka/delegation_token/tokens", "sasl:kafka:cdrwa", ""),
        ("/kafka/consumers", OPEN, "o"),
        ("/kafka/consumers/g1", OPEN, "o"),
    ],
    "hbase": [
        ("/hbase", "sasl:hbase:cdrwa,world:anyone:r", ""),
        ("/hbase/hbaseid", "sasl:hbase:cdrwa,world:anyone:r", ""),
        ("/hbase/meta-region-server", "sasl:hbase:cdrwa,world:anyone:r", ""),
        ("/hbase/master", "sasl:hbase:cdrwa,world:anyone:r", "e"),
        ("/hbase/rs", "sasl:hbase:cdrwa,world:anyone:r", ""),
        ("/hbase/table", "sasl:hbase:cdrwa,world:anyone:r", ""),
        ("/hbase/table/t1", "sasl:hbase:cdrwa,world:anyone:r", ""),
        ("/hbase/acl", "sasl:hbase:cdrwa", ""),
        ("/hbase/acl/t1", "sasl:hbase:cdrwa", ""),
        ("/hbase/tokenauth", "sasl:hbase:cdrwa", ""),
        ("/hbase/tokenauth/keys", "sasl:hbase:cdrwa", ""),
        ("/hbase/namespace", "sasl:hbase:cdrwa", ""),
    ],
    "hdfs": [
        ("/hadoop-ha", "sasl:hdfs:cdrwa", ""),
        ("/hadoop-ha/ns1", "sasl:hdfs:cdrwa", ""),
        ("/hadoop-ha/ns1/ActiveBreadCrumb", "sasl:hdfs:cdrwa", ""),
        ("/hadoop-ha/ns1/ActiveStandbyElectorLock", "sasl:hdfs:cdrwa", "e"),
    ],
    "yarn": [
        ("/yarn-leader-election", "sasl:yarn:cdrwa", ""),
        ("/yarn-leader-election/cluster1", "sasl:yarn:cdrwa", ""),
        ("/rmstore", "sasl:yarn:cdrwa", ""),
        ("/rmstore/ZKRMStateRoot",
         "sasl:yarn:rwa,digest-pw:rm1.rampart.test:123456789:cd", ""),
        ("/rmstore/ZKRMStateRoot/RMDTSecretManagerRoot", "sasl:yarn:cdrwa", ""),
        ("/rmstore/ZKRMStateRoot/RMDTSecretManagerRoot/RMDTMasterKeysRoot",
         "sasl:yarn:cdrwa", ""),
        ("/rmstore/ZKRMStateRoot/RMAppRoot", "sasl:yarn:cdrwa", ""),
        ("/rmstore/ZKRMStateRoot/EpochNode", "sasl:yarn:cdrwa", ""),
    ],
    "solr": [
        ("/solr", "sasl:solr:cdrwa,world:anyone:r", ""),
        ("/solr/live_nodes", "sasl:solr:cdrwa,world:anyone:r", ""),
        ("/solr/collections", "sasl:solr:cdrwa,world:anyone:r", ""),
        ("/solr/collections/c1", "sasl:solr:cdrwa,world:anyone:r", ""),
        ("/solr/security.json", "sasl:solr:cdrwa", ""),
        ("/solr-infra", "sasl:solr:cdrwa,world:anyone:r", ""),
        ("/solr-infra/live_nodes", "sasl:solr:cdrwa,world:anyone:r", ""),
        ("/solr-infra/configs", "sasl:solr:cdrwa,world:anyone:r", ""),
        ("/solr-infra/security.json", "sasl:solr:cdrwa", ""),
    ],
    "ranger": [
        ("/ranger_audits", "sasl:solr:cdrwa", ""),
        ("/ranger_audits/collections", "sasl:solr:cdrwa", ""),
    ],
    "atlas": [
        ("/apache_atlas", "sasl:atlas@RAMPART.TEST:cdrwa", ""),
        ("/apache_atlas/active_server_info", "sasl:atlas@RAMPART.TEST:cdrwa", ""),
        ("/apache_atlas/setup_lock", "sasl:atlas@RAMPART.TEST:cdrwa", ""),
    ],
    "oozie": [
        ("/oozie", "sasl:oozie:cdrwa", ""),
        ("/oozie/services", "sasl:oozie:cdrwa", ""),
        ("/zkdtsm-oozie", "sasl:oozie:cdrwa", ""),
        ("/zkdtsm-oozie/ZKDTSMRoot", "sasl:oozie:cdrwa", ""),
    ],
    "hive": [
        ("/hiveserver2", "world:anyone:r,sasl:hive:cdrwa", ""),
        ("/hivedelegation", "sasl:hive:cdrwa", ""),
        ("/hivedelegation/METASTORE", "sasl:hive:cdrwa", ""),
        ("/hivedelegation/METASTORE/keys", "sasl:hive:cdrwa", ""),
    ],
    "nifi": [
        ("/nifi", "sasl:nifi:cdrwa", ""),
        ("/nifi/components", "sasl:nifi:cdrwa", ""),
        ("/nifi/components/0b6e1c2a", "sasl:nifi:cdrwa", ""),
    ],
    "storm": [
        ("/storm", "world:anyone:cr,sasl:storm-c1:cdrwa", ""),
        ("/storm/assignments", "sasl:storm-c1:cdrwa,world:anyone:r", ""),
        ("/storm/storms", "sasl:storm-c1:cdrwa,world:anyone:r", ""),
        ("/storm/credentials", "sasl:storm-c1:cdrwa", ""),
        ("/storm/credentials/topo1", "sasl:storm-c1:cdrwa", ""),
    ],
    "druid": [
        ("/druid", "sasl:druid:cdrwa", ""),
        ("/druid/announcements", "sasl:druid:cdrwa", ""),
        ("/druid/loadQueue", "sasl:druid:cdrwa", ""),
    ],
    "clickhouse": [
        ("/clickhouse", "digest-pw:clickhouse:ch-pw-1:cdrwa", ""),
        ("/clickhouse/tables", "digest-pw:clickhouse:ch-pw-1:cdrwa", ""),
        ("/clickhouse/tables/01", "digest-pw:clickhouse:ch-pw-1:cdrwa", ""),
        ("/clickhouse/task_queue", "digest-pw:clickhouse:ch-pw-1:cdrwa", ""),
        ("/clickhouse/task_queue/ddl", "digest-pw:clickhouse:ch-pw-1:cdrwa", ""),
    ],
    "patroni": [
        ("/service", "x509:CN=patroni:cdrwa", ""),
        ("/service/pg1", "x509:CN=patroni:cdrwa", ""),
        ("/service/pg1/config", "x509:CN=patroni:cdrwa", ""),
        ("/service/pg1/initialize", "x509:CN=patroni:cdrwa", ""),
        ("/service/pg1/leader", "x509:CN=patroni:cdrwa", "e"),
    ],
}


def parse_acl(text):
    out = []
    for ent in text.split(","):
        scheme, rest = ent.split(":", 1)
        ident, p = rest.rsplit(":", 1)
        bits = 0
        for ch in p:
            bits |= {"r": 1, "w": 2, "c": 4, "d": 8, "a": 16}[ch]
        if scheme == "digest-pw":
            user, pw = ident.split(":", 1)
            scheme, ident = "digest", digest_id(user, pw)
        out.append(ACL(bits, Id(scheme, ident)))
    return out


def layout(args):
    zk = client(args.hosts, args.auth)
    made = 0
    for comp in args.components:
        for path, secure, flags in LAYOUTS[comp]:
            acl = parse_acl(secure if args.mode == "secure" or "o" in flags
                            else OPEN)
            if "e" in flags:
                # Ephemeral: owned by this session; the layout keeps the
                # session open until the caller kills it (--hold).
                try:
                    zk.create(path, b"", acl=acl, ephemeral=True)
                except NodeExistsError:
                    pass
                continue
            try:
                zk.create(path, b"", acl=acl)
                made += 1
            except NodeExistsError:
                zk.set_acls(path, acl)
    print("layout %s: %d znodes created" % (args.mode, made), file=sys.stderr)
    if args.hold:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        sys.stdin.read()
    zk.stop()
    zk.close()


def acls(args):
    zk = client(args.hosts, args.auth)
    out = {}
    stack = [args.path]
    while stack:
        path = stack.pop()
        try:
            a, st = zk.get_acls(path)
        except (NoNodeError, NoAuthError):
            continue
        out[path] = ",".join(acl_text(x) for x in a)
        try:
            for k in zk.get_children(path):
                stack.append(path.rstrip("/") + "/" + k)
        except (NoNodeError, NoAuthError):
            pass
    zk.stop()
    zk.close()
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


class CreateContainer(Create):
    """createContainer (opcode 19): kazoo 2.8 has no API for it."""
    type = 19


class CreateTTL(namedtuple("CreateTTL", "path data acl flags ttl")):
    """createTTL (opcode 21), PERSISTENT_WITH_TTL (flags 5)."""
    type = 21

    def serialize(self):
        b = Create(self.path, self.data, self.acl, self.flags).serialize()
        b.extend(long_struct.pack(self.ttl))
        return b

    @classmethod
    def deserialize(cls, data, offset):
        return Create.deserialize(data, offset)


def raw_call(zk, req):
    res = zk.handler.async_result()
    zk._call(req, res)
    return res.get(timeout=30)


def mutate(args):
    zk = client(args.hosts, args.auth)
    r, tag = args.root, args.tag
    base = "%s/m-%s" % (r, tag)
    locked = [ACL(31, Id("digest", ALICE))]
    ro = [ACL(1, Id("world", "anyone")), ACL(31, Id("digest", ALICE))]
    zk.create(base, b"mutations", acl=KINDS[0][1])
    for i in range(40):
        zk.create("%s/n-%d" % (base, i), b"x" * i, acl=KINDS[i % len(KINDS)][1])
    # setACL on new and on old (snapshotted) nodes, twice on one node
    for i in range(0, 40, 3):
        zk.set_acls("%s/n-%d" % (base, i), locked if i % 2 else ro)
    old = sorted(zk.get_children(r))[:6]
    for name in old:
        zk.set_acls("%s/%s" % (r, name), ro)
        zk.set_acls("%s/%s" % (r, name), locked)
    zk.set("%s/n-1" % base, b"changed")
    # deletes: new nodes and a snapshotted leaf subtree
    for i in range(30, 40):
        zk.delete("%s/n-%d" % (base, i))
    victim = "%s/%s" % (r, sorted(zk.get_children(r))[-1])
    zk.delete(victim, recursive=True)
    # a committed multi and a failed one (nothing of it may apply)
    t = zk.transaction()
    t.create("%s/multi-a" % base, b"", acl=locked)
    t.create("%s/multi-b" % base, b"", acl=ro)
    t.delete("%s/n-29" % base)
    t.set_data("%s/n-2" % base, b"multi")
    t.check("%s/n-3" % base, 0)
    res = t.commit()
    assert not any(isinstance(x, Exception) for x in res), res
    t = zk.transaction()
    t.create("%s/multi-failed" % base, b"", acl=KINDS[0][1])
    t.delete("%s/n-28" % base)
    t.check("%s/n-4" % base, 12345)
    res = t.commit()
    assert any(isinstance(x, Exception) for x in res), res
    # a container (kept by its child) and a TTL node
    raw_call(zk, CreateContainer(base + "/container", b"", locked, 4))
    zk.create(base + "/container/child", b"", acl=ro)
    try:
        raw_call(zk, CreateTTL(base + "/ttl", b"", ro, 5, 3600 * 1000))
    except Exception as e:  # extendedTypesEnabled is off
        print("createTTL refused: %r" % e, file=sys.stderr)
    # an ephemeral: the closeSession transaction removes it again
    z2 = client(args.hosts, args.auth)
    z2.create(base + "/eph", b"", acl=KINDS[0][1], ephemeral=True)
    z2.stop()
    z2.close()
    zk.stop()
    zk.close()
    print("mutated %s" % base, file=sys.stderr)


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
    lo = sub.add_parser("layout")
    lo.add_argument("hosts")
    lo.add_argument("mode", choices=["open", "secure"])
    lo.add_argument("components", nargs="+", choices=sorted(LAYOUTS))
    lo.add_argument("--auth")
    lo.add_argument("--hold", action="store_true")
    a = sub.add_parser("acls")
    a.add_argument("hosts")
    a.add_argument("--auth")
    a.add_argument("--path", default="/")
    d.add_argument("--raw", action="store_true")
    m = sub.add_parser("mutate")
    m.add_argument("hosts")
    m.add_argument("--auth")
    m.add_argument("--root", default="/rt")
    m.add_argument("--tag", default="1")
    args = ap.parse_args()
    if args.cmd == "build":
        build(args)
    elif args.cmd == "layout":
        layout(args)
    elif args.cmd == "acls":
        acls(args)
    elif args.cmd == "mutate":
        mutate(args)
    else:
        dump(args)


if __name__ == "__main__":
    main()
