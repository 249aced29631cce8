/*
 * zkversion.h - ZooKeeper release versions and the published security flaws
 * they carry.
 *
 * Versions are compared with dpkg's algorithm (epoch, upstream version,
 * Debian revision; '~' sorts before everything), which also orders plain
 * upstream versions correctly ("3.8.10" > "3.8.4", "3.5.4-beta" <
 * "3.5.4").  A flaw is open in a version when its upstream part is older
 * than the first fixed release of its line, unless the Debian revision is
 * at least the one that backported the fix.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_ZKVERSION_H
#define RAMPART_ZK_ZKVERSION_H

#include "core/rule.h"

/* Compare two versions as dpkg --compare-versions does: <0, 0, >0. */
int zk_version_cmp(const char *a, const char *b);

/* One published issue. */
struct zk_cve {
	const char *id;
	const char *what;
	const char *affected_from; /* first affected release, or NULL */
	const char *fixed[4];      /* first fixed release per line */
	const char *debian_fixed;  /* Debian revision with the backport */
	enum severity severity;
	const char *mitigation;
};

extern const struct zk_cve zk_cves[];
extern const size_t zk_ncves;

/*
 * True when version (upstream or Debian form) is affected by cve.  The
 * fixed releases of the line decide; a line older than every
 * listed fix is affected, a newer one is not.
 */
int zk_cve_open(const struct zk_cve *cve, const char *version);

/*
 * True when the upstream part of version is at least want (for feature
 * defaults that changed between releases).  Unknown versions return dflt.
 */
int zk_version_at_least(const char *version, const char *want, int dflt);

#endif
