/*
 * nft.h - read `nft -j list ruleset` (libnftables-json(5), schema 1) into
 * the firewall model.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_NFT_H
#define RAMPART_HOST_NFT_H

#include <stddef.h>

#include "host/firewall.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"

#define NFT_MAX_INPUT ((size_t)64 << 20)

/*
 * Parse the JSON at text (len bytes) into rs: every chain of the families
 * ip, ip6 and inet (arp, bridge and netdev chains are kept with
 * FW_FAM_OTHER and never evaluated), base chains with hook, priority and
 * policy, rules with their statements.  Named sets and verdict maps are
 * resolved.  Statements rampart cannot read (iptables-nft's "xt"
 * matches) make the rule uncertain rather than wrong; rs->nunknown counts
 * such rules.  Rule text for the evidence is rebuilt in nft syntax.
 *
 * Errors: RP_EPARSE (d has name, line and reason) for JSON that does not
 * parse or does not follow the schema (no "nftables" array, a rule of an
 * unknown chain, a malformed statement); RP_ELIMIT for oversized input.
 */
int nft_json_parse(struct fw_ruleset *rs, const char *text, size_t len,
    const char *name, struct rp_diag *d) RP_MUST_CHECK;

/* FW_FAM_* for an nft family name ("inet"), FW_FAM_OTHER if unknown. */
unsigned nft_family(const char *name);

/*
 * How nft_conf_parse() reaches included files (under --root, typically).
 * glob expands a pattern into sorted paths (*paths allocated with malloc,
 * each path too; no match is *n == 0); read appends a file's text to out.
 * Both return 0 or an RP_E* error with d filled.
 */
struct nft_io {
	int (*glob)(void *arg, const char *pattern, char ***paths, size_t *n,
	    struct rp_diag *d);
	int (*read)(void *arg, const char *path, struct strbuf *out,
	    struct rp_diag *d);
	void *arg;
};

/*
 * Read the structure of an nft script in nft's own language
 * (/etc/nftables.conf): tables, chains, and for base chains their type,
 * hook, priority and policy.  Rules are not interpreted: each becomes an
 * unknown rule of its chain (rs->nunknown counts them) carrying its text
 * and line, except a final bare "drop" or "reject", which is kept as an
 * unconditional drop, so the default-deny question can be answered offline
 * while the port allowlist cannot.  include "..." statements are followed
 * through io (relative names are taken from /etc/, globs expanded by
 * io, NULL to refuse them) up to 16 levels.  A "flush ruleset" forgets
 * what came before, as nft does.
 *
 * Errors: RP_EPARSE for unbalanced braces or malformed chain headers (d
 * has the file and line), RP_ELIMIT for includes nested too deeply; the
 * errors of inc are passed on.
 */
/* The unknown-match text of every rule nft_conf_parse() keeps unread. */
#define NFT_CONF_UNREAD "rule in nft language (not read)"

int nft_conf_parse(struct fw_ruleset *rs, const char *text, size_t len,
    const char *name, const struct nft_io *io, struct rp_diag *d)
    RP_MUST_CHECK;

#endif
