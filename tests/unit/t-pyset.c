/*
 * t-pyset.c - unit tests for src/host/pyset.c: literal assignments of
 * Horizon's local_settings.py, dict expansion, computed values and file
 * order.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "host/pyset.h"
#include "test.h"

static void
parse(struct pyset *ps, const char *name, const char *text)
{
	(void)pyset_parse(ps, name, text, strlen(text));
}

static void
test_literals(void)
{
	struct pyset ps;
	const struct pyset_assign *a;

	pyset_init(&ps);
	parse(&ps, "local_settings.py",
	    "import os\n"
	    "DEBUG = False  # production\n"
	    "#CSRF_COOKIE_SECURE = True\n"
	    "SESSION_COOKIE_SECURE = True\n"
	    "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', \"https\")\n"
	    "OPENSTACK_HOST = \"127.0.0.1\"\n"
	    "URL = \"http://%s/identity/v3\" % OPENSTACK_HOST\n"
	    "SECRET_KEY = secret_key.generate_or_read_from_file(\n"
	    "    os.path.join('/', 'var'))\n"
	    "HORIZON_CONFIG[\"password_autocomplete\"] = 'on'\n"
	    "HORIZON_CONFIG['password_validator'] = {\n"
	    "    'regex': '.*',  # anything\n"
	    "    \"help_text\": _(\"Your password, {a: b}\"),\n"
	    "}\n"
	    "if DEBUG:\n"
	    "    SESSION_COOKIE_HTTPONLY = False\n"
	    "LEVEL = 'DEBUG' if DEBUG else 'INFO'\n"
	    "TEXT = '''multi\n"
	    "line''' \\\n"
	    "   'more'\n"
	    "AFTER = 1\n");
	CHECK(ps.nerrors == 0);
	a = pyset_get(&ps, "DEBUG");
	CHECK(a != NULL && a->kind == PYSET_FALSE && a->line == 2);
	CHECK(pyset_get(&ps, "CSRF_COOKIE_SECURE") == NULL);
	a = pyset_get(&ps, "SESSION_COOKIE_SECURE");
	CHECK(a != NULL && a->kind == PYSET_TRUE);
	a = pyset_get(&ps, "SECURE_PROXY_SSL_HEADER");
	CHECK(a != NULL && a->kind == PYSET_SEQ);
	CHECK_STR(a->text, "('HTTP_X_FORWARDED_PROTO', 'https')");
	a = pyset_get(&ps, "URL");
	CHECK(a != NULL && a->kind == PYSET_EXPR);
	a = pyset_get(&ps, "SECRET_KEY");
	CHECK(a != NULL && a->kind == PYSET_EXPR && a->line == 8);
	a = pyset_get(&ps, "HORIZON_CONFIG/password_autocomplete");
	CHECK(a != NULL && a->kind == PYSET_STR && a->line == 10);
	CHECK_STR(a->text, "on");
	a = pyset_get(&ps, "HORIZON_CONFIG/password_validator/regex");
	CHECK(a != NULL && a->kind == PYSET_STR && a->line == 11);
	CHECK_STR(a->text, ".*");
	a = pyset_get(&ps, "HORIZON_CONFIG/password_validator/help_text");
	CHECK(a != NULL && a->kind == PYSET_EXPR);
	a = pyset_get(&ps, "SESSION_COOKIE_HTTPONLY");
	CHECK(a != NULL && a->cond && a->kind == PYSET_FALSE);
	a = pyset_get(&ps, "LEVEL");
	CHECK(a != NULL && a->kind == PYSET_EXPR);
	a = pyset_get(&ps, "TEXT");
	CHECK(a != NULL && a->kind == PYSET_STR);
	CHECK_STR(a->text, "multi\nlinemore");
	a = pyset_get(&ps, "AFTER");
	CHECK(a != NULL && a->line == 21);
	pyset_release(&ps);
}

static void
test_override(void)
{
	struct pyset ps;
	const struct pyset_assign *a;

	pyset_init(&ps);
	parse(&ps, "local_settings.py",
	    "HORIZON_CONFIG['password_validator'] = {'regex': '.{12,}'}\n"
	    "X = {'a': 1}\n");
	parse(&ps, "local_settings.d/_50.py",
	    "HORIZON_CONFIG['password_validator'] = {'help_text': 'x'}\n"
	    "X = make()\n");
	/* A later dict without the key removes it. */
	CHECK(pyset_get(&ps, "HORIZON_CONFIG/password_validator/regex") ==
	    NULL);
	/* A computed parent decides. */
	a = pyset_get(&ps, "X/a");
	CHECK(a != NULL && a->kind == PYSET_EXPR && a->file == 1);
	pyset_release(&ps);
}

static void
test_hostile(void)
{
	struct pyset ps;

	pyset_init(&ps);
	parse(&ps, "bad.py", "A = 'unterminated\nB = True\nC = (1,\n");
	CHECK(ps.nerrors == 2);
	CHECK(pyset_get(&ps, "B") != NULL);
	pyset_release(&ps);
	pyset_init(&ps);
	parse(&ps, "deep.py",
	    "D = {'a': {'b': {'c': {'d': {'e': {'f': {'g': {'h': {'i': "
	    "{'j': {'k': {'l': {'m': {'n': {'o': {'p': {'q': {'r': 1}}}}}}}}"
	    "}}}}}}}}}}\n");
	CHECK(pyset_get(&ps, "D/a") != NULL);
	pyset_release(&ps);
}

int
main(void)
{
	TEST_RUN(test_literals);
	TEST_RUN(test_override);
	TEST_RUN(test_hostile);
	return test_report();
}
