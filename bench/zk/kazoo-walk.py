#!/usr/bin/python3
# kazoo-walk.py - the Python peer of bench/zk: walk a tree with kazoo's
# async API the way `rampart zk walk` does (getACL per znode, getChildren
# where numChildren > 0, at most WINDOW requests outstanding).
#
#   kazoo-walk.py HOSTS [WINDOW [USER:PASS]]
#
# Prints "nodes N errors E seconds S".
#
# SPDX-License-Identifier: MIT
import sys
import threading
import time

from kazoo.client import KazooClient


def main():
    hosts = sys.argv[1]
    window = int(sys.argv[2]) if len(sys.argv) > 2 else 128
    auth = [("digest", sys.argv[3])] if len(sys.argv) > 3 else []
    zk = KazooClient(hosts=hosts, auth_data=auth, timeout=30)
    zk.start(timeout=30)
    cv = threading.Condition()
    queue = ["/"]
    st = {"out": 0, "nodes": 0, "errors": 0}

    def on_children(path):
        def cb(ar):
            try:
                kids = ar.get()
            except Exception:
                kids = []
                st["errors"] += 1
            with cv:
                base = "" if path == "/" else path
                queue.extend(base + "/" + k for k in kids)
                st["out"] -= 1
                cv.notify()
        return cb

    def on_acl(path):
        def cb(ar):
            try:
                _acls, stat = ar.get()
            except Exception:
                with cv:
                    st["errors"] += 1
                    st["out"] -= 1
                    cv.notify()
                return
            with cv:
                st["nodes"] += 1
                if stat.numChildren > 0:
                    st["out"] += 1
                    zk.get_children_async(path).rawlink(on_children(path))
                st["out"] -= 1
                cv.notify()
        return cb

    t0 = time.monotonic()
    with cv:
        while queue or st["out"] > 0:
            while queue and st["out"] < window:
                p = queue.pop()
                st["out"] += 1
                zk.get_acls_async(p).rawlink(on_acl(p))
            cv.wait(1)
    secs = time.monotonic() - t0
    print("nodes %d errors %d seconds %.3f" % (st["nodes"], st["errors"], secs))
    zk.stop()
    zk.close()


if __name__ == "__main__":
    main()
