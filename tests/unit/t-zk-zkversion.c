/*
 * t-zk-zkversion.c - version ordering and the security-flaw table.
 *
 * The ordering cases agree with `dpkg --compare-versions`, except that an
 * upstream pre-release suffix ("3.5.4-beta") sorts before its release.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "test.h"
#include "zk/zkversion.h"
#include "util/banned.h"

static void
test_compare(void)
{
	static const struct {
		const char *a, *b;
		int sign;
	} cases[] = {
		{ "3.8.0", "3.8.0", 0 },
		{ "3.8.10", "3.8.4", 1 },
		{ "3.8.0-11+deb12u2", "3.8.0-11+deb12u1", 1 },
		{ "3.8.0-11+deb12u1", "3.8.0-11", 1 },
		{ "3.8.0-11", "3.8.0-9", 1 },
		{ "3.8.0-11+deb12u2", "3.8.1", -1 },
		{ "1:3.4.0", "3.9.5", 1 },
		{ "3.5.4-beta", "3.5.4", -1 },
		{ "3.5.4-beta", "3.5.3", 1 },
		{ "3.9.0~rc1", "3.9.0", -1 },
		{ "3.10.0", "3.9.5", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = zk_version_cmp(cases[i].a, cases[i].b);

		CHECK((r > 0) - (r < 0) == cases[i].sign);
	}
}

static const struct zk_cve *
cve(const char *id)
{
	size_t i;

	for (i = 0; i < zk_ncves; i++)
		if (strcmp(zk_cves[i].id, id) == 0)
			return &zk_cves[i];
	return NULL;
}

static void
test_debian_bookworm(void)
{
	const char *v = "3.8.0-11+deb12u2";

	/* Backported in deb12u1 and deb12u2. */
	CHECK(!zk_cve_open(cve("CVE-2023-44981"), v));
	CHECK(!zk_cve_open(cve("CVE-2024-23944"), v));
	/* ...but the earlier revision lacks the second fix. */
	CHECK(zk_cve_open(cve("CVE-2024-23944"), "3.8.0-11+deb12u1"));
	CHECK(zk_cve_open(cve("CVE-2023-44981"), "3.8.0-11"));
	/* Not backported. */
	CHECK(zk_cve_open(cve("ZOOKEEPER-2590"), v));
	CHECK(zk_cve_open(cve("CVE-2026-24281"), v));
	CHECK(zk_cve_open(cve("CVE-2026-24308"), v));
	/* Fixed long before 3.8, or only in 3.9. */
	CHECK(!zk_cve_open(cve("CVE-2019-0201"), v));
	CHECK(!zk_cve_open(cve("CVE-2024-51504"), v));
	CHECK(!zk_cve_open(cve("CVE-2025-58457"), v));
}

static void
test_upstream_lines(void)
{
	CHECK(zk_cve_open(cve("CVE-2023-44981"), "3.8.2"));
	CHECK(!zk_cve_open(cve("CVE-2023-44981"), "3.8.3"));
	CHECK(zk_cve_open(cve("CVE-2023-44981"), "3.6.4"));
	CHECK(!zk_cve_open(cve("CVE-2023-44981"), "3.10.0"));
	CHECK(zk_cve_open(cve("CVE-2018-8012"), "3.5.4-beta") == 0);
	CHECK(zk_cve_open(cve("CVE-2018-8012"), "3.5.3-beta"));
	CHECK(zk_cve_open(cve("CVE-2018-8012"), "3.4.9"));
	CHECK(!zk_cve_open(cve("CVE-2018-8012"), "3.6.0"));
	CHECK(zk_cve_open(cve("CVE-2024-51504"), "3.9.2"));
	CHECK(!zk_cve_open(cve("CVE-2024-51504"), "3.8.4"));
	/* 3.7 got no fix of CVE-2024-23944: it was out of support. */
	CHECK(zk_cve_open(cve("CVE-2024-23944"), "3.7.2"));
	CHECK(!zk_cve_open(cve("CVE-2024-23944"), "3.5.9"));
	CHECK(zk_version_at_least("3.9.1", "3.9.0", 0));
	CHECK(!zk_version_at_least("3.8.0-11+deb12u2", "3.9.0", 1));
	CHECK(zk_version_at_least(NULL, "3.9.0", 1));
}

int
main(void)
{
	TEST_RUN(test_compare);
	TEST_RUN(test_debian_bookworm);
	TEST_RUN(test_upstream_lines);
	return test_report();
}
