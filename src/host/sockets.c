/*
 * sockets.c - parse /proc/net/{tcp,tcp6,udp,udp6}.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/sockets.h"

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

void
sock_list_release(struct sock_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Read exactly n hex digits at *p into *out; advance *p. */
static int
hex_n(const char **p, size_t n, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = (*p)[i];
		int d;

		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (ch >= 'A' && ch <= 'F')
			d = ch - 'A' + 10;
		else if (ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10;
		else
			return -1;
		v = v << 4 | (unsigned long)d;
	}
	*p += n;
	*out = v;
	return 0;
}

/*
 * "0100007F:0CEA" or 32 hex digits + ":PORT": each 8-digit group is a
 * 32-bit word as the kernel stores it, printed as a host-order number.
 */
static int
parse_addr(const char **p, int v6, uint8_t addr[16], uint16_t *port)
{
	unsigned long w, pt;
	size_t i, words = v6 ? 4 : 1;

	memset(addr, 0, 16);
	for (i = 0; i < words; i++) {
		uint32_t word;

		if (hex_n(p, 8, &w) != 0)
			return -1;
		word = (uint32_t)w;
		memcpy(addr + 4 * i, &word, 4);
	}
	if (**p != ':')
		return -1;
	(*p)++;
	if (hex_n(p, 4, &pt) != 0)
		return -1;
	*port = (uint16_t)pt;
	return 0;
}

static void
skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static int
skip_field(const char **p)
{
	skip_blanks(p);
	if (**p == '\0')
		return -1;
	while (**p != ' ' && **p != '\t' && **p != '\0')
		(*p)++;
	return 0;
}

int
sock_parse(struct sock_list *l, const char *text, size_t len, int proto,
    int v6, const char *name, struct rp_diag *d)
{
	char line[512];
	size_t pos = 0;
	unsigned lineno = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - (text + pos)) : len - pos;
		const char *p = line;
		struct sock_entry e;
		uint8_t raddr[16];
		uint16_t rport;
		unsigned long st, uid, inode;
		char *end;
		int i;

		lineno++;
		if (n >= sizeof(line) || memchr(text + pos, '\0', n) != NULL)
			return rp_diag_fail(d, RP_EPARSE, name, (long)lineno,
			    "line too long or binary");
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + (nl != NULL);
		if (lineno == 1 || strspn(line, " \t") == n)
			continue; /* header, blank */
		memset(&e, 0, sizeof(e));
		e.proto = proto;
		e.v6 = v6;
		e.line = lineno;
		/* "  0: ADDR:PORT ADDR:PORT ST ..." */
		skip_blanks(&p);
		(void)strtoul(p, &end, 10);
		if (end == p || *end != ':')
			goto bad;
		p = end + 1;
		skip_blanks(&p);
		if (parse_addr(&p, v6, e.addr, &e.port) != 0)
			goto bad;
		skip_blanks(&p);
		if (parse_addr(&p, v6, raddr, &rport) != 0)
			goto bad;
		skip_blanks(&p);
		if (hex_n(&p, 2, &st) != 0)
			goto bad;
		/* tx:rx queue, tr:when, retrnsmt */
		for (i = 0; i < 3; i++)
			if (skip_field(&p) != 0)
				goto bad;
		skip_blanks(&p);
		uid = strtoul(p, &end, 10);
		if (end == p)
			goto bad;
		p = end;
		if (skip_field(&p) != 0) /* timeout */
			goto bad;
		skip_blanks(&p);
		inode = strtoul(p, &end, 10);
		if (end == p)
			goto bad;
		e.uid = (unsigned)uid;
		e.inode = inode;
		if (proto == 6 && st != 0x0A)
			continue;
		if (proto == 17) {
			static const uint8_t zero[16];

			if (rport != 0 || memcmp(raddr, zero, 16) != 0)
				continue;
		}
		ALLOC_GROW(l->v, l->n + 1, l->alloc);
		l->v[l->n++] = e;
		continue;
bad:
		return rp_diag_fail(d, RP_EPARSE, name, (long)lineno,
		    "not a /proc/net socket line");
	}
	return 0;
}

int
sock_is_loopback(const struct sock_entry *e)
{
	static const uint8_t lo6[16] = { [15] = 1 };
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (!e->v6)
		return e->addr[0] == 127;
	if (memcmp(e->addr, lo6, 16) == 0)
		return 1;
	return memcmp(e->addr, mapped, 12) == 0 && e->addr[12] == 127;
}

void
sock_format(const struct sock_entry *e, char *buf, size_t n)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(e->v6 ? AF_INET6 : AF_INET, e->addr, a, sizeof(a));
	if (e->v6)
		snprintf(buf, n, "[%s]:%u", a, e->port);
	else
		snprintf(buf, n, "%s:%u", a, e->port);
}
