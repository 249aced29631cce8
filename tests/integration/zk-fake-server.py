#!/usr/bin/python3
# zk-fake-server.py - a scripted ZooKeeper peer that sends the hostile or
# broken replies a real server never produces, to check that rampart's
# client turns each into a clear error.  Listens on 127.0.0.1 (port given,
# or 0 = pick one and print it), serves one connection per scenario.
#
#   zk-fake-server.py SCENARIO PORTFILE
#
# Scenarios: huge-frame, negative-frame, negative-acl-count,
# huge-acl-count, truncated-frame, wrong-xid, garbage-after-handshake,
# short-handshake, null-acl, slash-child, silent.
#
# SPDX-License-Identifier: MIT
import socket
import struct
import sys
import time


def frame(body):
    return struct.pack(">i", len(body)) + body


def s(x):
    if x is None:
        return struct.pack(">i", -1)
    x = x.encode() if isinstance(x, str) else x
    return struct.pack(">i", len(x)) + x


STAT = struct.pack(">qqqqiiiqiiq", 1, 2, 3, 4, 0, 0, 0, 0, 0, 1, 5)
CONNECT_RESP = frame(struct.pack(">iiq", 0, 30000, 0x1234) + s(b"\x01" * 16) + b"\x00")


def hdr(xid, err=0, zxid=7):
    return struct.pack(">iqi", xid, zxid, err)


def read_exact(c, n):
    out = b""
    while len(out) < n:
        b = c.recv(n - len(out))
        if not b:
            raise EOFError
        out += b
    return out


def read_frame(c):
    (n,) = struct.unpack(">i", read_exact(c, 4))
    return read_exact(c, n)


def serve(scenario, c):
    read_frame(c)  # ConnectRequest
    if scenario == "short-handshake":
        c.sendall(frame(b"\x00\x00\x00\x00\x00"))
        return
    c.sendall(CONNECT_RESP)
    if scenario == "garbage-after-handshake":
        c.sendall(b"\x00\x00\x00\x05hello, this is not jute at all")
        time.sleep(1)
        return
    req = read_frame(c)
    xid, op = struct.unpack(">ii", req[:8])
    if scenario == "huge-frame":
        c.sendall(struct.pack(">i", 0x7FFFFFF0) + b"x" * 64)
    elif scenario == "negative-frame":
        c.sendall(struct.pack(">i", -20) + b"x" * 64)
    elif scenario == "negative-acl-count":
        c.sendall(frame(hdr(xid) + struct.pack(">i", -3) + STAT))
    elif scenario == "huge-acl-count":
        c.sendall(frame(hdr(xid) + struct.pack(">i", 0x7FFFFFFF) + struct.pack(">i", 31) + s("world")))
    elif scenario == "null-acl":
        c.sendall(frame(hdr(xid) + struct.pack(">i", 1) + struct.pack(">i", 31) + s(None) + s("x") + STAT))
    elif scenario == "truncated-frame":
        body = hdr(xid) + struct.pack(">i", 1) + struct.pack(">i", 31) + s("world") + s("anyone") + STAT
        c.sendall(struct.pack(">i", len(body)) + body[: len(body) // 2])
        c.shutdown(socket.SHUT_WR)
        time.sleep(1)
    elif scenario == "wrong-xid":
        body = hdr(xid + 1000) + struct.pack(">i", 1) + struct.pack(">i", 31) + s("world") + s("anyone") + STAT
        c.sendall(frame(body))
    elif scenario == "slash-child":
        # A valid getACL reply for /, then a child name with a slash.
        c.sendall(frame(hdr(xid) + struct.pack(">i", 1) + struct.pack(">i", 31) + s("world") + s("anyone") + STAT))
        req = read_frame(c)
        xid, op = struct.unpack(">ii", req[:8])
        c.sendall(frame(hdr(xid) + struct.pack(">i", 1) + s("../../etc")))
    elif scenario == "silent":
        time.sleep(8)
    time.sleep(1)


def main():
    scenario, portfile = sys.argv[1], sys.argv[2]
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(4)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(ls.getsockname()[1]))
    import os
    os.rename(portfile + ".tmp", portfile)
    ls.settimeout(30)
    try:
        c, _ = ls.accept()
    except socket.timeout:
        return
    try:
        serve(scenario, c)
    except (EOFError, OSError):
        pass
    finally:
        c.close()
        ls.close()


if __name__ == "__main__":
    main()
