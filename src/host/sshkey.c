/*
 * sshkey.c - SSH public key blobs, authorized_keys lines, fingerprints.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/sshkey.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/banned.h"

#define BLOB_MAX (16u << 10) /* larger than any real public key */

const char *
sshkey_kind_name(enum sshkey_kind k)
{
	switch (k) {
	case SSHKEY_RSA:
		return "RSA";
	case SSHKEY_DSA:
		return "DSA";
	case SSHKEY_ECDSA:
		return "ECDSA";
	case SSHKEY_ED25519:
		return "ED25519";
	case SSHKEY_SK_ECDSA:
		return "ECDSA-SK";
	case SSHKEY_SK_ED25519:
		return "ED25519-SK";
	}
	return "?";
}

/* Bit length of an mpint (two's complement, big-endian, leading zero). */
static unsigned
mpint_bits(const struct bstr *m)
{
	const unsigned char *p = (const unsigned char *)m->p;
	size_t len = (size_t)m->len;
	unsigned bits;
	unsigned char top;

	while (len > 0 && *p == 0) {
		p++;
		len--;
	}
	if (len == 0)
		return 0;
	top = *p;
	bits = (unsigned)(len - 1) * 8;
	while (top != 0) {
		bits++;
		top >>= 1;
	}
	return bits;
}

static int
get_str(struct buf *b, struct bstr *s)
{
	int r = buf_get_bytes(b, BLOB_MAX, s);

	if (r == 0 && s->p == NULL)
		return RP_EPARSE;
	return r;
}

static int
bstr_is(const struct bstr *s, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)s->len == n && memcmp(s->p, lit, n) == 0;
}

static unsigned
curve_bits(const struct bstr *curve)
{
	if (bstr_is(curve, "nistp256"))
		return 256;
	if (bstr_is(curve, "nistp384"))
		return 384;
	if (bstr_is(curve, "nistp521"))
		return 521;
	return 0;
}

static void
fingerprint(const void *blob, size_t len, char *out, size_t size)
{
	unsigned char md[32];
	unsigned char b64[64];
	unsigned int mdlen = 0;
	int n;

	out[0] = '\0';
	if (EVP_Digest(blob, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != sizeof(md))
		return;
	n = EVP_EncodeBlock(b64, md, (int)mdlen);
	while (n > 0 && b64[n - 1] == '=')
		n--;
	snprintf(out, size, "SHA256:%.*s", n, (const char *)b64);
}

int
sshkey_blob_info(const void *blob, size_t len, struct sshkey_info *ki)
{
	struct buf b;
	struct bstr type, a, c;
	char name[64];
	size_t tl;
	int r;

	memset(ki, 0, sizeof(*ki));
	buf_init(&b, blob, len);
	if ((r = get_str(&b, &type)) != 0)
		return r;
	if (type.len <= 0 || (size_t)type.len >= sizeof(name))
		return RP_EPARSE;
	memcpy(name, type.p, (size_t)type.len);
	name[type.len] = '\0';
	memcpy(ki->type, name, (size_t)type.len + 1);
	tl = (size_t)type.len;
	if (tl > 21 && strcmp(name + tl - 21, "-cert-v01@openssh.com") == 0) {
		ki->cert = 1;
		name[tl - 21] = '\0';
		/* The nonce comes first in every certificate. */
		if ((r = get_str(&b, &a)) != 0)
			return r;
	}
	if (strcmp(name, "ssh-rsa") == 0) {
		ki->kind = SSHKEY_RSA;
		if ((r = get_str(&b, &a)) != 0 || (r = get_str(&b, &c)) != 0)
			return r;
		ki->bits = mpint_bits(&c);
	} else if (strcmp(name, "ssh-dss") == 0) {
		ki->kind = SSHKEY_DSA;
		if ((r = get_str(&b, &a)) != 0)
			return r;
		ki->bits = mpint_bits(&a);
	} else if (strncmp(name, "ecdsa-sha2-", 11) == 0 ||
	    strcmp(name, "sk-ecdsa-sha2-nistp256@openssh.com") == 0) {
		ki->kind = strncmp(name, "sk-", 3) == 0 ? SSHKEY_SK_ECDSA
						    : SSHKEY_ECDSA;
		if ((r = get_str(&b, &a)) != 0 || (r = get_str(&b, &c)) != 0)
			return r;
		ki->bits = curve_bits(&a);
		if (ki->bits == 0)
			return RP_EPARSE;
	} else if (strcmp(name, "ssh-ed25519") == 0 ||
	    strcmp(name, "sk-ssh-ed25519@openssh.com") == 0) {
		ki->kind = strncmp(name, "sk-", 3) == 0 ? SSHKEY_SK_ED25519
						    : SSHKEY_ED25519;
		if ((r = get_str(&b, &a)) != 0)
			return r;
		if (a.len != 32)
			return RP_EPARSE;
		ki->bits = 256;
	} else {
		return RP_EPARSE;
	}
	if (ki->bits == 0)
		return RP_EPARSE;
	fingerprint(blob, len, ki->fp, sizeof(ki->fp));
	return 0;
}

static int
b64_val(int ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

int
sshkey_b64_decode(const char *s, size_t len, struct strbuf *out)
{
	uint32_t acc = 0;
	size_t i, n = 0, pad = 0;

	for (i = 0; i < len; i++) {
		int v;

		if (s[i] == '\n' || s[i] == '\r')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0)
			return RP_EPARSE;
		v = b64_val((unsigned char)s[i]);
		if (v < 0)
			return RP_EPARSE;
		acc = acc << 6 | (uint32_t)v;
		if (++n % 4 == 0) {
			strbuf_addch(out, (int)(acc >> 16 & 0xff));
			strbuf_addch(out, (int)(acc >> 8 & 0xff));
			strbuf_addch(out, (int)(acc & 0xff));
			acc = 0;
		}
	}
	if (pad > 2)
		return RP_EPARSE;
	switch (n % 4) {
	case 0:
		break;
	case 2:
		strbuf_addch(out, (int)(acc >> 4 & 0xff));
		break;
	case 3:
		strbuf_addch(out, (int)(acc >> 10 & 0xff));
		strbuf_addch(out, (int)(acc >> 2 & 0xff));
		break;
	default:
		return RP_EPARSE;
	}
	return 0;
}

/* Does the word at p (length n) look like a key type? */
static int
is_key_type(const char *p, size_t n)
{
	static const char *const prefixes[] = { "ssh-", "ecdsa-", "sk-",
		"rsa-" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t pl = strlen(prefixes[i]);

		if (n > pl && strncmp(p, prefixes[i], pl) == 0)
			return 1;
	}
	return 0;
}

int
sshkey_line_parse(const char *line, struct sshkey_line *out)
{
	const char *p = line, *start;
	size_t n;
	int quoted = 0;

	memset(out, 0, sizeof(*out));
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#')
		return 0;
	n = strcspn(p, " \t\r\n");
	if (!is_key_type(p, n)) {
		/* Options first, as sshkey_advance_past_options() reads them. */
		start = p;
		for (; *p && *p != '\n' && (quoted || (*p != ' ' && *p != '\t'));
		     p++) {
			if (*p == '\\' && p[1] == '"')
				p++;
			else if (*p == '"')
				quoted = !quoted;
		}
		if (quoted)
			return RP_EPARSE;
		out->options = start;
		out->options_len = (size_t)(p - start);
		while (*p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, " \t\r\n");
		if (n == 0)
			return RP_EPARSE;
	}
	out->type = p;
	out->type_len = n;
	p += n;
	while (*p == ' ' || *p == '\t')
		p++;
	n = strcspn(p, " \t\r\n");
	if (n == 0)
		return RP_EPARSE;
	out->b64 = p;
	out->b64_len = n;
	p += n;
	while (*p == ' ' || *p == '\t')
		p++;
	out->comment = p;
	return 1;
}

int
sshkey_option_has(const char *options, size_t len, const char *name)
{
	size_t nl = strlen(name), i = 0;
	int quoted = 0;

	while (i < len) {
		size_t start = i;

		while (i < len && (quoted || options[i] != ',')) {
			if (options[i] == '\\' && i + 1 < len &&
			    options[i + 1] == '"')
				i++;
			else if (options[i] == '"')
				quoted = !quoted;
			i++;
		}
		if (i - start >= nl &&
		    strncasecmp(options + start, name, nl) == 0 &&
		    (i - start == nl || options[start + nl] == '='))
			return 1;
		i++;
	}
	return 0;
}

int
sshkey_private_public(const char *text, size_t len, struct strbuf *out)
{
	static const char begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----";
	static const char end[] = "-----END OPENSSH PRIVATE KEY-----";
	static const char magic[] = "openssh-key-v1";
	struct strbuf raw = STRBUF_INIT;
	const char *b, *e;
	struct buf cur;
	struct bstr s;
	uint32_t nkeys;
	int r = RP_EPARSE;

	b = len >= sizeof(begin) - 1 ? strstr(text, begin) : NULL;
	if (b == NULL)
		return RP_ENOTSUP;
	b += sizeof(begin) - 1;
	e = strstr(b, end);
	if (e == NULL)
		return RP_EPARSE;
	if (sshkey_b64_decode(b, (size_t)(e - b), &raw) != 0)
		goto out;
	if (raw.len < sizeof(magic) ||
	    memcmp(raw.buf, magic, sizeof(magic)) != 0)
		goto out;
	buf_init(&cur, raw.buf + sizeof(magic), raw.len - sizeof(magic));
	/* cipher name, kdf name, kdf options, number of keys, public key */
	if (get_str(&cur, &s) != 0 || get_str(&cur, &s) != 0 ||
	    get_str(&cur, &s) != 0 || buf_get_u32(&cur, &nkeys) != 0 ||
	    nkeys < 1 || get_str(&cur, &s) != 0)
		goto out;
	strbuf_add(out, s.p, (size_t)s.len);
	r = 0;
out:
	strbuf_release(&raw);
	return r;
}
