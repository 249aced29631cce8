/*
 * host-net-opts.c - the host firewall, TLS and OpenStack options.
 *
 * SPDX-License-Identifier: MIT
 */
#include "cli/host-net-opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

static int
number(struct cli_common *c, const char *name, const char *arg, long min,
    long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
		return -cli_usage(c, "%s: expected a number from %ld to %ld",
		    name, min, max);
	*out = v;
	return 1;
}

/* "[NAME@]HOST:PORT" with a port, HOST possibly "[v6]". */
static int
endpoint_ok(const char *s)
{
	const char *at = strchr(s, '@'), *host = at != NULL ? at + 1 : s;
	const char *colon = strrchr(host, ':');
	char *end;
	long port;

	if (colon == NULL || colon == host)
		return 0;
	if (host[0] == '[' && colon[-1] != ']')
		return 0;
	port = strtol(colon + 1, &end, 10);
	return *end == '\0' && port > 0 && port <= 65535;
}

int
cli_host_net_opt(struct cli_common *c, struct host_net_opts *o, int opt,
    const char *arg)
{
	long v;
	int r;

	switch (opt) {
	case OPT_IPTABLES_SAVE:
		o->iptables_save = arg;
		return 1;
	case OPT_IP6TABLES_SAVE:
		o->ip6tables_save = arg;
		return 1;
	case OPT_NFT_JSON:
		o->nft_json = arg;
		return 1;
	case OPT_TLS_CA:
		o->tls_ca = arg;
		return 1;
	case OPT_TLS_ENDPOINT: {
		const char *p = arg;

		while (*p != '\0') {
			size_t n = strcspn(p, ",");
			char *one = xstrndup(p, n);

			if (!endpoint_ok(one)) {
				free(one);
				return -cli_usage(c,
				    "--tls-endpoint: '%.*s' is not [NAME@]HOST:PORT",
				    (int)n, p);
			}
			o->tls_endpoints = xreallocarray(
			    (void *)(uintptr_t)o->tls_endpoints,
			    o->ntls_endpoints + 1, sizeof(char *));
			o->tls_endpoints[o->ntls_endpoints++] = one;
			p += n;
			if (*p == ',')
				p++;
		}
		return 1;
	}
	case OPT_TLS_CERT:
		o->tls_certs = xreallocarray((void *)(uintptr_t)o->tls_certs,
		    o->ntls_certs + 1, sizeof(char *));
		o->tls_certs[o->ntls_certs++] = arg;
		return 1;
	case OPT_ALLOW: {
		const char *p = arg;

		while (*p != '\0') {
			size_t n = strcspn(p, ",");
			char *one = xstrndup(p, n);
			struct host_allow a;

			if (host_allow_parse(one, &a) != 0) {
				free(one);
				return -cli_usage(c,
				    "--allow: '%.*s' is not PORT/PROTO (22/tcp, 1194/udp, echo-request/icmp)",
				    (int)n, p);
			}
			free(a.from);
			o->allow = xreallocarray((void *)(uintptr_t)o->allow,
			    o->nallow + 1, sizeof(char *));
			o->allow[o->nallow++] = one;
			p += n;
			if (*p == ',')
				p++;
		}
		return 1;
	}
	case OPT_TLS_EXPIRY_DAYS:
		r = number(c, "--tls-expiry-days", arg, 0, 3650, &v);
		if (r == 1)
			o->tls_expiry_days = (int)v;
		return r;
	case OPT_TLS_TIMEOUT:
		r = number(c, "--tls-timeout", arg, 100, 600000, &v);
		if (r == 1)
			o->tls_timeout_ms = (int)v;
		return r;
	case OPT_TOKEN_MAX:
		r = number(c, "--token-max", arg, 60, 31536000, &v);
		if (r == 1)
			o->token_max = v;
		return r;
	default:
		return 0;
	}
}

void
cli_host_net_release(struct host_net_opts *o)
{
	size_t i;

	for (i = 0; i < o->ntls_endpoints; i++)
		free((void *)(uintptr_t)o->tls_endpoints[i]);
	free((void *)(uintptr_t)o->tls_endpoints);
	o->tls_endpoints = NULL;
	o->ntls_endpoints = 0;
	free((void *)(uintptr_t)o->tls_certs);
	o->tls_certs = NULL;
	o->ntls_certs = 0;
	for (i = 0; i < o->nallow; i++)
		free((void *)(uintptr_t)o->allow[i]);
	free((void *)(uintptr_t)o->allow);
	o->allow = NULL;
	o->nallow = 0;
}
