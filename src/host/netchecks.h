/*
 * netchecks.h - the host checks for firewalls and sockets, TLS, and the
 * OpenStack Security Guide checklists, with the options they take.
 *
 * The checks are listed in host_checks[] (checks.c); their options arrive
 * through struct host_opts (host.h), which points at a struct
 * host_net_opts filled by the command line.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_NETCHECKS_H
#define RAMPART_HOST_NETCHECKS_H

#include <stddef.h>

#include "host/host.h"
#include "util/strbuf.h"

/* Defaults of the options below. */
#define HOST_TLS_EXPIRY_DAYS 30
#define HOST_TLS_TIMEOUT_MS 5000
#define HOST_TOKEN_MAX_SECONDS 3600

struct host_net_opts {
	/*
	 * What the kernel printed, captured elsewhere (for instance inside a
	 * network namespace): used as the live ruleset instead of running
	 * iptables-save, ip6tables-save or `nft -j list ruleset`.
	 */
	const char *iptables_save;
	const char *ip6tables_save;
	const char *nft_json;
	/* TLS endpoints to probe: "[NAME@]HOST:PORT" ("[::1]:443" for v6). */
	const char **tls_endpoints;
	size_t ntls_endpoints;
	const char *tls_ca;  /* extra trust anchors (PEM) for chain checks */
	/* Certificate files (PEM, local paths) to check: --tls-cert. */
	const char **tls_certs;
	size_t ntls_certs;
	/* --allow: replaces the role's inbound allowlist ("22/tcp", ...). */
	const char **allow;
	size_t nallow;
	int tls_expiry_days; /* warn this many days before expiry */
	int tls_timeout_ms;  /* per connection attempt */
	long token_max;      /* longest Keystone token lifetime, seconds */
};

void host_net_opts_init(struct host_net_opts *o);

/*
 * A host_spawn_fn (host.h) that runs the program through src/util/spawn.c
 * with a 30 s deadline; arg is unused.
 */
int host_spawn_program(void *arg, char *const argv[], size_t cap,
    struct strbuf *out, int *status, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Firewall (fwcheck.c): default-drop policies, the role's inbound
 * allowlist, VPN forwarding, bastion forwarding, saved versus running
 * ruleset, modes of the saved files, and listening sockets.
 */
void host_run_firewall(struct host_ctx *c);

/*
 * TLS (tlscheck.c): certificates named by service configurations under the
 * root (OpenVPN, Apache, nginx, haproxy) and by --tls-cert, and endpoints
 * given with --tls-endpoint: self-signed leaves, key size, signature
 * algorithm, validity, host name and accepted protocol versions.
 */
void host_run_tls(struct host_ctx *c);

#endif
