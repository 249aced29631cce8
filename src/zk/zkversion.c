/*
 * zkversion.c - version comparison and the security-flaw table.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/zkversion.h"

#include <stdlib.h>
#include <string.h>

#include "util/compat.h"

#include "util/banned.h"

/*
 * The flaws of the ZooKeeper server that an operator can act on, from the
 * project's security page and the Debian changelog of the zookeeper source
 * package.
 */
const struct zk_cve zk_cves[] = {
	{ "CVE-2017-5637",
	    "wchp/wchc four-letter words let anyone exhaust the server", NULL,
	    { "3.4.10", "3.5.3" }, NULL, SEV_MEDIUM,
	    "keep wchp and wchc out of 4lw.commands.whitelist" },
	{ "CVE-2018-8012", "quorum peers are not authenticated", NULL,
	    { "3.4.10", "3.5.4-beta" }, NULL, SEV_HIGH,
	    "firewall the quorum ports to ensemble members" },
	{ "CVE-2019-0201",
	    "getACL needs no permission and returns unmasked digest hashes",
	    NULL, { "3.4.14", "3.5.5" }, NULL, SEV_HIGH,
	    "use sasl or x509 ACLs instead of digest" },
	{ "ZOOKEEPER-2590", "exists() ignores READ and reveals node stats",
	    NULL, { "3.7.3", "3.8.4", "3.9.2" }, NULL, SEV_LOW,
	    "do not encode secrets in znode names" },
	{ "CVE-2023-44981",
	    "quorum SASL authorises principals without an instance part", NULL,
	    { "3.7.2", "3.8.3", "3.9.1" }, "3.8.0-11+deb12u1", SEV_CRITICAL,
	    "firewall the quorum ports to ensemble members" },
	{ "CVE-2024-23944",
	    "persistent recursive watches reveal child paths without ACL checks",
	    "3.6.0", { "3.8.4", "3.9.2" }, "3.8.0-11+deb12u2", SEV_MEDIUM,
	    "do not encode secrets in znode names" },
	{ "CVE-2024-51504",
	    "AdminServer ip authentication trusts X-Forwarded-For", "3.9.0",
	    { "3.9.3" }, NULL, SEV_HIGH,
	    "bind the AdminServer to 127.0.0.1 or disable it" },
	{ "CVE-2025-58457",
	    "AdminServer snapshot/restore permission check is insufficient",
	    "3.9.0", { "3.9.4" }, NULL, SEV_MEDIUM,
	    "set admin.snapshot.enabled=false and admin.restore.enabled=false" },
	{ "CVE-2026-24281",
	    "TLS hostname verification falls back to reverse DNS", "3.5.5",
	    { "3.8.6", "3.9.5" }, NULL, SEV_MEDIUM,
	    "use certificates with IP subject alternative names and trusted DNS" },
	{ "CVE-2026-24308", "client configuration values are logged at INFO",
	    NULL, { "3.8.6", "3.9.5" }, NULL, SEV_LOW,
	    "raise the log level of org.apache.zookeeper to WARN and keep secrets out of client settings" },
};
const size_t zk_ncves = ARRAY_SIZE(zk_cves);

/* dpkg's ordering of a single character: '~' first, letters, others. */
static int
order(int c)
{
	if (c >= '0' && c <= '9')
		return 0;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return c;
	if (c == '~')
		return -1;
	if (c != '\0')
		return c + 256;
	return 0;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* dpkg's verrevcmp over one part (upstream or revision). */
static int
part_cmp(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		int first = 0;

		while ((*a != '\0' && !is_digit(*a)) ||
		    (*b != '\0' && !is_digit(*b))) {
			int ac = order((unsigned char)*a);
			int bc = order((unsigned char)*b);

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		while (is_digit(*a) && is_digit(*b)) {
			if (first == 0)
				first = *a - *b;
			a++;
			b++;
		}
		if (is_digit(*a))
			return 1;
		if (is_digit(*b))
			return -1;
		if (first != 0)
			return first;
	}
	return 0;
}

struct ver {
	long epoch;
	char up[128];
	char rev[128];
};

static void
split(const char *v, struct ver *out)
{
	const char *colon = strchr(v, ':'), *dash;
	size_t n;

	out->epoch = 0;
	if (colon != NULL) {
		out->epoch = strtol(v, NULL, 10);
		v = colon + 1;
	}
	dash = strrchr(v, '-');
	/* "3.5.4-beta" has no Debian revision: a revision starts with a digit.
	 */
	if (dash != NULL && !is_digit((unsigned char)dash[1]))
		dash = NULL;
	n = dash != NULL ? (size_t)(dash - v) : strlen(v);
	if (n >= sizeof(out->up))
		n = sizeof(out->up) - 1;
	memcpy(out->up, v, n);
	out->up[n] = '\0';
	out->rev[0] = '\0';
	if (dash != NULL) {
		n = strlen(dash + 1);
		if (n >= sizeof(out->rev))
			n = sizeof(out->rev) - 1;
		memcpy(out->rev, dash + 1, n);
		out->rev[n] = '\0';
	}
}

/*
 * "-beta" and "-alpha" suffixes of upstream pre-releases sort before the
 * release: rewrite them as dpkg would spell them ("~beta").
 */
static void
prerelease(char *up)
{
	char *dash = strchr(up, '-');

	if (dash != NULL)
		*dash = '~';
}

int
zk_version_cmp(const char *a, const char *b)
{
	struct ver va, vb;
	int r;

	split(a, &va);
	split(b, &vb);
	prerelease(va.up);
	prerelease(vb.up);
	if (va.epoch != vb.epoch)
		return va.epoch < vb.epoch ? -1 : 1;
	if ((r = part_cmp(va.up, vb.up)) != 0)
		return r;
	return part_cmp(va.rev, vb.rev);
}

/* "3.8" of "3.8.0": the release line. */
static void
line_of(const char *v, char *out, size_t n)
{
	const char *dot = strchr(v, '.');
	size_t len;

	if (dot != NULL)
		dot = strchr(dot + 1, '.');
	len = dot != NULL ? (size_t)(dot - v) : strlen(v);
	if (len >= n)
		len = n - 1;
	memcpy(out, v, len);
	out[len] = '\0';
}

int
zk_cve_open(const struct zk_cve *cve, const char *version)
{
	struct ver v, fix;
	char vline[32], fline[32];
	const char *lowest = NULL, *highest = NULL;
	size_t i;

	split(version, &v);
	if (cve->affected_from != NULL &&
	    zk_version_cmp(v.up, cve->affected_from) < 0)
		return 0;
	if (cve->debian_fixed != NULL && v.rev[0] != '\0') {
		split(cve->debian_fixed, &fix);
		if (strcmp(fix.up, v.up) == 0 &&
		    zk_version_cmp(version, cve->debian_fixed) >= 0)
			return 0;
	}
	line_of(v.up, vline, sizeof(vline));
	for (i = 0; i < ARRAY_SIZE(cve->fixed) && cve->fixed[i] != NULL; i++) {
		line_of(cve->fixed[i], fline, sizeof(fline));
		if (strcmp(fline, vline) == 0)
			return zk_version_cmp(v.up, cve->fixed[i]) < 0;
		if (lowest == NULL || zk_version_cmp(cve->fixed[i], lowest) < 0)
			lowest = cve->fixed[i];
		if (highest == NULL ||
		    zk_version_cmp(cve->fixed[i], highest) > 0)
			highest = cve->fixed[i];
	}
	/*
	 * No fix on this release line: lines older than every fixed one
	 * never got it (they were out of support); newer lines were born
	 * fixed.  A line between two fixed ones was out of support too.
	 */
	if (lowest == NULL)
		return 0;
	return zk_version_cmp(v.up, highest) < 0;
}

int
zk_version_at_least(const char *version, const char *want, int dflt)
{
	struct ver v;

	if (version == NULL)
		return dflt;
	split(version, &v);
	return zk_version_cmp(v.up, want) >= 0;
}
