/*
 * host-net-opts.h - command-line options of the host firewall, TLS and
 * OpenStack checks, shared by `rampart host scan` and `rampart scan`.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CLI_HOST_NET_OPTS_H
#define RAMPART_CLI_HOST_NET_OPTS_H

#include <getopt.h>

#include "cli/cli.h"
#include "host/netchecks.h"

/* getopt_long ids, clear of the commands' own (OPT_COMMAND_BASE...). */
enum cli_host_net_opt {
	OPT_IPTABLES_SAVE = OPT_COMMAND_BASE + 100,
	OPT_IP6TABLES_SAVE,
	OPT_NFT_JSON,
	OPT_TLS_ENDPOINT,
	OPT_TLS_CA,
	OPT_TLS_EXPIRY_DAYS,
	OPT_TLS_TIMEOUT,
	OPT_TOKEN_MAX,
	OPT_TLS_CERT,
	OPT_ALLOW,
};

#define CLI_HOST_NET_LONG                                                  \
	{ "iptables-save", required_argument, NULL, OPT_IPTABLES_SAVE },   \
	    { "ip6tables-save", required_argument, NULL,                   \
		OPT_IP6TABLES_SAVE },                                      \
	    { "nft-json", required_argument, NULL, OPT_NFT_JSON },         \
	    { "tls-endpoint", required_argument, NULL, OPT_TLS_ENDPOINT }, \
	    { "tls-ca", required_argument, NULL, OPT_TLS_CA },             \
	    { "tls-expiry-days", required_argument, NULL,                  \
		OPT_TLS_EXPIRY_DAYS },                                     \
	    { "tls-timeout", required_argument, NULL, OPT_TLS_TIMEOUT },   \
	    { "token-max", required_argument, NULL, OPT_TOKEN_MAX },       \
	    { "tls-cert", required_argument, NULL, OPT_TLS_CERT },         \
	    { "allow", required_argument, NULL, OPT_ALLOW }

#define CLI_HOST_NET_HELP                                                      \
	"      --iptables-save FILE   running IPv4 ruleset as iptables-save\n"   \
	"                      printed it (instead of running iptables-save)\n"  \
	"      --ip6tables-save FILE  the same for IPv6\n"                      \
	"      --nft-json FILE the output of `nft -j list ruleset`\n"           \
	"      --tls-endpoint [NAME@]HOST:PORT[,...]\n"                         \
	"                      probe these TLS endpoints (protocol versions,\n"  \
	"                      certificate chain, NAME or HOST against the\n"    \
	"                      certificate); repeatable\n"                      \
	"      --tls-ca FILE   extra trusted CA certificates (PEM)\n"           \
	"      --tls-cert FILE certificate file (PEM) to check; repeatable\n"  \
	"      --allow PORT/PROTO[,...]  inbound allowlist replacing the\n"    \
	"                      role's (\"22/tcp,1194/udp\"); repeatable\n"      \
	"      --tls-expiry-days N  warn N days before a certificate expires\n" \
	"                      (default 30)\n"                                  \
	"      --tls-timeout MS  per TLS connection attempt (default 5000)\n"   \
	"      --token-max SECONDS  longest Keystone token lifetime allowed\n"  \
	"                      (default 3600)\n"

/*
 * Handle one of the options above.  Returns 1 if opt was one, 0 if not, or
 * the exit code of a usage error (already printed) as a negative number.
 */
int cli_host_net_opt(struct cli_common *c, struct host_net_opts *o, int opt,
    const char *arg);

/* Free what cli_host_net_opt() allocated. */
void cli_host_net_release(struct host_net_opts *o);

#endif
