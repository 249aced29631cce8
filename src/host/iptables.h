/*
 * iptables.h - read iptables-save and ip6tables-save output.
 *
 * The same text is what iptables-persistent keeps in /etc/iptables/rules.v4
 * and rules.v6, so live output and persisted files share this parser.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_IPTABLES_H
#define RAMPART_HOST_IPTABLES_H

#include <stddef.h>

#include "host/firewall.h"
#include "util/compat.h"
#include "util/err.h"

#define IPTABLES_MAX_INPUT ((size_t)64 << 20)
#define IPTABLES_MAX_LINE ((size_t)64 << 10)

/*
 * Parse the iptables-save text at text (len bytes) into rs, as family fam
 * (FW_FAM_IP4 for iptables-save, FW_FAM_IP6 for ip6tables-save).  name
 * is the input's name in diagnostics.  Tables become chains of rs (table
 * "filter", "nat", ...); built-in chains get their hook and policy, rules
 * keep their line number and text.
 *
 * Like iptables-restore, any malformed line makes the input invalid:
 * RP_EPARSE (d has name, line and reason), RP_ELIMIT for inputs or lines
 * over the limits above.  rs then holds what was read before the error and
 * must not be trusted for a verdict.
 */
int iptables_parse(struct fw_ruleset *rs, const char *text, size_t len,
    unsigned fam, const char *name, struct rp_diag *d) RP_MUST_CHECK;

/* Port number of a service name iptables accepts ("ssh"), or -1. */
int iptables_service_port(const char *name);

#endif
