/*
 * sshkeys.c - strength of SSH host keys and of every authorized key of
 * every account in the scanned root, and the modes of authorized_keys.
 *
 * Host keys are the effective HostKey files (their .pub half, or the
 * public part stored in an OpenSSH private key file).  User keys come from
 * each effective AuthorizedKeysFile entry with %h, %u, %U and %% expanded
 * and relative paths taken from the home directory, for each account of
 * ROOT/etc/passwd.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "host/sshd.h"
#include "host/sshkey.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define KEYFILE_MAX ((size_t)1 << 20)

struct keyctx {
	struct host_ctx *c;
	int required_rsa; /* RequiredRSASize */
};

/* Judge one decoded key; returns 1 when it is strong enough. */
static int
weak_reason(const struct keyctx *k, const struct sshkey_info *ki, char *why,
    size_t size)
{
	switch (ki->kind) {
	case SSHKEY_DSA:
		snprintf(why, size,
		    "DSA key (%u-bit, SHA-1 signatures); disabled by default since OpenSSH 7.0",
		    ki->bits);
		return 0;
	case SSHKEY_RSA:
		if (ki->bits >= 2048)
			return 1;
		snprintf(why, size, "RSA key of %u bits, below 2048%s",
		    ki->bits,
		    (int)ki->bits < k->required_rsa
			? " (sshd refuses it below RequiredRSASize, but it stays a weak credential)"
			: "");
		return 0;
	case SSHKEY_ECDSA:
	case SSHKEY_ED25519:
	case SSHKEY_SK_ECDSA:
	case SSHKEY_SK_ED25519:
		return 1;
	}
	return 1;
}

static void
key_finding(struct keyctx *k, const char *file, unsigned line,
    const char *object, const struct sshkey_info *ki, const char *opts)
{
	char why[200];
	struct strbuf ev = STRBUF_INIT;

	if (weak_reason(k, ki, why, sizeof(why))) {
		host_pass(k->c, RULE_HOST_SSH_KEY_STRENGTH,
		    host_printf(k->c, "%s %s", object, ki->fp));
		return;
	}
	if (opts != NULL && *opts != '\0')
		strbuf_addf(&ev, "options %s; ", opts);
	strbuf_addf(&ev, "%s %u bits %s%s", ki->type, ki->bits, ki->fp,
	    ki->cert ? " (certificate)" : "");
	host_fail(k->c, RULE_HOST_SSH_KEY_STRENGTH, file, line, object, ev.buf,
	    "RSA of 2048 bits or more, ECDSA or Ed25519", "%s", why);
	strbuf_release(&ev);
}

/* Never decrypt: an encrypted key simply cannot be sized. */
static int
no_password(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return 0;
}

/* Size of a PEM private key through OpenSSL (RSA/DSA/EC in PEM form). */
static int
pem_info(const struct strbuf *text, struct sshkey_info *ki)
{
	BIO *bio = BIO_new_mem_buf(text->buf, (int)text->len);
	EVP_PKEY *pk;
	int id, r = RP_EPARSE;

	if (bio == NULL)
		return RP_ENOMEM;
	pk = PEM_read_bio_PrivateKey(bio, NULL, no_password, NULL);
	BIO_free(bio);
	if (pk == NULL)
		return RP_EPARSE;
	memset(ki, 0, sizeof(*ki));
	id = EVP_PKEY_get_base_id(pk);
	ki->bits = (unsigned)EVP_PKEY_get_bits(pk);
	if (id == EVP_PKEY_RSA) {
		ki->kind = SSHKEY_RSA;
		snprintf(ki->type, sizeof(ki->type), "ssh-rsa");
		r = 0;
	} else if (id == EVP_PKEY_DSA) {
		ki->kind = SSHKEY_DSA;
		snprintf(ki->type, sizeof(ki->type), "ssh-dss");
		r = 0;
	} else if (id == EVP_PKEY_EC) {
		ki->kind = SSHKEY_ECDSA;
		snprintf(ki->type, sizeof(ki->type), "ecdsa");
		r = 0;
	} else if (id == EVP_PKEY_ED25519) {
		ki->kind = SSHKEY_ED25519;
		snprintf(ki->type, sizeof(ki->type), "ssh-ed25519");
		r = 0;
	}
	snprintf(ki->fp, sizeof(ki->fp), "(PEM private key)");
	EVP_PKEY_free(pk);
	return r;
}

/* Decode the public key of host key path: path.pub, else the file. */
static int
host_key_info(struct keyctx *k, const char *path, struct sshkey_info *ki,
    struct rp_diag *d)
{
	struct strbuf text = STRBUF_INIT, blob = STRBUF_INIT;
	struct sshkey_line kl;
	char *pub = xasprintf("%s.pub", path);
	int r;

	r = host_read(k->c, pub, KEYFILE_MAX, &text, d);
	if (r == 0) {
		if (sshkey_line_parse(text.buf, &kl) != 1 ||
		    sshkey_b64_decode(kl.b64, kl.b64_len, &blob) != 0)
			r = rp_diag_fail(d, RP_EPARSE, pub, 1,
			    "not an SSH public key");
		else if ((r = sshkey_blob_info(blob.buf, blob.len, ki)) != 0)
			r = rp_diag_fail(d, r, pub, 1,
			    "cannot decode the public key");
		goto out;
	}
	if (r != RP_ENOENT)
		goto out;
	strbuf_reset(&text);
	rp_diag_init(d);
	if ((r = host_read(k->c, path, KEYFILE_MAX, &text, d)) != 0)
		goto out;
	r = sshkey_private_public(text.buf, text.len, &blob);
	if (r == 0)
		r = sshkey_blob_info(blob.buf, blob.len, ki);
	else if (r == RP_ENOTSUP)
		r = pem_info(&text, ki);
	if (r != 0)
		r = rp_diag_fail(d, r, path, 0,
		    "not a key rampart can decode (and no %s)", pub);
out:
	strbuf_release(&text);
	strbuf_release(&blob);
	free(pub);
	return r;
}

static void
check_host_keys(struct keyctx *k, const struct sshd_config *cfg)
{
	const struct sshd_value *hk = sshd_get(cfg, SSHD_KW_HOSTKEY);
	size_t i;

	for (i = 0; i < hk->n; i++) {
		struct sshkey_info ki;
		struct rp_diag d;
		const char *obj;
		int r;

		if (strcasecmp(hk->v[i], "none") == 0)
			continue;
		rp_diag_init(&d);
		obj = host_printf(k->c, "host key %s", hk->v[i]);
		r = host_key_info(k, hk->v[i], &ki, &d);
		if (r == RP_ENOENT)
			continue; /* sshd skips missing keys too */
		if (r != 0) {
			host_error(k->c, RULE_HOST_SSH_KEY_STRENGTH, obj, &d);
			continue;
		}
		key_finding(k, hk->files[i] != NULL ? hk->files[i] : hk->v[i],
		    hk->lines[i], obj, &ki, NULL);
	}
}

/* Names of the options of a key line, values left out (they may hold
 * secrets: environment="TOKEN=..."). */
static void
option_names(const struct sshkey_line *kl, struct strbuf *out)
{
	size_t i = 0;
	int quoted = 0;

	while (kl->options != NULL && i < kl->options_len) {
		size_t start = i, nl;

		while (i < kl->options_len &&
		    (quoted || kl->options[i] != ',')) {
			if (kl->options[i] == '"')
				quoted = !quoted;
			i++;
		}
		nl = strcspn(kl->options + start, "=,");
		if (nl > i - start)
			nl = i - start;
		if (out->len > 0)
			strbuf_addch(out, ',');
		strbuf_add(out, kl->options + start, nl);
		i++;
	}
}

static void
check_key_file(struct keyctx *k, const struct host_account *u,
    const char *path)
{
	struct strbuf text = STRBUF_INIT, blob = STRBUF_INIT;
	struct rp_diag d;
	char *line, *next;
	unsigned lineno = 0;
	const char *obj = host_printf(k->c, "user %s", u->name);

	rp_diag_init(&d);
	if (host_read(k->c, path, KEYFILE_MAX, &text, &d) != 0) {
		host_error(k->c, RULE_HOST_SSH_KEY_STRENGTH, obj, &d);
		goto out;
	}
	for (line = text.buf; line != NULL && *line != '\0'; line = next) {
		struct sshkey_line kl;
		struct sshkey_info ki;
		struct strbuf opts = STRBUF_INIT;
		int r;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		r = sshkey_line_parse(line, &kl);
		if (r == 0)
			continue;
		strbuf_reset(&blob);
		if (r < 0 || sshkey_b64_decode(kl.b64, kl.b64_len, &blob) != 0 ||
		    sshkey_blob_info(blob.buf, blob.len, &ki) != 0) {
			host_fail(k->c, RULE_HOST_SSH_KEY_STRENGTH, path, lineno,
			    obj, NULL, "a valid public key per line",
			    "not a public key rampart can decode; sshd ignores the line");
			continue;
		}
		option_names(&kl, &opts);
		key_finding(k, path, lineno, obj, &ki, opts.buf);
		strbuf_release(&opts);
	}
out:
	strbuf_release(&text);
	strbuf_release(&blob);
}

/* Not writable by group or others, owned by the user or root. */
static void
check_key_mode(struct keyctx *k, const struct host_account *u,
    const char *path, int dir)
{
	struct rootfs_stat st;
	struct rp_diag d;
	size_t i;
	int bad;

	rp_diag_init(&d);
	if (rootfs_stat(&k->c->root, path, 0, &st, &d) != 0)
		return;
	bad = (st.mode & 022) != 0 || (st.uid != 0 && st.uid != u->uid);
	for (i = 0; i < st.nacl; i++)
		if (st.acl[i].tag != ROOTFS_ACL_MASK && (st.acl[i].perm & 2))
			bad = 1;
	if (!bad) {
		host_pass(k->c, RULE_HOST_SSH_AUTHORIZED_KEYS_MODE, path);
		return;
	}
	host_fail(k->c, RULE_HOST_SSH_AUTHORIZED_KEYS_MODE, path, 0,
	    host_printf(k->c, "user %s", u->name), host_owner_mode(k->c, &st),
	    dir ? "owned by the user or root, mode 0755 or stricter"
		: "owned by the user or root, mode 0644 or stricter",
	    "%s can be changed by others than %s", dir ? "the directory of the key file" : "the key file",
	    u->name);
}

/* Expand %h, %u, %U and %% of an AuthorizedKeysFile entry. */
static char *
expand_akf(struct host_ctx *c, const char *pat, const struct host_account *u)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	char *s;

	for (p = pat; *p; p++) {
		if (*p != '%' || p[1] == '\0') {
			strbuf_addch(&sb, *p);
			continue;
		}
		p++;
		switch (*p) {
		case 'h':
			strbuf_addstr(&sb, u->home);
			break;
		case 'u':
			strbuf_addstr(&sb, u->name);
			break;
		case 'U':
			strbuf_addf(&sb, "%u", (unsigned)u->uid);
			break;
		default:
			strbuf_addch(&sb, *p);
			break;
		}
	}
	if (sb.buf[0] != '/') {
		struct strbuf abs = STRBUF_INIT;

		rootfs_join(&abs, u->home, sb.buf);
		strbuf_release(&sb);
		sb = abs;
	}
	s = arena_strndup(&c->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

static void
check_users(struct keyctx *k, const struct sshd_config *cfg)
{
	const struct host_accounts *a = host_accounts(k->c);
	const struct sshd_value *akf = sshd_get(cfg,
	    SSHD_KW_AUTHORIZEDKEYSFILE);
	size_t i, j;

	for (i = 0; i < a->nusers; i++) {
		const struct host_account *u = &a->users[i];

		if (u->home == NULL || u->home[0] != '/')
			continue;
		for (j = 0; j < akf->n; j++) {
			struct rootfs_stat st;
			struct rp_diag d;
			char *path, *slash;

			if (strcasecmp(akf->v[j], "none") == 0)
				continue;
			path = expand_akf(k->c, akf->v[j], u);
			rp_diag_init(&d);
			if (rootfs_stat(&k->c->root, path, 0, &st, &d) != 0 ||
			    !S_ISREG(st.mode))
				continue;
			check_key_file(k, u, path);
			check_key_mode(k, u, path, 0);
			slash = strrchr(path, '/');
			if (slash != NULL && slash != path) {
				*slash = '\0';
				check_key_mode(k, u, path, 1);
			}
		}
	}
}

void
host_run_ssh_keys(struct host_ctx *c)
{
	struct keyctx k = { .c = c };
	struct sshd_fs fs;
	struct sshd_config *base = NULL, *eff = NULL;
	const struct sshd_value *v;
	struct rp_diag d;
	int r;

	rp_diag_init(&d);
	r = host_sshd_load(c, &fs, &base, &d);
	if (r != 0) {
		if (r == RP_ENOENT) {
			host_na(c, RULE_HOST_SSH_KEY_STRENGTH, "sshd",
			    "no sshd configuration to take key files from");
			host_na(c, RULE_HOST_SSH_AUTHORIZED_KEYS_MODE, "sshd",
			    "no sshd configuration to take key files from");
		} else {
			host_error(c, RULE_HOST_SSH_KEY_STRENGTH, "sshd", &d);
		}
		return;
	}
	eff = sshd_config_for(base, NULL, -1);
	v = sshd_get(eff, SSHD_KW_REQUIREDRSASIZE);
	k.required_rsa = v->num;
	if (v->num < 2048)
		host_fail(c, RULE_HOST_SSH_KEY_STRENGTH,
		    v->file != NULL ? v->file : "/etc/ssh/sshd_config", v->line,
		    "sshd", host_printf(c, "requiredrsasize %d", v->num),
		    "RequiredRSASize 2048 or more",
		    "sshd accepts RSA keys from %d bits%s", v->num,
		    v->file == NULL ? " (sshd's built-in default)" : "");
	else
		host_pass(c, RULE_HOST_SSH_KEY_STRENGTH, "sshd requiredrsasize");
	check_host_keys(&k, eff);
	v = sshd_get(eff, SSHD_KW_AUTHORIZEDKEYSCOMMAND);
	if (v->n > 0 && strcasecmp(v->v[0], "none") != 0)
		host_manual(c, RULE_HOST_SSH_KEY_STRENGTH, "sshd",
		    "keys also come from AuthorizedKeysCommand %s: check the strength of the keys it returns",
		    v->v[0]);
	check_users(&k, eff);
	sshd_config_free(eff);
	sshd_config_free(base);
}
