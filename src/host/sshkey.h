/*
 * sshkey.h - SSH public keys: wire-format blobs, authorized_keys lines and
 * the public half of OpenSSH private key files.
 *
 * Only what a strength check needs is decoded: the algorithm, the key size
 * (RSA modulus and DSA p bit lengths, the ECDSA curve) and the SHA-256
 * fingerprint that ssh-keygen -l prints.  Blobs are read through the
 * bounded cursor of util/buf.h; nothing secret is ever decoded.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_SSHKEY_H
#define RAMPART_HOST_SSHKEY_H

#include <stddef.h>

#include "util/compat.h"
#include "util/strbuf.h"

enum sshkey_kind {
	SSHKEY_RSA,
	SSHKEY_DSA,
	SSHKEY_ECDSA,
	SSHKEY_ED25519,
	SSHKEY_SK_ECDSA,
	SSHKEY_SK_ED25519,
};

struct sshkey_info {
	enum sshkey_kind kind;
	int cert;          /* an OpenSSH certificate around the key */
	unsigned bits;     /* modulus, p, curve or 256 for Ed25519 */
	char type[64];     /* key type name as in the blob */
	char fp[64];       /* "SHA256:..." as ssh-keygen -l prints it */
};

/*
 * Decode a public key blob (RFC 4253 string type, then the key fields).
 * Returns 0, RP_EPARSE for a malformed or unknown blob, RP_ETRUNC when it
 * ends early.
 */
int sshkey_blob_info(const void *blob, size_t len, struct sshkey_info *ki)
    RP_MUST_CHECK;

/* Decode standard base64 (padding optional) into out; 0 or RP_EPARSE. */
int sshkey_b64_decode(const char *s, size_t len, struct strbuf *out)
    RP_MUST_CHECK;

/* One line of an authorized_keys file; pointers into the parsed line. */
struct sshkey_line {
	const char *options; /* "from=\"...\",restrict" or NULL */
	size_t options_len;
	const char *type;    /* "ssh-ed25519" */
	size_t type_len;
	const char *b64;     /* the key blob in base64 */
	size_t b64_len;
	const char *comment; /* rest of the line, may be empty */
};

/*
 * Split an authorized_keys line (sshd(8), AUTHORIZED_KEYS FILE FORMAT):
 * optional options (quoted values may hold blanks; \" escapes a quote),
 * key type, base64 blob, comment.  Returns 1 and fills out for a key, 0
 * for a blank or comment line, RP_EPARSE for anything else (an unterminated
 * quote, a missing blob).
 */
int sshkey_line_parse(const char *line, struct sshkey_line *out)
    RP_MUST_CHECK;

/*
 * Find the option name (case-insensitive, "from", "command", "restrict")
 * in an options string; returns 1 if present.
 */
int sshkey_option_has(const char *options, size_t len, const char *name);

/*
 * The public key blob of a private key file in OpenSSH's own format
 * ("-----BEGIN OPENSSH PRIVATE KEY-----", stored unencrypted in the file
 * header even when the private part is encrypted).  Returns 0 with the
 * blob in out, or RP_EPARSE / RP_ENOTSUP for other formats.
 */
int sshkey_private_public(const char *text, size_t len, struct strbuf *out)
    RP_MUST_CHECK;

/* A readable name of the kind ("RSA", "ED25519", ...). */
const char *sshkey_kind_name(enum sshkey_kind k);

#endif
