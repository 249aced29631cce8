/*
 * sockets.h - listening sockets from /proc/net/{tcp,tcp6,udp,udp6}.
 *
 * The format is the kernel's (tcp4_seq_show, tcp6_seq_show): a header line,
 * then one socket per line with local and remote ADDR:PORT in hex, the state
 * and the inode.  Addresses are printed as 32-bit words in host byte order,
 * so they are decoded on the machine that produced them.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_SOCKETS_H
#define RAMPART_HOST_SOCKETS_H

#include <stddef.h>
#include <stdint.h>

#include "util/compat.h"
#include "util/err.h"

struct sock_entry {
	int proto;          /* 6 (tcp) or 17 (udp) */
	int v6;             /* from the *6 file */
	uint8_t addr[16];   /* local address (4 or 16 bytes used) */
	uint16_t port;      /* local port */
	unsigned long inode;
	unsigned uid;
	unsigned line;      /* line in the file */
};

struct sock_list {
	struct sock_entry *v;
	size_t n, alloc;
};

void sock_list_release(struct sock_list *l);

/*
 * Append the listening sockets of one /proc/net file to l: TCP sockets in
 * state LISTEN (0A), and UDP sockets whose remote end is unset (bound, not
 * connected).  proto is 6 or 17, v6 says whether text is a *6 file.
 * Errors: RP_EPARSE (d has name and line) on a line that does not follow
 * the format; lines before it are kept.
 */
int sock_parse(struct sock_list *l, const char *text, size_t len, int proto,
    int v6, const char *name, struct rp_diag *d) RP_MUST_CHECK;

/* True for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104. */
int sock_is_loopback(const struct sock_entry *e);

/* Format the local address and port ("0.0.0.0:22", "[::]:443"). */
void sock_format(const struct sock_entry *e, char *buf, size_t n);

#endif
