/*
 * fuzz-proc-net.c - libFuzzer harness for sock_parse(), the reader of
 * /proc/net/{tcp,tcp6,udp,udp6}.  The first byte picks the file kind.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>

#include "host/sockets.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sock_list l = { 0 };
	struct rp_diag d;
	char buf[80];
	size_t i;
	int kind, rc;

	if (size < 1)
		return 0;
	kind = data[0] & 3;
	rp_diag_init(&d);
	/* Errors are expected on fuzz input; what was parsed is still used. */
	rc = sock_parse(&l, (const char *)data + 1, size - 1,
	    kind & 1 ? 17 : 6, kind >> 1, "/proc/net/tcp", &d);
	for (i = 0; i < l.n; i++) {
		(void)sock_is_loopback(&l.v[i]);
		sock_format(&l.v[i], buf, sizeof(buf));
	}
	sock_list_release(&l);
	(void)rc;
	return 0;
}
