/*
 * ynode.c - document tree accessors and YAML 1.1 scalar resolution.
 *
 * The resolution follows the table of go-yaml v2, which is what kubectl and
 * the Kubernetes API machinery use to turn YAML into JSON: y/yes/on/true and
 * n/no/off/false in three capitalisations are booleans, "", ~ and null are
 * null, integers may carry 0x/0o/0b prefixes, a leading 0 means octal and
 * underscores separate digits.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/ynode.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static const char *const true_words[] = {
	"y",
	"Y",
	"yes",
	"Yes",
	"YES",
	"true",
	"True",
	"TRUE",
	"on",
	"On",
	"ON",
};
static const char *const false_words[] = {
	"n",
	"N",
	"no",
	"No",
	"NO",
	"false",
	"False",
	"FALSE",
	"off",
	"Off",
	"OFF",
};

static int
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

int
yscalar_parse_bool(const char *s, int *out, int *yaml11)
{
	int v;

	/* Every spelling is 1 to 5 characters and starts with one of these. */
	if (s[0] == '\0' || strchr("yYnNtTfFoO", s[0]) == NULL ||
	    strnlen(s, 6) > 5)
		return -1;
	if (in_list(s, true_words, sizeof(true_words) / sizeof(*true_words)))
		v = 1;
	else if (in_list(s, false_words,
	             sizeof(false_words) / sizeof(*false_words)))
		v = 0;
	else
		return -1;
	*out = v;
	if (yaml11 != NULL)
		*yaml11 = strcmp(s, "true") != 0 && strcmp(s, "false") != 0;
	return 0;
}

int
yscalar_parse_int(const char *s, long long *out, int *yaml11)
{
	char digits[80];
	const char *p = s;
	size_t n = 0;
	int neg = 0, base = 10, y11 = 0;
	unsigned long long v = 0, lim;

	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) {
		base = 8;
		p += 2;
		y11 = 1; /* YAML 1.2 spelling; decoders disagree */
	} else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
		base = 2;
		p += 2;
	} else if (p[0] == '0' && p[1] != '\0') {
		base = 8;
		p += 1;
		y11 = 1;
	}
	if (*p == '\0' || *p == '_')
		return -1;
	for (; *p != '\0'; p++) {
		if (*p == '_') {
			y11 = 1;
			continue;
		}
		if (n + 1 >= sizeof(digits))
			return -1;
		digits[n++] = *p;
	}
	digits[n] = '\0';
	if (n == 0)
		return -1;
	lim = neg ? (unsigned long long)LLONG_MAX + 1 :
	            (unsigned long long)LLONG_MAX;
	for (p = digits; *p != '\0'; p++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return -1;
		if (d >= base)
			return -1;
		if (v >
		    (lim - (unsigned long long)d) / (unsigned long long)base)
			return -1;
		v = v * (unsigned long long)base + (unsigned long long)d;
	}
	if (neg)
		*out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN :
		                                                -(long long)v;
	else
		*out = (long long)v;
	if (yaml11 != NULL)
		*yaml11 = y11;
	return 0;
}

static int
is_float(const char *s)
{
	char *end;
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 ||
	    strcmp(p, ".INF") == 0)
		return 1;
	if (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 ||
	    strcmp(s, ".NAN") == 0)
		return 1;
	if (*p == '\0' || strchr("0123456789.", *p) == NULL)
		return 0;
	if (strspn(p, "0123456789._eE+-") != strlen(p))
		return 0;
	errno = 0;
	(void)strtod(s, &end);
	return *end == '\0' && end != s;
}

enum yscalar_kind
ynode_kind(const struct ynode *n)
{
	const char *s;
	long long ll;
	int b;

	if (n == NULL)
		return YS_NULL;
	if (n->type != YNODE_SCALAR)
		return YS_STR;
	if (n->flags & YNODE_TAG_STR)
		return YS_STR;
	if (n->flags & YNODE_TAG_NULL)
		return YS_NULL;
	s = n->u.s;
	if (n->flags & YNODE_TAG_BOOL)
		return YS_BOOL;
	if (n->flags & YNODE_TAG_INT)
		return YS_INT;
	if (n->flags & YNODE_TAG_FLOAT)
		return YS_FLOAT;
	if (n->flags & YNODE_QUOTED)
		return YS_STR;
	if (s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
		return YS_NULL;
	if (yscalar_parse_bool(s, &b, NULL) == 0)
		return YS_BOOL;
	if (yscalar_parse_int(s, &ll, NULL) == 0)
		return YS_INT;
	if (is_float(s))
		return YS_FLOAT;
	return YS_STR;
}

const char *
ynode_str(const struct ynode *n)
{
	if (n == NULL || n->type != YNODE_SCALAR)
		return NULL;
	return n->u.s;
}

int
ynode_is_null(const struct ynode *n)
{
	const char *s;

	if (n == NULL)
		return 1;
	if (n->type != YNODE_SCALAR)
		return 0;
	/* Fast path: only "", ~ and null spellings can be null. */
	s = n->u.s;
	if (!(n->flags &
	        (YNODE_TAG_NULL | YNODE_TAG_BOOL | YNODE_TAG_INT |
	            YNODE_TAG_FLOAT)) &&
	    s[0] != '\0' && s[0] != '~' && s[0] != 'n' && s[0] != 'N')
		return 0;
	return ynode_kind(n) == YS_NULL;
}

struct ynode *
ynode_get(const struct ynode *n, const char *key)
{
	uint32_t i;

	if (n == NULL || n->type != YNODE_MAP)
		return NULL;
	for (i = n->n; i > 0; i--) {
		const struct ypair *p = &n->u.pairs[i - 1];

		if (p->key->u.s[0] == key[0] && strcmp(p->key->u.s, key) == 0)
			return p->val;
	}
	return NULL;
}

struct ynode *
ynode_path(const struct ynode *n, const char *path)
{
	char key[256];
	const char *p = path, *dot;
	size_t len;

	while (n != NULL && *p != '\0') {
		dot = strchr(p, '.');
		len = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof(key))
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		n = ynode_get(n, key);
		p += len;
		if (*p == '.')
			p++;
	}
	return (struct ynode *)(uintptr_t)n; /* like strchr() */
}

struct ynode *
ynode_item(const struct ynode *n, size_t i)
{
	if (n == NULL || n->type != YNODE_SEQ || i >= n->n)
		return NULL;
	return n->u.items[i];
}

size_t
ynode_len(const struct ynode *n)
{
	if (n == NULL || n->type == YNODE_SCALAR)
		return 0;
	return n->n;
}

const char *
ynode_get_str(const struct ynode *n, const char *key)
{
	const struct ynode *v = ynode_get(n, key);

	if (v == NULL || v->type != YNODE_SCALAR || ynode_is_null(v))
		return NULL;
	return v->u.s;
}

enum yget
ynode_bool(const struct ynode *n, int *out)
{
	int b, y11 = 0;

	if (ynode_is_null(n))
		return YGET_UNSET;
	if (n->type != YNODE_SCALAR)
		return YGET_INVALID;
	if (ynode_kind(n) == YS_BOOL) {
		if (yscalar_parse_bool(n->u.s, &b, &y11) != 0) {
			/* !!bool on something odd: not a boolean after all */
			return YGET_INVALID;
		}
		*out = b;
		return y11 ? YGET_YAML11 : YGET_OK;
	}
	if (yscalar_parse_bool(n->u.s, &b, NULL) == 0) {
		*out = b;
		return YGET_COERCED;
	}
	return YGET_INVALID;
}

enum yget
ynode_int(const struct ynode *n, long long *out)
{
	long long v;
	int y11 = 0;

	if (ynode_is_null(n))
		return YGET_UNSET;
	if (n->type != YNODE_SCALAR)
		return YGET_INVALID;
	if (yscalar_parse_int(n->u.s, &v, &y11) != 0)
		return YGET_INVALID;
	*out = v;
	if (ynode_kind(n) == YS_INT)
		return y11 ? YGET_YAML11 : YGET_OK;
	return YGET_COERCED;
}
