/*
 * t-util.c - unit tests for src/util: strbuf, buf, arena, utf8, dates.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/utf8.h"

static void
test_strbuf_cap(void)
{
	struct strbuf sb;

	strbuf_init(&sb, 8);
	strbuf_addstr(&sb, "12345");
	CHECK(strbuf_error(&sb) == 0);
	strbuf_addstr(&sb, "6789");
	CHECK(strbuf_error(&sb) == RP_ELIMIT);
	CHECK_STR(sb.buf, "12345");
	strbuf_addstr(&sb, "x"); /* sticky: still refused */
	CHECK_STR(sb.buf, "12345");
	strbuf_release(&sb);
}

static void
test_strbuf_escapes(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_json(&sb, "a\"b\\c\n\x01\xff\xc3\xa9");
	CHECK_STR(sb.buf, "\"a\\\"b\\\\c\\n\\u0001\\ufffd\xc3\xa9\"");
	strbuf_reset(&sb);
	strbuf_add_xml(&sb, "<a href='x'>&\x1b");
	CHECK_STR(sb.buf, "&lt;a href=&#39;x&#39;&gt;&amp;\xef\xbf\xbd");
	strbuf_reset(&sb);
	strbuf_add_term(&sb, "red\x1b[31m\n");
	CHECK_STR(sb.buf, "red\\x1b[31m\\n");
	strbuf_release(&sb);
}

static void
test_buf_bounds(void)
{
	static const unsigned char data[] = { 0, 0, 0, 3, 'a', 'b', 'c', 0xff,
		0xff, 0xff, 0xff, 0, 0, 0, 9, 'x' };
	struct buf b;
	struct bstr s;
	int32_t v;

	buf_init(&b, data, sizeof(data));
	CHECK(buf_get_string(&b, 100, &s) == 0 && s.len == 3 &&
	    memcmp(s.p, "abc", 3) == 0);
	CHECK(buf_get_string(&b, 100, &s) == 0 && s.len == -1 && s.p == NULL);
	CHECK(buf_peek_i32(&b, &v) == 0 && v == 9);
	/* length 9 with one byte left: truncated, never an over-read */
	CHECK(buf_get_string(&b, 100, &s) == RP_ETRUNC);
	buf_init(&b, data, sizeof(data));
	CHECK(buf_get_string(&b, 2, &s) == RP_ELIMIT);
}

static void
test_buf_nul_in_string(void)
{
	static const unsigned char data[] = { 0, 0, 0, 2, 'a', 0 };
	static const unsigned char neg[] = { 0xff, 0xff, 0xff, 0xfe };
	struct buf b;
	struct bstr s;

	buf_init(&b, data, sizeof(data));
	CHECK(buf_get_string(&b, 10, &s) == RP_EPROTO);
	buf_init(&b, data, sizeof(data));
	CHECK(buf_get_bytes(&b, 10, &s) == 0 && s.len == 2);
	buf_init(&b, neg, sizeof(neg));
	CHECK(buf_get_string(&b, 10, &s) == RP_EPROTO);
}

static void
test_arena(void)
{
	struct arena a;
	char *big, *s;
	int i;

	arena_init(&a, 256);
	for (i = 0; i < 1000; i++) {
		s = arena_printf(&a, "item-%d", i);
		CHECK(strncmp(s, "item-", 5) == 0);
	}
	big = arena_alloc(&a, 10000);
	memset(big, 'x', 10000);
	arena_reset(&a);
	s = arena_strdup(&a, "again");
	CHECK_STR(s, "again");
	arena_release(&a);
}

static void
test_utf8(void)
{
	CHECK(utf8_check("abc\xc3\xa9", 5) == 5);
	CHECK(utf8_check("ab\xc0\xaf", 4) == 2);         /* overlong */
	CHECK(utf8_check("\xed\xa0\x80", 3) == 0);       /* surrogate */
	CHECK(utf8_check("\xf4\x90\x80\x80", 4) == 0);   /* > U+10FFFF */
	CHECK(utf8_check("\xf0\x9f\x98\x80", 4) == 4);
}

static void
test_dates(void)
{
	CHECK(rp_date_valid("2027-02-28") == 0);
	CHECK(rp_date_valid("2027-02-29") != 0);
	CHECK(rp_date_valid("2028-02-29") == 0);
	CHECK(rp_date_valid("2027-13-01") != 0);
	CHECK(rp_date_valid("27-01-01") != 0);
	CHECK(strcmp(rp_strerror(RP_EPARSE), "parse error") == 0);
	CHECK(strcmp(rp_strerror(RP_EINTERNAL), "internal error") == 0);
}

int
main(void)
{
	TEST_RUN(test_strbuf_cap);
	TEST_RUN(test_strbuf_escapes);
	TEST_RUN(test_buf_bounds);
	TEST_RUN(test_buf_nul_in_string);
	TEST_RUN(test_arena);
	TEST_RUN(test_utf8);
	TEST_RUN(test_dates);
	return test_report();
}
