/*
 * t-ini.c - unit tests for src/util/ini.c: oslo.config's INI rules
 * (continuations, comments, sections, repeated keys, deprecated names,
 * file order) and malformed lines.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "test.h"
#include "util/err.h"
#include "util/ini.h"

static void
parse(struct ini *ini, const char *name, const char *text)
{
	(void)ini_parse(ini, name, text, strlen(text));
}

static void
test_basic(void)
{
	struct ini ini;
	const struct ini_entry *e;

	ini_init(&ini);
	parse(&ini, "a.conf",
	    "# comment\n"
	    "; also a comment\n"
	    "[DEFAULT]\n"
	    "debug = true\n"
	    "colon: value : with colon\n"
	    "eq=a:b\n"
	    "quoted = \"x y\"\n"
	    "inline = False  # prod\n"
	    "multi = first\n"
	    "   second\n"
	    "\t# third\n"
	    "\n"
	    "[Keystone_AuthToken]\n"
	    "www_authenticate_uri = https://ks:5000\n"
	    "[default]\n"
	    "debug = false\n");
	CHECK(ini.nerrors == 0);
	e = ini_get1(&ini, "DEFAULT", "debug");
	CHECK(e != NULL && strcmp(e->value, "true") == 0 && e->line == 4);
	e = ini_get1(&ini, "DEFAULT", "colon");
	CHECK_STR(e->value, "value : with colon");
	e = ini_get1(&ini, "DEFAULT", "eq");
	CHECK_STR(e->value, "a:b");
	e = ini_get1(&ini, "DEFAULT", "quoted");
	CHECK_STR(e->value, "x y");
	/* No inline comments in oslo.config. */
	e = ini_get1(&ini, "DEFAULT", "inline");
	CHECK_STR(e->value, "False  # prod");
	e = ini_get1(&ini, "DEFAULT", "multi");
	CHECK_STR(e->value, "first\nsecond\n# third");
	/* Section names compare in lower case, DEFAULT only in upper. */
	e = ini_get1(&ini, "keystone_authtoken", "www_authenticate_uri");
	CHECK(e != NULL && e->line == 14);
	e = ini_get1(&ini, "default", "debug");
	CHECK(e != NULL && strcmp(e->value, "false") == 0);
	CHECK(ini_has_section(&ini, "KEYSTONE_AUTHTOKEN"));
	CHECK(!ini_has_section(&ini, "nova"));
	/* Keys are case-sensitive. */
	CHECK(ini_get1(&ini, "DEFAULT", "Debug") == NULL);
	ini_release(&ini);
}

static void
test_order(void)
{
	static const struct ini_name names[] = { { "api", "auth_strategy" },
		{ "DEFAULT", "auth_strategy" } };
	struct ini ini;
	const struct ini_entry *e;
	size_t n = 0;

	ini_init(&ini);
	parse(&ini, "nova.conf",
	    "[DEFAULT]\nauth_strategy = noauth2\n"
	    "[api]\nauth_strategy = keystone\n"
	    "[DEFAULT]\nauth_strategy = noauth\n"
	    "[pci]\ndevice_spec = a\ndevice_spec = b\n");
	/* Within a file the current name beats the deprecated one. */
	e = ini_get(&ini, names, 2);
	CHECK(e != NULL && strcmp(e->value, "keystone") == 0);
	parse(&ini, "nova.conf.d/10.conf",
	    "[DEFAULT]\nauth_strategy = noauth2\n[pci]\ndevice_spec = c\n");
	/* A later file wins, even with a deprecated name. */
	e = ini_get(&ini, names, 2);
	CHECK(e != NULL && strcmp(e->value, "noauth2") == 0 && e->file == 1);
	/* Multi-valued options accumulate in parse order. */
	for (e = ini_next(&ini, "pci", "device_spec", NULL); e != NULL;
	     e = ini_next(&ini, "pci", "device_spec", e))
		n++;
	CHECK(n == 3);
	e = ini_get1(&ini, "pci", "device_spec");
	CHECK_STR(e->value, "c");
	ini_release(&ini);
}

static void
test_errors(void)
{
	struct ini ini;

	ini_init(&ini);
	parse(&ini, "bad.conf",
	    "key = before section\n"
	    "[DEFAULT]\n"
	    "password s3cret\n"
	    "[unterminated\n"
	    "[]\n"
	    " = novalue\n"
	    "[ok]\n"
	    "\n"
	    "  orphan continuation\n"
	    "good = 1\n");
	CHECK(ini.nerrors == 6);
	CHECK(ini.errors[0].line == 1);
	CHECK(ini.errors[1].line == 3);
	CHECK(strstr(ini.errors[1].msg, "s3cret") == NULL);
	CHECK(ini.errors[2].line == 4);
	CHECK(ini.errors[3].line == 5);
	CHECK(ini.errors[5].line == 9);
	CHECK(ini_get1(&ini, "ok", "good") != NULL);
	ini_release(&ini);

	ini_init(&ini);
	(void)ini_parse(&ini, "nul.conf", "[a]\nk = v\0x\nz = 1\n", 16);
	CHECK(ini.nerrors == 1 && ini.errors[0].line == 2);
	CHECK(ini_get1(&ini, "a", "z") != NULL);
	ini_release(&ini);
}

static void
test_values(void)
{
	int b = -1;
	long v = 0;

	CHECK(ini_bool("True", &b) == 0 && b == 1);
	CHECK(ini_bool("off", &b) == 0 && b == 0);
	CHECK(ini_bool("False  # prod", &b) == RP_EINVAL);
	CHECK(ini_bool("", &b) == RP_EINVAL);
	CHECK(ini_long(" 3600 ", &v) == 0 && v == 3600);
	CHECK(ini_long("-1", &v) == 0 && v == -1);
	CHECK(ini_long("1h", &v) == RP_EINVAL);
	CHECK(ini_long("", &v) == RP_EINVAL);
	CHECK(ini_long("99999999999999999999999", &v) == RP_ERANGE);
}

int
main(void)
{
	TEST_RUN(test_basic);
	TEST_RUN(test_order);
	TEST_RUN(test_errors);
	TEST_RUN(test_values);
	return test_report();
}
