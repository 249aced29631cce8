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

#endif
