/*
 * sshd.c - sshd_config parsing and evaluation as OpenSSH 9.2p1 does it.
 *
 * The structure follows servconf.c: one line processor used by both
 * passes, with the same "active" state and include flags, so that Include
 * inside Match, "Match all" in the first pass and the keywords sshd
 * silently treats differently (MaxStartups takes the last value, Ciphers
 * ignores the active state, ...) behave the same.  Where sshd calls fatal()
 * or counts a bad option, a diagnostic is recorded and evaluation goes on.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/sshd.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define SSHD_MAX_DEPTH 16 /* SERVCONF_MAX_DEPTH */
/*
 * Files parsed in one pass, counting each re-read of an included file.
 * sshd re-reads nested includes at every level too, so a few files that
 * include each other down to the depth limit cost exponential time; no
 * real configuration comes near this bound.
 */
#define SSHD_MAX_PARSES 4096
#define SSHD_MAX_PORTS 256
#define SSHD_MAX_SUBSYSTEMS 256
#define SSHD_FILE_MAX ((size_t)4 << 20)
#define WHITESPACE " \t\r\n"

/* Algorithms this build supports (ssh -Q cipher/mac/kex/key-sig/sig). */
static const char all_ciphers[] =
    "3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,aes128-ctr,aes192-ctr,"
    "aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com,"
    "chacha20-poly1305@openssh.com";
static const char all_macs[] =
    "hmac-sha1,hmac-sha1-96,hmac-sha2-256,hmac-sha2-512,hmac-md5,"
    "hmac-md5-96,umac-64@openssh.com,umac-128@openssh.com,"
    "hmac-sha1-etm@openssh.com,hmac-sha1-96-etm@openssh.com,"
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
    "hmac-md5-etm@openssh.com,hmac-md5-96-etm@openssh.com,"
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com";
static const char all_kex[] =
    "diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,"
    "diffie-hellman-group14-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha1,"
    "diffie-hellman-group-exchange-sha256,ecdh-sha2-nistp256,"
    "ecdh-sha2-nistp384,ecdh-sha2-nistp521,curve25519-sha256,"
    "curve25519-sha256@libssh.org,sntrup761x25519-sha512,"
    "sntrup761x25519-sha512@openssh.com";
static const char all_keys[] =
    "ssh-ed25519,ssh-ed25519-cert-v01@openssh.com,sk-ssh-ed25519@openssh.com,"
    "sk-ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256,"
    "ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384,"
    "ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521,"
    "ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,"
    "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,"
    "webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,"
    "ssh-dss-cert-v01@openssh.com,ssh-rsa,ssh-rsa-cert-v01@openssh.com,"
    "rsa-sha2-256,rsa-sha2-256-cert-v01@openssh.com,rsa-sha2-512,"
    "rsa-sha2-512-cert-v01@openssh.com";
static const char all_sigs[] =
    "ssh-ed25519,sk-ssh-ed25519@openssh.com,ecdsa-sha2-nistp256,"
    "ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ecdsa-sha2-nistp256@openssh.com,"
    "webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,ssh-rsa,"
    "rsa-sha2-256,rsa-sha2-512";
static const char all_gss_kex[] =
    "gss-gex-sha1-,gss-group1-sha1-,gss-group14-sha1-,gss-group14-sha256-,"
    "gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-";

/* Compiled-in defaults (myproposal.h). */
static const char def_ciphers[] =
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
    "aes128-gcm@openssh.com,aes256-gcm@openssh.com";
static const char def_macs[] =
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,"
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
    "hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,"
    "hmac-sha2-256,hmac-sha2-512,hmac-sha1";
static const char def_kex[] =
    "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,"
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
    "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
    "diffie-hellman-group14-sha256";
static const char def_keys[] =
    "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,"
    "ecdsa-sha2-nistp384-cert-v01@openssh.com,"
    "ecdsa-sha2-nistp521-cert-v01@openssh.com,"
    "sk-ssh-ed25519-cert-v01@openssh.com,"
    "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,"
    "rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,"
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
    "sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,"
    "rsa-sha2-512,rsa-sha2-256";
static const char def_sigs[] =
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
    "sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,"
    "rsa-sha2-512,rsa-sha2-256";

static const struct kwdef {
	const char *name;
	enum sshd_type type;
	enum sshd_policy policy;
	unsigned scope;
	const char *def;
} kwdefs[SSHD_KW__COUNT] = {
#define SSHD_KW_ROW(id, name_, type_, policy_, scope_, def_) \
	[SSHD_KW_##id] = { name_, type_, policy_, scope_, def_ },
	SSHD_KEYWORDS(SSHD_KW_ROW)
#undef SSHD_KW_ROW
};

static const struct {
	const char *alias;
	enum sshd_kw kw;
} aliases[] = {
#define SSHD_ALIAS_ROW(a, id) { a, SSHD_KW_##id },
	SSHD_ALIASES(SSHD_ALIAS_ROW)
#undef SSHD_ALIAS_ROW
};

static const struct {
	const char *name;
	unsigned scope;
} ignored[] = {
#define SSHD_IGNORED_ROW(n, s) { n, s },
	SSHD_IGNORED(SSHD_IGNORED_ROW)
#undef SSHD_IGNORED_ROW
};

/* Multistate words: the value index is the position of the first word of
 * a value; aliases share it (as sshd's multistate tables do). */
struct mstate {
	const char *word;
	int value;
};

static const struct mstate ms_flag[] = {
	{ "yes", 1 }, { "no", 0 }, { NULL, -1 },
};
static const struct mstate ms_rhosts[] = {
	{ "yes", 1 }, { "no", 0 }, { "shosts-only", 2 }, { NULL, -1 },
};
static const struct mstate ms_family[] = {
	{ "inet", 1 }, { "inet6", 2 }, { "any", 0 }, { NULL, -1 },
};
static const struct mstate ms_rootlogin[] = {
	{ "without-password", 2 }, { "prohibit-password", 2 },
	{ "forced-commands-only", 1 }, { "yes", 3 }, { "no", 0 },
	{ NULL, -1 },
};
static const struct mstate ms_compression[] = {
	{ "yes", 2 }, { "delayed", 2 }, { "no", 0 }, { NULL, -1 },
};
static const struct mstate ms_gwports[] = {
	{ "clientspecified", 2 }, { "yes", 1 }, { "no", 0 }, { NULL, -1 },
};
static const struct mstate ms_tcpfwd[] = {
	{ "yes", 3 }, { "all", 3 }, { "no", 0 }, { "remote", 2 },
	{ "local", 1 }, { NULL, -1 },
};
/* PermitTunnel compares case-sensitively (tunmode_desc). */
static const struct mstate ms_tunnel[] = {
	{ "no", 0 }, { "point-to-point", 1 }, { "ethernet", 2 }, { "yes", 3 },
	{ NULL, -1 },
};
static const struct mstate ms_loglevel[] = {
	{ "SILENT", 0 }, { "QUIET", 0 }, { "FATAL", 1 }, { "ERROR", 2 },
	{ "INFO", 3 }, { "VERBOSE", 4 }, { "DEBUG", 5 }, { "DEBUG1", 5 },
	{ "DEBUG2", 6 }, { "DEBUG3", 7 }, { NULL, -1 },
};
static const struct mstate ms_facility[] = {
	{ "DAEMON", 0 }, { "USER", 1 }, { "AUTH", 2 }, { "AUTHPRIV", 3 },
	{ "LOCAL0", 4 }, { "LOCAL1", 5 }, { "LOCAL2", 6 }, { "LOCAL3", 7 },
	{ "LOCAL4", 8 }, { "LOCAL5", 9 }, { "LOCAL6", 10 }, { "LOCAL7", 11 },
	{ NULL, -1 },
};
static const struct mstate ms_digest[] = {
	{ "MD5", 0 }, { "SHA1", 1 }, { "SHA256", 2 }, { "SHA384", 3 },
	{ "SHA512", 4 }, { NULL, -1 },
};
static const struct mstate ms_ipqos[] = {
	{ "none", INT_MAX }, { "af11", 0x28 }, { "af12", 0x30 },
	{ "af13", 0x38 }, { "af21", 0x48 }, { "af22", 0x50 },
	{ "af23", 0x58 }, { "af31", 0x68 }, { "af32", 0x70 },
	{ "af33", 0x78 }, { "af41", 0x88 }, { "af42", 0x90 },
	{ "af43", 0x98 }, { "cs0", 0x00 }, { "cs1", 0x20 }, { "cs2", 0x40 },
	{ "cs3", 0x60 }, { "cs4", 0x80 }, { "cs5", 0xa0 }, { "cs6", 0xc0 },
	{ "cs7", 0xe0 }, { "ef", 0xb8 }, { "le", 0x04 },
	{ "lowdelay", 0x10 }, { "throughput", 0x08 },
	{ "reliability", 0x04 }, { NULL, -1 },
};

static const char *const auth_method_names[] = {
	"none", "publickey", "gssapi-keyex", "gssapi-with-mic", "password",
	"keyboard-interactive", "hostbased",
};

/* One file read for the configuration (kept for Include and pass 2). */
struct cfile {
	char *path;
	char *text;
};

/* Include cache: a pattern and the files it expanded to. */
struct incl {
	char *selector;
	size_t *files; /* indexes into files[]; empty = no match */
	size_t nfiles;
};

struct opts {
	struct sshd_value v[SSHD_KW__COUNT];
	char **listen;       /* queued ListenAddress "addr port" */
	size_t nlisten, listen_alloc;
};

struct sshd_config {
	struct arena arena; /* strings of values and diagnostics */
	const struct sshd_fs *fs;
	/* Files and include cache; owned by the base configuration. */
	struct cfile *files;
	size_t nfiles, files_alloc;
	struct incl *incls;
	size_t nincls, incls_alloc;
	const struct sshd_config *base; /* NULL for a base configuration */
	size_t main_file;
	struct opts o;
	struct sshd_diag *diags;
	size_t ndiags, diags_alloc;
	struct sshd_match *matches;
	size_t nmatches, matches_alloc;
	struct sshd_conflict *conflicts;
	size_t nconflicts, conflicts_alloc;
	const char **file_names; /* view for sshd_config_files() */
};

/* State of one pass over the files. */
struct pass {
	struct sshd_config *c;   /* diagnostics go here */
	const struct sshd_config *store; /* files and include cache */
	struct opts *o;
	const struct sshd_conn *ci; /* NULL in the first pass */
	long force;                 /* Match index forced to match, or -1 */
	int first;                  /* first pass: record matches, conflicts */
	long match_seen;            /* Match lines seen so far */
	int flags;                  /* include flags of the current line */
	int line_err;               /* the current line had a problem */
	unsigned long parses;       /* parse_depth() calls, see SSHD_MAX_PARSES */
	int aborted;                /* an include limit stopped the pass */
};

enum {
	INC_NEVERMATCH = 1 << 0,
	INC_MATCH_ONLY = 1 << 1,
	INC_IN_MATCH = 1 << 2, /* below a Match line (rampart only) */
};

static void diag(struct pass *p, const char *file, unsigned line, int fatal,
    const char *fmt, ...) RP_PRINTF(5, 6);

static void
diag(struct pass *p, const char *file, unsigned line, int fatal,
    const char *fmt, ...)
{
	struct sshd_config *c = p->c;
	struct strbuf sb = STRBUF_INIT;
	struct sshd_diag *dg;
	va_list ap;

	p->line_err = 1;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (!p->first && p->store != c) {
		/* The Match pass reads every line again: keep only news. */
		size_t i;

		for (i = 0; i < p->store->ndiags; i++) {
			const struct sshd_diag *o = &p->store->diags[i];

			if (o->line == line && strcmp(o->msg, sb.buf) == 0 &&
			    ((o->file == NULL && file == NULL) ||
				(o->file != NULL && file != NULL &&
				    strcmp(o->file, file) == 0))) {
				strbuf_release(&sb);
				return;
			}
		}
	}
	ALLOC_GROW(c->diags, c->ndiags + 1, c->diags_alloc);
	dg = &c->diags[c->ndiags++];
	dg->file = file;
	dg->line = line;
	dg->fatal = fatal;
	dg->msg = arena_strndup(&c->arena, sb.buf, sb.len);
	strbuf_release(&sb);
}

/*
 * strdelim() of misc.c: split off the next word at whitespace, a quote or
 * (with split_equals) one '='.  Returns the word or NULL.
 */
static char *
strdelim_internal(char **s, int split_equals)
{
	char *old;
	int wspace = 0;

	if (*s == NULL)
		return NULL;
	old = *s;
	*s = strpbrk(*s, split_equals ? WHITESPACE "\"=" : WHITESPACE "\"");
	if (*s == NULL)
		return old;
	if ((*s)[0] == '"') {
		memmove(*s, *s + 1, strlen(*s));
		if ((*s = strpbrk(*s, "\"")) == NULL)
			return NULL;
		(*s)[0] = '\0';
		*s += strspn(*s + 1, WHITESPACE) + 1;
		return old;
	}
	if (split_equals && (*s)[0] == '=')
		wspace = 1;
	(*s)[0] = '\0';
	*s += strspn(*s + 1, WHITESPACE) + 1;
	if (split_equals && (*s)[0] == '=' && !wspace)
		*s += strspn(*s + 1, WHITESPACE) + 1;
	return old;
}

static char *
strdelim(char **s)
{
	return strdelim_internal(s, 1);
}

/* argv_split() of misc.c with terminate_on_comment; 0 or -1 (quotes). */
static int
argv_split(struct arena *a, const char *s, char ***argvp, size_t *argcp)
{
	char **argv = NULL;
	size_t argc = 0, alloc = 0;
	int i, j, quote;

	*argvp = NULL;
	*argcp = 0;
	for (i = 0; s[i] != '\0'; i++) {
		char *arg;

		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (s[i] == '#')
			break;
		quote = 0;
		ALLOC_GROW(argv, argc + 1, alloc);
		arg = argv[argc++] = arena_alloc(a, strlen(s + i) + 1);
		for (j = 0; s[i] != '\0'; i++) {
			if (s[i] == '\\') {
				if (s[i + 1] == '\'' || s[i + 1] == '"' ||
				    s[i + 1] == '\\' ||
				    (quote == 0 && s[i + 1] == ' ')) {
					i++;
					arg[j++] = s[i];
				} else {
					arg[j++] = s[i];
				}
			} else if (quote == 0 && (s[i] == ' ' || s[i] == '\t')) {
				break;
			} else if (quote == 0 && (s[i] == '"' || s[i] == '\'')) {
				quote = s[i];
			} else if (quote != 0 && s[i] == quote) {
				quote = 0;
			} else {
				arg[j++] = s[i];
			}
		}
		arg[j] = '\0';
		if (s[i] == '\0') {
			if (quote != 0) {
				free(argv);
				return -1;
			}
			break;
		}
	}
	*argvp = argv;
	*argcp = argc;
	return 0;
}

/* match_pattern() of match.c: '*' and '?' wildcards. */
static int
match_pattern(const char *s, const char *pattern)
{
	for (;;) {
		if (!*pattern)
			return !*s;
		if (*pattern == '*') {
			while (*pattern == '*')
				pattern++;
			if (!*pattern)
				return 1;
			if (*pattern != '?' && *pattern != '*') {
				for (; *s; s++)
					if (*s == *pattern &&
					    match_pattern(s + 1, pattern + 1))
						return 1;
				return 0;
			}
			for (; *s; s++)
				if (match_pattern(s, pattern))
					return 1;
			return 0;
		}
		if (!*s)
			return 0;
		if (*pattern != '?' && *pattern != *s)
			return 0;
		s++;
		pattern++;
	}
}

/* match_pattern_list(): 1 positive, 0 none, -1 a negated entry matched. */
static int
match_pattern_list(const char *string, const char *pattern, int dolower)
{
	char sub[1024];
	size_t i = 0, subi, len = strlen(pattern);
	int negated, got_positive = 0;

	while (i < len) {
		negated = pattern[i] == '!';
		if (negated)
			i++;
		for (subi = 0; i < len && subi < sizeof(sub) - 1 &&
		     pattern[i] != ',';
		     subi++, i++)
			sub[subi] = dolower && isupper((unsigned char)pattern[i])
			    ? (char)tolower((unsigned char)pattern[i])
			    : pattern[i];
		if (subi >= sizeof(sub) - 1)
			return 0;
		if (i < len && pattern[i] == ',')
			i++;
		sub[subi] = '\0';
		if (match_pattern(string, sub)) {
			if (negated)
				return -1;
			got_positive = 1;
		}
	}
	return got_positive;
}

static int
list_has(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == len && strncmp(p, name, n) == 0)
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* kex_names_cat(): a then the names of b not already in a. */
static void
names_cat(struct strbuf *out, const char *a, const char *b)
{
	const char *p = b;

	strbuf_addstr(out, a);
	while (*p) {
		size_t n = strcspn(p, ",");
		char *name = xstrndup(p, n);

		if (n == 0) {
			free(name);
			break;
		}
		if (!list_has(out->buf, name)) {
			if (out->len > 0)
				strbuf_addch(out, ',');
			strbuf_addstr(out, name);
		}
		free(name);
		p += n;
		if (*p == ',')
			p++;
	}
}

/* filter_list(): entries of proposal that match (or, deny, do not match). */
static void
filter_list(struct strbuf *out, const char *proposal, const char *filter,
    int deny)
{
	const char *p = proposal;

	for (;;) {
		size_t n = strcspn(p, ",");
		char *name = xstrndup(p, n);
		int r = match_pattern_list(name, filter, 0);

		if ((deny && r != 1) || (!deny && r == 1)) {
			if (out->len > 0)
				strbuf_addch(out, ',');
			strbuf_addstr(out, name);
		}
		free(name);
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
}

/*
 * kex_assemble_names(): the effective list from a configured value, the
 * default and everything supported.  Returns 0 or -1 (negation or nothing
 * left), in which case sshd dies.
 */
static int
assemble(struct strbuf *out, const char *list, const char *def,
    const char *all)
{
	struct strbuf tmp = STRBUF_INIT, ret = STRBUF_INIT;
	const char *p;
	int r = -1;

	strbuf_reset(out);
	if (list == NULL || *list == '\0') {
		strbuf_addstr(out, def);
		return 0;
	}
	if (*list == '+') {
		names_cat(&tmp, def, list + 1);
	} else if (*list == '-') {
		filter_list(out, def, list + 1, 1);
		return 0;
	} else if (*list == '^') {
		names_cat(&tmp, list + 1, def);
	} else {
		strbuf_addstr(&tmp, list);
	}
	p = tmp.buf;
	for (;;) {
		size_t n = strcspn(p, ",");
		char *pat = xstrndup(p, n);
		struct strbuf m = STRBUF_INIT;
		char *prev;

		if (*pat == '!') {
			free(pat);
			goto out;
		}
		filter_list(&m, all, pat, 0);
		prev = xstrdup(ret.buf);
		strbuf_reset(&ret);
		if (*prev == '\0')
			strbuf_addstr(&ret, m.buf);
		else if (m.len == 0)
			strbuf_addstr(&ret, prev);
		else
			names_cat(&ret, prev, m.buf);
		free(prev);
		free(pat);
		strbuf_release(&m);
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	if (ret.len == 0)
		goto out;
	strbuf_addstr(out, ret.buf);
	r = 0;
out:
	strbuf_release(&tmp);
	strbuf_release(&ret);
	return r;
}

/* Every comma-separated name (up to an empty one) is in all. */
static int
names_valid(const char *names, const char *all, int wildcards)
{
	const char *p = names;

	while (*p != '\0' && *p != ',') {
		size_t n = strcspn(p, ",");
		char *name = xstrndup(p, n);
		int ok;

		if (wildcards) {
			struct strbuf m = STRBUF_INIT;

			filter_list(&m, all, name, 0);
			ok = m.len > 0 || strpbrk(name, "*?") != NULL;
			strbuf_release(&m);
		} else {
			ok = list_has(all, name);
		}
		free(name);
		if (!ok)
			return 0;
		p += n;
		if (*p == ',')
			p++;
	}
	return 1;
}

static const struct mstate *
mstate_of(enum sshd_kw kw)
{
	switch (kw) {
	case SSHD_KW_ADDRESSFAMILY:
		return ms_family;
	case SSHD_KW_PERMITROOTLOGIN:
		return ms_rootlogin;
	case SSHD_KW_IGNORERHOSTS:
		return ms_rhosts;
	case SSHD_KW_COMPRESSION:
		return ms_compression;
	case SSHD_KW_GATEWAYPORTS:
		return ms_gwports;
	case SSHD_KW_ALLOWTCPFORWARDING:
	case SSHD_KW_ALLOWSTREAMLOCALFORWARDING:
		return ms_tcpfwd;
	case SSHD_KW_PERMITTUNNEL:
		return ms_tunnel;
	case SSHD_KW_LOGLEVEL:
		return ms_loglevel;
	case SSHD_KW_SYSLOGFACILITY:
		return ms_facility;
	case SSHD_KW_FINGERPRINTHASH:
		return ms_digest;
	default:
		return ms_flag;
	}
}

static int
mstate_parse(const struct mstate *m, const char *word, int casecmp)
{
	size_t i;

	for (i = 0; m[i].word != NULL; i++)
		if ((casecmp ? strcasecmp(word, m[i].word)
			     : strcmp(word, m[i].word)) == 0)
			return m[i].value;
	return -1;
}

static const char *
mstate_name(const struct mstate *m, int value)
{
	size_t i;

	for (i = 0; m[i].word != NULL; i++)
		if (m[i].value == value)
			return m[i].word;
	return "UNKNOWN";
}

/* convtime() of misc.c; -1 on error. */
static int
convtime(const char *s)
{
	long total = 0, secs, mult;
	const char *p = s;
	char *end;

	if (p == NULL || *p == '\0')
		return -1;
	while (*p) {
		secs = strtol(p, &end, 10);
		if (p == end || secs < 0 || secs >= INT_MAX)
			return -1;
		mult = 1;
		switch (*end++) {
		case '\0':
			end--;
			break;
		case 's':
		case 'S':
			break;
		case 'm':
		case 'M':
			mult = 60;
			break;
		case 'h':
		case 'H':
			mult = 3600;
			break;
		case 'd':
		case 'D':
			mult = 86400;
			break;
		case 'w':
		case 'W':
			mult = 604800;
			break;
		default:
			return -1;
		}
		if (secs > INT_MAX / mult)
			return -1;
		secs *= mult;
		if (total > INT_MAX - secs)
			return -1;
		total += secs;
		p = end;
	}
	return (int)total;
}

/* strtonum(s, 0, max); -1 on error. */
static long long
parse_num(const char *s, long long max)
{
	long long v = 0;
	const char *p = s;

	if (s == NULL || *s == '\0')
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (*p - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/* a2port(): a number 0-65535 or a service name ("ssh"); -1 on error. */
static int
a2port(const char *s)
{
	long long v = parse_num(s, 65535);

	if (v >= 0)
		return (int)v;
	if (strcmp(s, "ssh") == 0)
		return 22;
	return -1;
}

/* The home directory for "~" and "~user" (sshd runs as root). */
static int
tilde_expand(struct pass *p, const char *path, struct strbuf *out)
{
	const struct sshd_fs *fs = p->c->fs;
	const char *slash, *home;
	char *user = NULL;

	if (*path != '~') {
		strbuf_addstr(out, path);
		return 0;
	}
	slash = strchr(path, '/');
	if (slash != path + 1 && path[1] != '\0')
		user = xstrndup(path + 1,
		    slash ? (size_t)(slash - path - 1) : strlen(path + 1));
	home = fs->home != NULL ? fs->home(fs->arg, user) : NULL;
	free(user);
	if (home == NULL)
		return -1;
	strbuf_addstr(out, home);
	if (slash != NULL) {
		if (out->len > 0 && out->buf[out->len - 1] == '/')
			strbuf_setlen(out, out->len - 1);
		strbuf_addstr(out, slash);
	}
	return 0;
}

/* derelativise_path(): ~ expanded, relative paths below the cwd "/". */
static char *
derelativise(struct pass *p, const char *path, const char *file,
    unsigned line)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	if (strcasecmp(path, "none") == 0)
		return arena_strdup(&p->c->arena, "none");
	if (tilde_expand(p, path, &sb) != 0) {
		diag(p, file, line, 1, "cannot expand '%s': no such user",
		    path);
		strbuf_reset(&sb);
		strbuf_addstr(&sb, path);
	}
	if (sb.buf[0] != '/') {
		s = arena_printf(&p->c->arena, "//%s", sb.buf);
	} else {
		s = arena_strdup(&p->c->arena, sb.buf);
	}
	strbuf_release(&sb);
	return s;
}

static void
val_push(struct sshd_config *c, struct sshd_value *v, const char *word,
    const char *file, unsigned line)
{
	if (v->n + 1 >= v->alloc) {
		size_t old = v->alloc;

		ALLOC_GROW(v->v, v->n + 2, v->alloc);
		v->files = xreallocarray(v->files, v->alloc, sizeof(*v->files));
		v->lines = xreallocarray(v->lines, v->alloc, sizeof(*v->lines));
		(void)old;
	}
	v->v[v->n] = arena_strdup(&c->arena, word);
	v->files[v->n] = file;
	v->lines[v->n] = line;
	v->n++;
	v->v[v->n] = NULL;
	if (!v->set) {
		v->set = 1;
		v->file = file;
		v->line = line;
	}
}

static void
val_clear(struct sshd_value *v)
{
	v->n = 0;
	v->set = 0;
	v->file = NULL;
	v->line = 0;
	if (v->v != NULL)
		v->v[0] = NULL;
}

static void
val_free(struct sshd_value *v)
{
	free(v->v);
	free(v->files);
	free(v->lines);
	memset(v, 0, sizeof(*v));
}

static void
opts_free(struct opts *o)
{
	size_t i;

	for (i = 0; i < SSHD_KW__COUNT; i++)
		val_free(&o->v[i]);
	free(o->listen);
	memset(o, 0, sizeof(*o));
}

/* Set a single-valued keyword (numbers and one string). */
static void
val_set(struct sshd_config *c, struct sshd_value *v, int num,
    const char *word, const char *file, unsigned line)
{
	val_clear(v);
	v->num = num;
	if (word != NULL)
		val_push(c, v, word, file, line);
	v->set = 1;
	v->file = file;
	v->line = line;
}

/* Record an ignored later value that differs from the effective one. */
static void
note_conflict(struct pass *p, enum sshd_kw kw, const char *file,
    unsigned line, const char *text, const char *current)
{
	struct sshd_config *c = p->c;
	struct sshd_conflict *k;

	if (!p->first || p->ci != NULL || (p->flags & INC_IN_MATCH))
		return;
	if (current != NULL && strcasecmp(text, current) == 0)
		return;
	ALLOC_GROW(c->conflicts, c->nconflicts + 1, c->conflicts_alloc);
	k = &c->conflicts[c->nconflicts++];
	k->kw = kw;
	k->file = file;
	k->line = line;
	k->value = arena_strdup(&c->arena, text);
}

/* The value text a line gave, for conflict reports. */
static const char *
raw_text(struct sshd_config *c, char **av, size_t ac)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; i < ac; i++) {
		if (i > 0)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, av[i]);
	}
	s = arena_strndup(&c->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

static void parse_depth(struct pass *p, size_t file, int *activep,
    int flags, int depth, const char *from, unsigned from_line);

static enum sshd_kw
lookup(const char *word, int *ignored_scope)
{
	size_t i;

	*ignored_scope = 0;
	for (i = 0; i < SSHD_KW__COUNT; i++)
		if (strcasecmp(word, kwdefs[i].name) == 0)
			return (enum sshd_kw)i;
	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcasecmp(word, aliases[i].alias) == 0)
			return aliases[i].kw;
	for (i = 0; i < ARRAY_SIZE(ignored); i++) {
		if (strcasecmp(word, ignored[i].name) == 0) {
			*ignored_scope = (int)ignored[i].scope;
			return SSHD_KW__COUNT;
		}
	}
	return SSHD_KW__COUNT;
}

/* Load (once) the file at path; returns its index or -1 with a diag. */
static long
file_load(struct pass *p, const char *path, const char *from,
    unsigned from_line)
{
	struct sshd_config *store = (struct sshd_config *)(uintptr_t)p->store;
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	size_t i;

	for (i = 0; i < store->nfiles; i++)
		if (strcmp(store->files[i].path, path) == 0)
			return (long)i;
	rp_diag_init(&d);
	if (store->fs->load(store->fs->arg, path, &sb, &d) != 0) {
		diag(p, from, from_line, 1, "%s: %s", path, d.msg);
		strbuf_release(&sb);
		return -1;
	}
	ALLOC_GROW(store->files, store->nfiles + 1, store->files_alloc);
	store->files[store->nfiles].path = xstrdup(path);
	store->files[store->nfiles].text = strbuf_detach(&sb, NULL);
	return (long)store->nfiles++;
}

/* The include cache entry for selector, expanding it the first time. */
static const struct incl *
include_lookup(struct pass *p, const char *selector, const char *file,
    unsigned line)
{
	struct sshd_config *store = (struct sshd_config *)(uintptr_t)p->store;
	const struct sshd_fs *fs = store->fs;
	struct incl *in;
	char **paths = NULL;
	size_t n = 0, i;

	for (i = 0; i < store->nincls; i++)
		if (strcmp(store->incls[i].selector, selector) == 0)
			return &store->incls[i];
	if (fs->glob != NULL && fs->glob(fs->arg, selector, &paths, &n) != 0)
		n = 0;
	ALLOC_GROW(store->incls, store->nincls + 1, store->incls_alloc);
	in = &store->incls[store->nincls++];
	in->selector = xstrdup(selector);
	in->files = xcalloc(n ? n : 1, sizeof(*in->files));
	in->nfiles = 0;
	for (i = 0; i < n; i++) {
		long idx = file_load(p, paths[i], file, line);

		if (idx >= 0)
			in->files[in->nfiles++] = (size_t)idx;
		free(paths[i]);
	}
	free(paths);
	return in;
}

/* addr_pton() for IPv4/IPv6 text; returns the family or 0. */
static int
addr_parse(const char *s, unsigned char *bytes)
{
	if (inet_pton(AF_INET, s, bytes) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, bytes) == 1)
		return AF_INET6;
	return 0;
}

/*
 * addr_pton_cidr(): 0 and the network, -1 not a CIDR (try a wildcard),
 * -2 an invalid mask or host bits set.
 */
static int
cidr_parse(const char *s, int *af, unsigned char *net, unsigned *masklen)
{
	char buf[64];
	char *slash;
	unsigned len, i;
	int maxlen;

	if (strlen(s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, strlen(s) + 1);
	slash = strchr(buf, '/');
	len = 999;
	if (slash != NULL) {
		long long v;

		*slash++ = '\0';
		if (*slash < '0' || *slash > '9')
			return -1;
		v = parse_num(slash, 128);
		if (v < 0)
			return -1;
		len = (unsigned)v;
	}
	*af = addr_parse(buf, net);
	if (*af == 0)
		return -1;
	maxlen = *af == AF_INET ? 32 : 128;
	if (slash == NULL)
		len = (unsigned)maxlen;
	if (len > (unsigned)maxlen)
		return -2;
	for (i = len; i < (unsigned)maxlen; i++)
		if (net[i / 8] & (0x80 >> (i % 8)))
			return -2;
	*masklen = len;
	return 0;
}

/* addr_match_list(): 1, 0, -1 (negated match) or -2 (bad list). */
static int
addr_match_list(const char *addr, const char *list)
{
	unsigned char try[16], net[16];
	int try_af = 0, af, ret = 0, r;
	unsigned masklen, i;
	const char *p = list;

	if (addr != NULL && (try_af = addr_parse(addr, try)) == 0)
		return 0;
	for (;;) {
		size_t n = strcspn(p, ",");
		char *cp = xstrndup(p, n), *e = cp;
		int neg = *e == '!', hit = 0;

		if (neg)
			e++;
		if (*e == '\0') {
			free(cp);
			return -2;
		}
		r = cidr_parse(e, &af, net, &masklen);
		if (r == -2) {
			free(cp);
			return -2;
		}
		if (r == 0) {
			if (addr != NULL && af == try_af) {
				hit = 1;
				for (i = 0; i < masklen; i++)
					if ((try[i / 8] ^ net[i / 8]) &
					    (0x80 >> (i % 8)))
						hit = 0;
			}
		} else if (addr != NULL && match_pattern(addr, e) == 1) {
			hit = 1;
		}
		free(cp);
		if (hit) {
			if (neg)
				return -1;
			ret = 1;
		}
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	return ret;
}

/* ga_match_pattern_list() over the user's groups in the scanned root. */
static int
match_group(struct pass *p, const char *user, const char *pattern)
{
	const struct sshd_fs *fs = p->c->fs;
	char **groups = NULL;
	size_t n = 0, i;
	int found = 0;

	if (fs->groups == NULL || fs->groups(fs->arg, user, &groups, &n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		int r = match_pattern_list(groups[i], pattern, 0);

		if (r == -1) {
			found = 0;
			break;
		}
		if (r == 1)
			found = 1;
	}
	for (i = 0; i < n; i++)
		free(groups[i]);
	free(groups);
	return found;
}

/*
 * match_cfg_line(): evaluate the criteria of a Match line.  Returns 1, 0,
 * or -1 for a syntax error (sshd: "Bad Match condition").
 */
static int
match_line(struct pass *p, char *cond, const char *file, unsigned line,
    const struct sshd_conn *ci, int forced)
{
	char *cp = cond, *attrib, *arg;
	int result = 1, attributes = 0;

	while ((attrib = strdelim(&cp)) != NULL && *attrib != '\0') {
		if (*attrib == '#')
			break;
		arg = NULL;
		attributes++;
		if (strcasecmp(attrib, "all") == 0) {
			if (attributes > 1 ||
			    ((arg = strdelim(&cp)) != NULL && *arg != '\0' &&
				*arg != '#')) {
				diag(p, file, line, 1,
				    "'all' cannot be combined with other Match attributes");
				return -1;
			}
			return 1;
		}
		if ((arg = strdelim(&cp)) == NULL || *arg == '\0' ||
		    *arg == '#') {
			diag(p, file, line, 1, "Missing Match criteria for %s",
			    attrib);
			return -1;
		}
		if (strcasecmp(attrib, "user") == 0) {
			if (ci == NULL || ci->user == NULL)
				result = 0;
			else if (match_pattern_list(ci->user, arg, 0) != 1)
				result = 0;
		} else if (strcasecmp(attrib, "group") == 0) {
			if (ci == NULL || ci->user == NULL)
				result = 0;
			else if (!match_group(p, ci->user, arg))
				result = 0;
		} else if (strcasecmp(attrib, "host") == 0) {
			char *h;

			if (ci == NULL || ci->host == NULL) {
				result = 0;
				continue;
			}
			h = xstrdup(ci->host);
			for (char *q = h; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			if (match_pattern_list(h, arg, 1) != 1)
				result = 0;
			free(h);
		} else if (strcasecmp(attrib, "address") == 0 ||
		    strcasecmp(attrib, "localaddress") == 0) {
			const char *a = ci == NULL ? NULL
			    : strcasecmp(attrib, "address") == 0 ? ci->addr
								: ci->laddr;

			if (a == NULL) {
				if (addr_match_list(NULL, arg) != 0) {
					diag(p, file, line, 1,
					    "Invalid Match %s argument '%s'",
					    attrib, arg);
					return -1;
				}
				result = 0;
				continue;
			}
			switch (addr_match_list(a, arg)) {
			case 1:
				break;
			case -2:
				diag(p, file, line, 1,
				    "Invalid Match %s argument '%s'", attrib,
				    arg);
				return -1;
			default:
				result = 0;
				break;
			}
		} else if (strcasecmp(attrib, "localport") == 0) {
			int port = a2port(arg);

			if (port == -1) {
				diag(p, file, line, 1,
				    "Invalid LocalPort '%s' on Match line",
				    arg);
				return -1;
			}
			if (ci != NULL && ci->sshd_test && ci->lport < 0) {
				diag(p, file, line, 1,
				    "'Match LocalPort' in configuration but 'lport' not in connection test specification.");
				return -1;
			}
			if (ci == NULL || ci->lport < 0 || port != ci->lport)
				result = 0;
		} else if (strcasecmp(attrib, "rdomain") == 0) {
			if (ci == NULL || ci->rdomain == NULL ||
			    match_pattern_list(ci->rdomain, arg, 0) != 1)
				result = 0;
		} else {
			diag(p, file, line, 1, "Unsupported Match attribute %s",
			    attrib);
			return -1;
		}
	}
	if (attributes == 0) {
		diag(p, file, line, 1,
		    "One or more attributes required for Match");
		return -1;
	}
	return forced ? 1 : result;
}

static void
record_match(struct pass *p, const char *cond, const char *file,
    unsigned line)
{
	struct sshd_config *c = p->c;
	struct sshd_match *m;
	char *copy;

	if (!p->first)
		return;
	ALLOC_GROW(c->matches, c->nmatches + 1, c->matches_alloc);
	m = &c->matches[c->nmatches++];
	m->file = file;
	m->line = line;
	copy = arena_strdup(&c->arena, cond);
	while (*copy == ' ' || *copy == '\t')
		copy++;
	m->criteria = copy;
	m->all = strncasecmp(copy, "all", 3) == 0 &&
	    (copy[3] == '\0' || strchr(WHITESPACE "#", copy[3]) != NULL);
}

/* "host:port" validity of PermitOpen/PermitListen (hpdelim + port). */
static int
permitopen_valid(const char *arg, int listen)
{
	const char *colon;
	const char *port;

	if (listen && strchr(arg, ':') == NULL)
		port = arg;
	else {
		if (*arg == '[') {
			const char *end = strchr(arg, ']');

			if (end == NULL || end[1] != ':')
				return 0;
			colon = end + 1;
		} else {
			colon = strrchr(arg, ':');
			if (colon == NULL)
				return 0;
			if (strchr(arg, ':') != colon)
				return 0;
		}
		if (colon == arg)
			return 0;
		port = colon + 1;
	}
	return strcmp(port, "*") == 0 || a2port(port) > 0;
}

static int
auth_methods_valid(const char *list)
{
	const char *p = list;

	if (*p == '\0')
		return 0;
	for (;;) {
		size_t n = strcspn(p, ","), k = strcspn(p, ",:"), i;
		int found = 0;

		for (i = 0; i < ARRAY_SIZE(auth_method_names); i++)
			if (strlen(auth_method_names[i]) == k &&
			    strncmp(p, auth_method_names[i], k) == 0)
				found = 1;
		if (!found)
			return 0;
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	return 1;
}

/*
 * Process one line (process_server_config_line_depth()).  line is modified.
 */
static void
process_line(struct pass *p, char *line, const char *file, unsigned lineno,
    int *activep, int *inc_flags, int depth)
{
	struct sshd_config *c = p->c;
	struct opts *o = p->o;
	char *str, *keyword, **av = NULL;
	size_t len, ac = 0, i;
	int ign_scope, value;
	enum sshd_kw kw;
	unsigned scope;
	struct sshd_value *v;
	const char *arg;

	p->flags = *inc_flags;
	p->line_err = 0;
	len = strlen(line);
	if (len == 0)
		return;
	for (len--; len > 0; len--) {
		if (strchr(WHITESPACE "\f", line[len]) == NULL)
			break;
		line[len] = '\0';
	}
	str = line;
	if ((keyword = strdelim(&str)) == NULL)
		return;
	if (*keyword == '\0')
		keyword = strdelim(&str);
	if (keyword == NULL || *keyword == '\0' || *keyword == '#')
		return;
	if (str == NULL || *str == '\0') {
		diag(p, file, lineno, 1, "no argument after keyword \"%s\"",
		    keyword);
		return;
	}
	kw = lookup(keyword, &ign_scope);
	if (kw == SSHD_KW__COUNT && ign_scope == 0) {
		diag(p, file, lineno, 1, "Bad configuration option: %s",
		    keyword);
		return;
	}
	if (argv_split(&c->arena, str, &av, &ac) != 0) {
		diag(p, file, lineno, 1, "invalid quotes");
		return;
	}
	scope = kw == SSHD_KW__COUNT ? (unsigned)ign_scope : kwdefs[kw].scope;
	if (*activep == 0 && !(scope & SSHD_S_MATCH)) {
		if (p->ci == NULL && p->first)
			diag(p, file, lineno, 1,
			    "Directive '%s' is not allowed within a Match block",
			    keyword);
		ac = 0;
		goto out;
	}
	if (kw == SSHD_KW__COUNT) {
		ac = 0; /* deprecated or unsupported: logged, ignored */
		goto out;
	}
	v = &o->v[kw];
	arg = ac > 0 ? av[0] : NULL;

	/* Keywords with their own handling. */
	switch (kw) {
	case SSHD_KW_INCLUDE: {
		size_t k;

		value = 0;
		for (i = 0; i < ac; i++) {
			struct strbuf sel = STRBUF_INIT;
			const struct incl *in;
			size_t inc;
			int oactive = *activep;
			int nflags;

			if (*av[i] == '\0') {
				diag(p, file, lineno, 1,
				    "keyword %s empty argument", keyword);
				break;
			}
			value++;
			if (*av[i] != '/' && *av[i] != '~')
				strbuf_addf(&sel, "/etc/ssh/%s", av[i]);
			else
				strbuf_addstr(&sel, av[i]);
			in = include_lookup(p, sel.buf, file, lineno);
			strbuf_release(&sel);
			nflags = (*inc_flags & INC_MATCH_ONLY)
			    ? INC_MATCH_ONLY
			    : (oactive ? 0 : INC_NEVERMATCH);
			nflags |= *inc_flags & INC_IN_MATCH;
			/*
			 * Nested includes grow the include cache and may
			 * move it: index it again on every round.
			 */
			inc = (size_t)(in - p->store->incls);
			for (k = 0; k < p->store->incls[inc].nfiles; k++) {
				parse_depth(p, p->store->incls[inc].files[k],
				    activep, nflags, depth + 1, file, lineno);
				*activep = oactive;
			}
		}
		if (value == 0 && ac == 0)
			diag(p, file, lineno, 1,
			    "%s missing filename argument", keyword);
		ac = 0;
		goto out;
	}
	case SSHD_KW_MATCH: {
		long idx = p->match_seen++;
		char *cond = arena_strdup(&c->arena, str);
		int forced = p->force >= 0 && idx == p->force &&
		    !(*inc_flags & INC_NEVERMATCH);

		record_match(p, str, file, lineno);
		value = match_line(p, cond,
		    file, lineno,
		    (*inc_flags & INC_NEVERMATCH) ? NULL : p->ci, forced);
		if (value < 0) {
			diag(p, file, lineno, 1, "Bad Match condition");
			value = 0;
		}
		*activep = (*inc_flags & INC_NEVERMATCH) ? 0 : value;
		*inc_flags &= ~INC_MATCH_ONLY;
		*inc_flags |= INC_IN_MATCH;
		ac = 0;
		goto out;
	}
	default:
		break;
	}

	switch (kwdefs[kw].type) {
	case SSHD_T_FLAG:
	case SSHD_T_MULTI: {
		int casecmp = kw != SSHD_KW_PERMITTUNNEL;

		value = mstate_parse(mstate_of(kw), arg, casecmp);
		if (value < 0) {
			diag(p, file, lineno, 1, "unsupported option \"%s\".",
			    arg);
			goto out;
		}
		if (*activep) {
			if (!v->set)
				val_set(c, v, value, NULL, file, lineno);
			else if (v->num != value)
				note_conflict(p, kw, file, lineno, arg, NULL);
		}
		ac--;
		goto out;
	}
	case SSHD_T_INT: {
		long long n = parse_num(arg, INT_MAX);

		if (n < 0) {
			diag(p, file, lineno, 1, "%s integer value invalid.",
			    keyword);
			goto out;
		}
		if (*activep) {
			if (!v->set)
				val_set(c, v, (int)n, NULL, file, lineno);
			else if (v->num != (int)n)
				note_conflict(p, kw, file, lineno, arg, NULL);
		}
		ac--;
		goto out;
	}
	case SSHD_T_TIME:
		value = convtime(arg);
		if (value < 0) {
			diag(p, file, lineno, 1, "invalid time value.");
			goto out;
		}
		if (*activep) {
			if (!v->set)
				val_set(c, v, value, NULL, file, lineno);
			else if (v->num != value)
				note_conflict(p, kw, file, lineno, arg, NULL);
		}
		ac--;
		goto out;
	case SSHD_T_OCTAL: {
		char *end;
		long m = strtol(arg, &end, 8);

		if (end == arg || m < 0 || m > 0777) {
			diag(p, file, lineno, 1, "Invalid %s.", keyword);
			goto out;
		}
		if (*activep)
			val_set(c, v, (int)m, NULL, file, lineno);
		ac--;
		goto out;
	}
	case SSHD_T_STRING:
		if (*activep) {
			if (!v->set)
				val_set(c, v, 0, arg, file, lineno);
			else if (strcmp(v->v[0], arg) != 0)
				note_conflict(p, kw, file, lineno, arg,
				    v->v[0]);
		}
		ac--;
		goto out;
	case SSHD_T_PATH:
		if (*activep) {
			if (!v->set)
				val_set(c, v, 0,
				    derelativise(p, arg, file, lineno), file,
				    lineno);
			else
				note_conflict(p, kw, file, lineno, arg,
				    v->v[0]);
		}
		ac--;
		goto out;
	case SSHD_T_LINE: {
		const char *rest = str + strspn(str, WHITESPACE);

		if (kw == SSHD_KW_AUTHORIZEDKEYSCOMMAND ||
		    kw == SSHD_KW_AUTHORIZEDPRINCIPALSCOMMAND) {
			if (rest[0] != '/' && strcasecmp(rest, "none") != 0) {
				diag(p, file, lineno, 1,
				    "%s must be an absolute path", keyword);
				ac = 0;
				goto out;
			}
			/* sshd tests the keys command for both keywords. */
			if (*activep &&
			    !o->v[SSHD_KW_AUTHORIZEDKEYSCOMMAND].set)
				val_set(c, v, 0, rest, file, lineno);
		} else if (kw == SSHD_KW_VERSIONADDENDUM) {
			if (strchr(rest, '\r') != NULL) {
				diag(p, file, lineno, 1,
				    "Invalid %s argument", keyword);
				ac = 0;
				goto out;
			}
			if (*activep && !v->set)
				val_set(c, v, 0,
				    strcasecmp(rest, "none") == 0 ? "" : rest,
				    file, lineno);
		} else if (*activep) {
			if (!v->set)
				val_set(c, v, 0, rest, file, lineno);
			else if (strcmp(v->v[0], rest) != 0)
				note_conflict(p, kw, file, lineno, rest,
				    v->v[0]);
		}
		ac = 0;
		goto out;
	}
	case SSHD_T_ALGS: {
		const char *all = kw == SSHD_KW_CIPHERS ? all_ciphers
		    : kw == SSHD_KW_MACS		 ? all_macs
		    : kw == SSHD_KW_KEXALGORITHMS	 ? all_kex
		    : kw == SSHD_KW_CASIGNATUREALGORITHMS ? all_sigs
							  : all_keys;
		int wild = all == all_keys || all == all_sigs;
		int global_only = kw == SSHD_KW_CIPHERS ||
		    kw == SSHD_KW_MACS || kw == SSHD_KW_KEXALGORITHMS;

		if (*arg != '-' &&
		    !names_valid(*arg == '+' || *arg == '^' ? arg + 1 : arg,
			all, wild)) {
			diag(p, file, lineno, 1, "Bad %s '%s'.", keyword, arg);
			goto out;
		}
		if (global_only || *activep) {
			if (!v->set)
				val_set(c, v, 0, arg, file, lineno);
			else if (strcmp(v->v[0], arg) != 0)
				note_conflict(p, kw, file, lineno, arg,
				    v->v[0]);
		}
		ac--;
		goto out;
	}
	case SSHD_T_LIST:
		break;
	case SSHD_T_SPECIAL:
		break;
	}

	switch (kw) {
	case SSHD_KW_PORT: {
		int port = arg != NULL ? a2port(arg) : -1;

		if (v->n >= SSHD_MAX_PORTS) {
			diag(p, file, lineno, 1, "too many ports.");
			goto out;
		}
		if (port <= 0) {
			diag(p, file, lineno, 1,
			    "Badly formatted port number.");
			goto out;
		}
		val_push(c, v, arena_printf(&c->arena, "%d", port), file,
		    lineno);
		ac--;
		break;
	}
	case SSHD_KW_LISTENADDRESS: {
		const char *a = arg;
		char *host, *port = NULL, *entry;
		int pnum = 0;

		if (strchr(a, '[') == NULL && strchr(a, ':') != NULL &&
		    strchr(strchr(a, ':') + 1, ':') != NULL) {
			host = arena_strdup(&c->arena, a);
		} else if (*a == '[') {
			const char *end = strchr(a, ']');

			if (end == NULL ||
			    (end[1] != '\0' && end[1] != ':')) {
				diag(p, file, lineno, 1,
				    "bad address:port usage");
				goto out;
			}
			host = arena_strndup(&c->arena, a + 1,
			    (size_t)(end - a - 1));
			if (end[1] == ':')
				port = arena_strdup(&c->arena, end + 2);
		} else {
			const char *colon = strchr(a, ':');

			host = arena_strndup(&c->arena, a,
			    colon ? (size_t)(colon - a) : strlen(a));
			if (colon != NULL)
				port = arena_strdup(&c->arena, colon + 1);
		}
		if (port != NULL && (pnum = a2port(port)) <= 0) {
			diag(p, file, lineno, 1, "bad port number");
			goto out;
		}
		if (ac > 1) {
			if (strcmp(av[1], "rdomain") != 0 || ac < 3) {
				diag(p, file, lineno, 1,
				    "bad ListenAddress syntax");
				goto out;
			}
			ac -= 2;
		}
		entry = arena_printf(&c->arena, "%s %d", host, pnum);
		ALLOC_GROW(o->listen, o->nlisten + 1, o->listen_alloc);
		o->listen[o->nlisten++] = entry;
		val_push(c, v, a, file, lineno);
		ac--;
		break;
	}
	case SSHD_KW_HOSTKEY:
	case SSHD_KW_HOSTCERTIFICATE:
		if (*activep)
			val_push(c, v, derelativise(p, arg, file, lineno), file,
			    lineno);
		ac--;
		break;
	case SSHD_KW_HOSTKEYAGENT:
		if (*activep && !v->set)
			val_set(c, v, 0,
			    strcmp(arg, "SSH_AUTH_SOCK") == 0
				? arg
				: derelativise(p, arg, file, lineno),
			    file, lineno);
		ac--;
		break;
	case SSHD_KW_SECURITYKEYPROVIDER:
		if (*activep && !v->set)
			val_set(c, v, 0,
			    strcasecmp(arg, "internal") == 0
				? arg
				: derelativise(p, arg, file, lineno),
			    file, lineno);
		ac--;
		break;
	case SSHD_KW_AUTHORIZEDPRINCIPALSFILE:
		if (*activep && !v->set) {
			struct strbuf sb = STRBUF_INIT;

			if (tilde_expand(p, arg, &sb) != 0)
				diag(p, file, lineno, 1,
				    "cannot expand '%s': no such user", arg);
			val_set(c, v, 0, sb.buf, file, lineno);
			strbuf_release(&sb);
		}
		ac--;
		break;
	case SSHD_KW_UNUSEDCONNECTIONTIMEOUT:
		if (strcasecmp(arg, "none") == 0) {
			if (*activep)
				val_set(c, v, 0, NULL, file, lineno);
			ac--;
			break;
		}
		value = convtime(arg);
		if (value < 0) {
			diag(p, file, lineno, 1, "invalid time value.");
			goto out;
		}
		if (*activep && !v->set)
			val_set(c, v, value, NULL, file, lineno);
		ac--;
		break;
	case SSHD_KW_GSSAPIKEXALGORITHMS:
		if (!names_valid(arg, all_gss_kex, 0)) {
			diag(p, file, lineno, 1,
			    "Bad GSSAPI KexAlgorithms '%s'.", arg);
			goto out;
		}
		if (*activep && !v->set)
			val_set(c, v, 0, arg, file, lineno);
		ac--;
		break;
	case SSHD_KW_FINGERPRINTHASH:
		value = mstate_parse(ms_digest, arg, 1);
		if (value < 0) {
			diag(p, file, lineno, 1,
			    "Invalid %s algorithm \"%s\".", keyword, arg);
			goto out;
		}
		if (*activep)
			val_set(c, v, value, NULL, file, lineno);
		ac--;
		break;
	case SSHD_KW_LOGLEVEL:
	case SSHD_KW_SYSLOGFACILITY:
		value = mstate_parse(mstate_of(kw), arg, 1);
		if (value < 0) {
			diag(p, file, lineno, 1, "unsupported log %s '%s'",
			    kw == SSHD_KW_LOGLEVEL ? "level" : "facility",
			    arg);
			goto out;
		}
		/* sshd ignores the active state for SyslogFacility. */
		if ((*activep || kw == SSHD_KW_SYSLOGFACILITY)) {
			if (!v->set)
				val_set(c, v, value, NULL, file, lineno);
			else if (v->num != value)
				note_conflict(p, kw, file, lineno, arg, NULL);
		}
		ac--;
		break;
	case SSHD_KW_SUBSYSTEM:
		if (v->n >= SSHD_MAX_SUBSYSTEMS) {
			diag(p, file, lineno, 1, "too many subsystems defined.");
			goto out;
		}
		if (!*activep) {
			ac = ac >= 2 ? ac - 2 : 0;
			break;
		}
		for (i = 0; i < v->n; i++) {
			size_t nl = strcspn(v->v[i], " ");

			if (strlen(arg) == nl && strncmp(v->v[i], arg, nl) == 0)
				diag(p, file, lineno, 1,
				    "Subsystem '%s' already defined.", arg);
		}
		if (ac < 2) {
			diag(p, file, lineno, 1, "Missing subsystem command.");
			goto out;
		}
		{
			struct strbuf sb = STRBUF_INIT;

			for (i = 0; i < ac; i++) {
				if (i > 0)
					strbuf_addch(&sb, ' ');
				strbuf_addstr(&sb, av[i]);
			}
			val_push(c, v, sb.buf, file, lineno);
			strbuf_release(&sb);
		}
		ac = 0;
		break;
	case SSHD_KW_MAXSTARTUPS: {
		int a = 0, b = 0, cc = 0, n;

		n = sscanf(arg, "%d:%d:%d", &a, &b, &cc);
		if (n == 3) {
			if (a > cc || b > 100 || b < 1) {
				diag(p, file, lineno, 1, "Invalid %s spec.",
				    keyword);
				goto out;
			}
		} else if (n != 1) {
			diag(p, file, lineno, 1, "Invalid %s spec.", keyword);
			goto out;
		} else {
			b = v->set ? v->num2 : -1;
			cc = a;
		}
		if (cc <= 0 || a <= 0) {
			diag(p, file, lineno, 1, "Invalid %s spec.", keyword);
			goto out;
		}
		val_set(c, v, a, NULL, file, lineno);
		v->num2 = b;
		v->num3 = cc;
		ac--;
		break;
	}
	case SSHD_KW_PERSOURCENETBLOCKSIZE: {
		int a = 0, b = 0, n;

		n = sscanf(arg, "%d:%d", &a, &b);
		if (n == 2 && (b < 0 || b > 128))
			n = -1;
		if ((n == 1 || n == 2) && (a < 0 || a > 32))
			n = -1;
		if (n != 1 && n != 2) {
			diag(p, file, lineno, 1, "Invalid %s spec.", keyword);
			goto out;
		}
		if (*activep) {
			val_set(c, v, a, NULL, file, lineno);
			/* sshd leaves the IPv6 length undefined here. */
			v->num2 = n == 2 ? b : 128;
		}
		ac--;
		break;
	}
	case SSHD_KW_PERSOURCEMAXSTARTUPS: {
		long long n;

		if (strcmp(arg, "none") == 0) {
			n = INT_MAX;
		} else if ((n = parse_num(arg, INT_MAX)) < 0) {
			diag(p, file, lineno, 1, "%s integer value invalid.",
			    keyword);
			goto out;
		}
		if (*activep)
			val_set(c, v, (int)n, NULL, file, lineno);
		ac--;
		break;
	}
	case SSHD_KW_IPQOS: {
		int a = mstate_parse(ms_ipqos, arg, 1), b;

		if (a < 0) {
			char *end;
			long x = strtol(arg, &end, 0);

			a = (*end == '\0' && x >= 0 && x <= 255) ? (int)x : -1;
		}
		if (a < 0) {
			diag(p, file, lineno, 1, "Bad %s value: %s", keyword,
			    arg);
			goto out;
		}
		b = a;
		if (ac > 1) {
			b = mstate_parse(ms_ipqos, av[1], 1);
			if (b < 0) {
				char *end;
				long x = strtol(av[1], &end, 0);

				b = (*end == '\0' && x >= 0 && x <= 255)
				    ? (int)x
				    : -1;
			}
			if (b < 0) {
				diag(p, file, lineno, 1, "Bad %s value: %s",
				    keyword, av[1]);
				goto out;
			}
			ac--;
		}
		if (*activep) {
			val_set(c, v, a, NULL, file, lineno);
			v->num2 = b;
		}
		ac--;
		break;
	}
	case SSHD_KW_REKEYLIMIT: {
		long long bytes = 0;

		if (strcmp(arg, "default") != 0) {
			char *end;
			double x = strtod(arg, &end);
			long long mult = 1;

			if (end == arg || x < 0) {
				diag(p, file, lineno, 1, "Bad %s number '%s'",
				    keyword, arg);
				goto out;
			}
			switch (*end) {
			case '\0':
				break;
			case 'K':
			case 'k':
				mult = 1LL << 10;
				end++;
				break;
			case 'M':
			case 'm':
				mult = 1LL << 20;
				end++;
				break;
			case 'G':
			case 'g':
				mult = 1LL << 30;
				end++;
				break;
			default:
				mult = 0;
				break;
			}
			if (mult == 0 || *end != '\0' ||
			    x * (double)mult > 9.0e18) {
				diag(p, file, lineno, 1, "Bad %s number '%s'",
				    keyword, arg);
				goto out;
			}
			bytes = (long long)(x * (double)mult);
			if (bytes != 0 && bytes < 16) {
				diag(p, file, lineno, 1, "%s too small",
				    keyword);
				goto out;
			}
		}
		if (*activep && !v->set) {
			val_set(c, v, -1, NULL, file, lineno);
			v->big = bytes;
		}
		ac--;
		if (ac > 0) {
			if (strcmp(av[1], "none") == 0) {
				ac--;
				break;
			}
			value = convtime(av[1]);
			if (value < 0) {
				diag(p, file, lineno, 1,
				    "invalid time value.");
				goto out;
			}
			if (*activep && v->num == -1)
				v->num = value;
			ac--;
		}
		break;
	}
	case SSHD_KW_PERMITOPEN:
	case SSHD_KW_PERMITLISTEN: {
		int first = !v->set;

		if (strcmp(arg, "any") == 0 || strcmp(arg, "none") == 0) {
			if (*activep && first)
				val_push(c, v, arg, file, lineno);
			ac--;
			break;
		}
		for (i = 0; i < ac; i++) {
			if (*av[i] == '\0')
				break;
			if (!permitopen_valid(av[i],
				kw == SSHD_KW_PERMITLISTEN)) {
				diag(p, file, lineno, 1, "%s bad port number",
				    keyword);
				goto out;
			}
			if (*activep && first)
				val_push(c, v,
				    kw == SSHD_KW_PERMITLISTEN &&
					    strchr(av[i], ':') == NULL
					? arena_printf(&c->arena, "*:%s",
					      av[i])
					: av[i],
				    file, lineno);
		}
		ac = 0;
		break;
	}
	case SSHD_KW_PERMITUSERENVIRONMENT:
		if (*activep && !v->set) {
			if (strcmp(arg, "yes") == 0)
				val_set(c, v, 1, NULL, file, lineno);
			else if (strcmp(arg, "no") == 0)
				val_set(c, v, 0, NULL, file, lineno);
			else
				val_set(c, v, 1, arg, file, lineno);
		}
		ac--;
		break;
	case SSHD_KW_PUBKEYAUTHOPTIONS:
		value = 0;
		for (i = 0; i < ac; i++) {
			if (strcasecmp(av[i], "none") == 0)
				continue;
			if (strcasecmp(av[i], "touch-required") == 0)
				value |= 1;
			else if (strcasecmp(av[i], "verify-required") == 0)
				value |= 2;
			else {
				diag(p, file, lineno, 1,
				    "unsupported %s option %s", keyword,
				    av[i]);
				goto out;
			}
		}
		if (*activep && !v->set)
			val_set(c, v, value, NULL, file, lineno);
		ac = 0;
		break;
	case SSHD_KW_RDOMAIN:
		diag(p, file, lineno, 1,
		    "setting RDomain not supported on this platform.");
		ac = 0;
		break;
	case SSHD_KW_AUTHORIZEDKEYSFILE: {
		int first = !v->set;

		for (i = 0; i < ac; i++) {
			struct strbuf sb = STRBUF_INIT;

			if (*av[i] == '\0') {
				diag(p, file, lineno, 1,
				    "keyword %s empty argument", keyword);
				ac = 0;
				goto out;
			}
			if (tilde_expand(p, av[i], &sb) != 0) {
				strbuf_reset(&sb);
				strbuf_addstr(&sb, av[i]);
			}
			if (*activep && first)
				val_push(c, v, sb.buf, file, lineno);
			strbuf_release(&sb);
		}
		if (*activep && !first)
			note_conflict(p, kw, file, lineno, raw_text(c, av, ac),
			    NULL);
		ac = 0;
		break;
	}
	case SSHD_KW_ALLOWUSERS:
	case SSHD_KW_DENYUSERS:
	case SSHD_KW_ALLOWGROUPS:
	case SSHD_KW_DENYGROUPS:
	case SSHD_KW_ACCEPTENV:
		for (i = 0; i < ac; i++) {
			if (*av[i] == '\0' ||
			    (kw == SSHD_KW_ACCEPTENV &&
				strchr(av[i], '=') != NULL)) {
				diag(p, file, lineno, 1,
				    "invalid %s pattern: \"%s\"", keyword,
				    av[i]);
				ac = 0;
				goto out;
			}
			if (*activep)
				val_push(c, v, av[i], file, lineno);
		}
		ac = 0;
		break;
	case SSHD_KW_SETENV: {
		int first = !v->set;

		for (i = 0; i < ac; i++) {
			size_t k, nl = strcspn(av[i], "=");
			int dup = 0;

			if (*av[i] == '\0' || strchr(av[i], '=') == NULL) {
				diag(p, file, lineno, 1,
				    "Invalid environment.");
				ac = 0;
				goto out;
			}
			if (!*activep || !first)
				continue;
			for (k = 0; k < v->n; k++)
				if (strncmp(v->v[k], av[i], nl + 1) == 0)
					dup = 1;
			if (!dup)
				val_push(c, v, av[i], file, lineno);
		}
		ac = 0;
		break;
	}
	case SSHD_KW_AUTHENTICATIONMETHODS: {
		int first = !v->set, any = 0;

		for (i = 0; i < ac; i++) {
			if (strcmp(av[i], "any") == 0) {
				if (v->n > 0 && first) {
					diag(p, file, lineno, 1,
					    "\"any\" must appear alone in %s",
					    keyword);
					ac = 0;
					goto out;
				}
				any = 1;
			} else if (any) {
				diag(p, file, lineno, 1,
				    "\"any\" must appear alone in %s",
				    keyword);
				ac = 0;
				goto out;
			} else if (!auth_methods_valid(av[i])) {
				diag(p, file, lineno, 1,
				    "invalid %s method list.", keyword);
				ac = 0;
				goto out;
			}
			if (first && *activep)
				val_push(c, v, av[i], file, lineno);
		}
		if (*activep && !first)
			note_conflict(p, kw, file, lineno, raw_text(c, av, ac),
			    NULL);
		ac = 0;
		break;
	}
	case SSHD_KW_LOGVERBOSE:
	case SSHD_KW_CHANNELTIMEOUT: {
		int first = !v->set;

		for (i = 0; i < ac; i++) {
			if (strcasecmp(av[i], "none") == 0) {
				if (i > 0 || ac > 1) {
					diag(p, file, lineno, 1,
					    "keyword %s \"none\" argument must appear alone.",
					    keyword);
					ac = 0;
					goto out;
				}
			} else if (kw == SSHD_KW_CHANNELTIMEOUT) {
				const char *eq = strchr(av[i], '=');

				if (eq == NULL || eq == av[i] ||
				    convtime(eq + 1) < 0) {
					diag(p, file, lineno, 1,
					    "invalid channel timeout %s",
					    av[i]);
					ac = 0;
					goto out;
				}
			}
			if (first && *activep)
				val_push(c, v, av[i], file, lineno);
		}
		ac = 0;
		break;
	}
	default:
		BUG("sshd keyword %s has no handler", kwdefs[kw].name);
	}
out:
	if (ac > 0 && kw != SSHD_KW__COUNT && !p->line_err)
		diag(p, file, lineno, 1,
		    "keyword %s extra arguments at end of line", keyword);
	free(av);
}

/* parse_server_config_depth(): every line of one file. */
static void
parse_depth(struct pass *p, size_t fidx, int *activep, int flags, int depth,
    const char *from, unsigned from_line)
{
	/*
	 * Includes below load more files and may move the file table: keep
	 * the (stable, separately allocated) path, never a pointer into it.
	 */
	const char *path = p->store->files[fidx].path;
	char *buf, *cur, *next;
	unsigned lineno = 1;

	/* sshd stops at the first of these; so does the pass. */
	if (p->aborted)
		return;
	if (depth > SSHD_MAX_DEPTH) {
		diag(p, from, from_line, 1,
		    "Too many recursive configuration includes");
		p->aborted = 1;
		return;
	}
	if (++p->parses > SSHD_MAX_PARSES) {
		diag(p, from, from_line, 1,
		    "Include lines expand to more than %d file reads; not evaluated further",
		    SSHD_MAX_PARSES);
		p->aborted = 1;
		return;
	}
	buf = xstrdup(p->store->files[fidx].text);
	for (cur = buf; cur != NULL; cur = next) {
		next = strchr(cur, '\n');
		if (next != NULL)
			*next++ = '\0';
		/* load_server_config() strips leading blanks. */
		cur += strspn(cur, " \t\r");
		process_line(p, cur, path, lineno++, activep, &flags,
		    depth);
		if (next == NULL)
			break;
	}
	free(buf);
}

static void
set_default(struct sshd_config *c, enum sshd_kw kw)
{
	struct sshd_value *v = &c->o.v[kw];
	const char *def = kwdefs[kw].def;

	if (v->set || def == NULL)
		return;
	switch (kwdefs[kw].type) {
	case SSHD_T_FLAG:
	case SSHD_T_MULTI:
		v->num = mstate_parse(mstate_of(kw), def, 1);
		v->set = 1;
		return;
	case SSHD_T_INT:
	case SSHD_T_TIME:
		v->num = convtime(def);
		v->set = 1;
		return;
	case SSHD_T_OCTAL:
		v->num = (int)strtol(def, NULL, 8);
		v->set = 1;
		return;
	case SSHD_T_STRING:
	case SSHD_T_PATH:
	case SSHD_T_LINE:
	case SSHD_T_ALGS:
		val_push(c, v, def, NULL, 0);
		v->file = NULL;
		return;
	case SSHD_T_LIST:
	case SSHD_T_SPECIAL:
		break;
	}
	switch (kw) {
	case SSHD_KW_LOGLEVEL:
	case SSHD_KW_SYSLOGFACILITY:
	case SSHD_KW_FINGERPRINTHASH:
		v->num = mstate_parse(mstate_of(kw), def, 1);
		v->set = 1;
		break;
	case SSHD_KW_MAXSTARTUPS:
		v->num = 10;
		v->num2 = 30;
		v->num3 = 100;
		v->set = 1;
		break;
	case SSHD_KW_PERSOURCEMAXSTARTUPS:
		v->num = INT_MAX;
		v->set = 1;
		break;
	case SSHD_KW_PERSOURCENETBLOCKSIZE:
		v->num = 32;
		v->num2 = 128;
		v->set = 1;
		break;
	case SSHD_KW_IPQOS:
		v->num = 0x10;
		v->num2 = 0x08;
		v->set = 1;
		break;
	case SSHD_KW_REKEYLIMIT:
		v->big = 0;
		v->num = 0;
		v->set = 1;
		break;
	case SSHD_KW_UNUSEDCONNECTIONTIMEOUT:
	case SSHD_KW_PERMITUSERENVIRONMENT:
	case SSHD_KW_PUBKEYAUTHOPTIONS:
		v->num = 0;
		v->set = 1;
		break;
	default: {
		/* Word lists: port, hostkey, authorizedkeysfile, ... */
		const char *p = def;

		while (*p) {
			size_t n = strcspn(p, " ");
			char *w = xstrndup(p, n);

			val_push(c, v, w, NULL, 0);
			free(w);
			p += n;
			while (*p == ' ')
				p++;
		}
		v->file = NULL;
		break;
	}
	}
}

static const char *
alg_defaults(enum sshd_kw kw, const char **all)
{
	switch (kw) {
	case SSHD_KW_CIPHERS:
		*all = all_ciphers;
		return def_ciphers;
	case SSHD_KW_MACS:
		*all = all_macs;
		return def_macs;
	case SSHD_KW_KEXALGORITHMS:
		*all = all_kex;
		return def_kex;
	case SSHD_KW_CASIGNATUREALGORITHMS:
		*all = all_sigs;
		return def_sigs;
	default:
		*all = all_keys;
		return def_keys;
	}
}

/* assemble_algorithms(): every algorithm keyword to its effective list. */
static void
assemble_all(struct pass *p)
{
	struct sshd_config *c = p->c;
	struct strbuf out = STRBUF_INIT;
	size_t i;

	for (i = 0; i < SSHD_KW__COUNT; i++) {
		struct sshd_value *v = &c->o.v[i];
		const char *all, *def;
		const char *file;
		unsigned line;

		if (kwdefs[i].type != SSHD_T_ALGS)
			continue;
		def = alg_defaults((enum sshd_kw)i, &all);
		file = v->file;
		line = v->line;
		if (assemble(&out, v->n > 0 ? v->v[0] : NULL, def, all) != 0) {
			diag(p, file, line, 1,
			    "%s: no usable algorithms in '%s'", kwdefs[i].name,
			    v->n > 0 ? v->v[0] : "");
			continue;
		}
		val_clear(v);
		val_push(c, v, out.buf, file, line);
		v->file = file;
		v->line = line;
	}
	strbuf_release(&out);
}

static int
auth_path_enabled(const struct opts *o, const char *list)
{
	const char *p = list;

	for (;;) {
		size_t n = strcspn(p, ","), k = strcspn(p, ",:");
		int on = 1;

		if (k == 9 && strncmp(p, "publickey", 9) == 0)
			on = o->v[SSHD_KW_PUBKEYAUTHENTICATION].num;
		else if (k == 8 && strncmp(p, "password", 8) == 0)
			on = o->v[SSHD_KW_PASSWORDAUTHENTICATION].num;
		else if (k == 20 && strncmp(p, "keyboard-interactive", 20) == 0)
			on = o->v[SSHD_KW_KBDINTERACTIVEAUTHENTICATION].num;
		else if (k == 9 && strncmp(p, "hostbased", 9) == 0)
			on = o->v[SSHD_KW_HOSTBASEDAUTHENTICATION].num;
		else if (k == 15 && strncmp(p, "gssapi-with-mic", 15) == 0)
			on = o->v[SSHD_KW_GSSAPIAUTHENTICATION].num;
		else if (k == 12 && strncmp(p, "gssapi-keyex", 12) == 0)
			on = o->v[SSHD_KW_GSSAPIKEYEXCHANGE].num;
		if (!on)
			return 0;
		if (p[n] == '\0')
			return 1;
		p += n + 1;
	}
}

/* fill_default_server_options() and the checks sshd's main() makes. */
static void
fill_defaults(struct pass *p)
{
	struct sshd_config *c = p->c;
	struct sshd_value *am = &c->o.v[SSHD_KW_AUTHENTICATIONMETHODS];
	size_t i;

	for (i = 0; i < SSHD_KW__COUNT; i++)
		set_default(c, (enum sshd_kw)i);
	if (c->o.v[SSHD_KW_MAXSTARTUPS].num2 == -1)
		c->o.v[SSHD_KW_MAXSTARTUPS].num2 = 30;
	assemble_all(p);
	if (am->n == 1 && strcmp(am->v[0], "any") == 0)
		val_clear(am);
	if (c->o.v[SSHD_KW_AUTHORIZEDKEYSCOMMAND].n > 0 &&
	    strcasecmp(c->o.v[SSHD_KW_AUTHORIZEDKEYSCOMMAND].v[0], "none") !=
		0 &&
	    c->o.v[SSHD_KW_AUTHORIZEDKEYSCOMMANDUSER].n == 0)
		diag(p, c->o.v[SSHD_KW_AUTHORIZEDKEYSCOMMAND].file,
		    c->o.v[SSHD_KW_AUTHORIZEDKEYSCOMMAND].line, 1,
		    "AuthorizedKeysCommand set without AuthorizedKeysCommandUser");
	if (c->o.v[SSHD_KW_AUTHORIZEDPRINCIPALSCOMMAND].n > 0 &&
	    strcasecmp(c->o.v[SSHD_KW_AUTHORIZEDPRINCIPALSCOMMAND].v[0],
		"none") != 0 &&
	    c->o.v[SSHD_KW_AUTHORIZEDPRINCIPALSCOMMANDUSER].n == 0)
		diag(p, c->o.v[SSHD_KW_AUTHORIZEDPRINCIPALSCOMMAND].file,
		    c->o.v[SSHD_KW_AUTHORIZEDPRINCIPALSCOMMAND].line, 1,
		    "AuthorizedPrincipalsCommand set without AuthorizedPrincipalsCommandUser");
	if (am->n > 0) {
		for (i = 0; i < am->n; i++)
			if (auth_path_enabled(&c->o, am->v[i]))
				break;
		if (i == am->n)
			diag(p, am->file, am->line, 1,
			    "AuthenticationMethods cannot be satisfied by enabled authentication methods");
	}
}

static struct sshd_config *
config_new(const struct sshd_fs *fs)
{
	struct sshd_config *c = xcalloc(1, sizeof(*c));

	arena_init(&c->arena, 0);
	c->fs = fs;
	return c;
}

int
sshd_config_load(struct sshd_config **out, const char *path,
    const struct sshd_fs *fs, struct rp_diag *d)
{
	struct sshd_config *c = config_new(fs);
	struct pass p = { .c = c, .store = c, .o = &c->o, .force = -1,
		.first = 1 };
	struct strbuf sb = STRBUF_INIT;
	int active = 1, r;

	*out = NULL;
	r = fs->load(fs->arg, path, &sb, d);
	if (r != 0) {
		strbuf_release(&sb);
		sshd_config_free(c);
		return r;
	}
	ALLOC_GROW(c->files, 1, c->files_alloc);
	c->files[0].path = xstrdup(path);
	c->files[0].text = strbuf_detach(&sb, NULL);
	c->nfiles = 1;
	c->main_file = 0;
	parse_depth(&p, 0, &active, 0, 0, NULL, 0);
	fill_defaults(&p);
	*out = c;
	return 0;
}

struct sshd_config *
sshd_config_for(const struct sshd_config *base, const struct sshd_conn *conn,
    long force_match)
{
	struct sshd_config *c = config_new(base->fs);
	struct opts mo;
	struct pass p = { .c = c, .store = base, .o = &mo, .ci = conn,
		.force = force_match, .first = 0 };
	int active = 0;
	size_t i, k;

	memset(&mo, 0, sizeof(mo));
	c->base = base;
	if (p.ci == NULL) {
		static const struct sshd_conn blank = { .lport = -1 };

		p.ci = &blank;
	}
	parse_depth(&p, base->main_file, &active, INC_MATCH_ONLY, 0, NULL, 0);
	/* Start from the base values, then copy what Match blocks set. */
	for (i = 0; i < SSHD_KW__COUNT; i++) {
		const struct sshd_value *src = &base->o.v[i];
		struct sshd_value *dst = &c->o.v[i];
		const struct sshd_value *m = &mo.v[i];

		if ((kwdefs[i].scope & SSHD_S_MATCH) && m->set)
			src = m;
		dst->num = src->num;
		dst->num2 = src->num2;
		dst->num3 = src->num3;
		dst->big = src->big;
		for (k = 0; k < src->n; k++)
			val_push(c, dst, src->v[k], src->files[k],
			    src->lines[k]);
		dst->set = src->set;
		dst->file = src->file;
		dst->line = src->line;
	}
	for (i = 0; i < base->o.nlisten; i++) {
		ALLOC_GROW(c->o.listen, c->o.nlisten + 1, c->o.listen_alloc);
		c->o.listen[c->o.nlisten++] =
		    arena_strdup(&c->arena, base->o.listen[i]);
	}
	opts_free(&mo);
	{
		struct pass q = { .c = c, .store = base, .o = &c->o,
			.force = -1 };

		assemble_all(&q);
	}
	return c;
}

void
sshd_config_free(struct sshd_config *c)
{
	size_t i;

	if (c == NULL)
		return;
	opts_free(&c->o);
	for (i = 0; i < c->nfiles; i++) {
		free(c->files[i].path);
		free(c->files[i].text);
	}
	free(c->files);
	for (i = 0; i < c->nincls; i++) {
		free(c->incls[i].selector);
		free(c->incls[i].files);
	}
	free(c->incls);
	free(c->diags);
	free(c->matches);
	free(c->conflicts);
	free(c->file_names);
	arena_release(&c->arena);
	free(c);
}

const struct sshd_value *
sshd_get(const struct sshd_config *c, enum sshd_kw kw)
{
	return &c->o.v[kw];
}

const char *
sshd_kw_name(enum sshd_kw kw)
{
	return kwdefs[kw].name;
}

const struct sshd_diag *
sshd_config_diags(const struct sshd_config *c, size_t *n)
{
	*n = c->ndiags;
	return c->diags;
}

const struct sshd_match *
sshd_config_matches(const struct sshd_config *c, size_t *n)
{
	*n = c->nmatches;
	return c->matches;
}

const struct sshd_conflict *
sshd_config_conflicts(const struct sshd_config *c, size_t *n)
{
	*n = c->nconflicts;
	return c->conflicts;
}

const char *const *
sshd_config_files(const struct sshd_config *c, size_t *n)
{
	const struct sshd_config *s = c->base != NULL ? c->base : c;
	struct sshd_config *m = (struct sshd_config *)(uintptr_t)c;
	size_t i;

	free(m->file_names);
	m->file_names = xcalloc(s->nfiles + 1, sizeof(*m->file_names));
	for (i = 0; i < s->nfiles; i++)
		m->file_names[i] = s->files[i].path;
	*n = s->nfiles;
	return m->file_names;
}

int
sshd_alg_listed(const struct sshd_config *c, enum sshd_kw kw,
    const char *name)
{
	const struct sshd_value *v = &c->o.v[kw];

	return v->n > 0 && list_has(v->v[0], name);
}

int
sshd_conn_parse(char *buf, struct sshd_conn *c)
{
	char *p = buf;

	memset(c, 0, sizeof(*c));
	c->lport = -1;
	while (p != NULL && *p != '\0') {
		char *comma = strchr(p, ',');

		if (comma != NULL)
			*comma++ = '\0';
		if (strncmp(p, "addr=", 5) == 0)
			c->addr = p + 5;
		else if (strncmp(p, "host=", 5) == 0)
			c->host = p + 5;
		else if (strncmp(p, "user=", 5) == 0)
			c->user = p + 5;
		else if (strncmp(p, "laddr=", 6) == 0)
			c->laddr = p + 6;
		else if (strncmp(p, "rdomain=", 8) == 0)
			c->rdomain = p + 8;
		else if (strncmp(p, "lport=", 6) == 0) {
			c->lport = a2port(p + 6);
			if (c->lport < 0)
				return RP_EINVAL;
		} else
			return RP_EINVAL;
		p = comma;
	}
	return 0;
}

/* Value text as sshd -T prints it. */
void
sshd_value_str(const struct sshd_config *c, enum sshd_kw kw,
    struct strbuf *out)
{
	const struct sshd_value *v = &c->o.v[kw];
	size_t i;

	switch (kwdefs[kw].type) {
	case SSHD_T_FLAG:
	case SSHD_T_MULTI:
		strbuf_addstr(out, mstate_name(mstate_of(kw), v->num));
		return;
	case SSHD_T_INT:
	case SSHD_T_TIME:
		strbuf_addf(out, "%d", v->num);
		return;
	case SSHD_T_OCTAL:
		strbuf_addf(out, "0%o", (unsigned)v->num);
		return;
	case SSHD_T_STRING:
	case SSHD_T_PATH:
	case SSHD_T_LINE:
	case SSHD_T_ALGS:
		if (v->n == 0 || (kwdefs[kw].type == SSHD_T_PATH &&
				     strcasecmp(v->v[0], "none") == 0))
			strbuf_addstr(out, "none");
		else if (kw == SSHD_KW_VERSIONADDENDUM && *v->v[0] == '\0')
			strbuf_addstr(out, "none");
		else
			strbuf_addstr(out, v->v[0]);
		return;
	case SSHD_T_LIST:
	case SSHD_T_SPECIAL:
		break;
	}
	switch (kw) {
	case SSHD_KW_LOGLEVEL:
	case SSHD_KW_SYSLOGFACILITY:
	case SSHD_KW_FINGERPRINTHASH:
		strbuf_addstr(out, mstate_name(mstate_of(kw), v->num));
		return;
	case SSHD_KW_UNUSEDCONNECTIONTIMEOUT:
		if (v->num == 0)
			strbuf_addstr(out, "none");
		else
			strbuf_addf(out, "%d", v->num);
		return;
	case SSHD_KW_MAXSTARTUPS:
		strbuf_addf(out, "%d:%d:%d", v->num, v->num2, v->num3);
		return;
	case SSHD_KW_PERSOURCEMAXSTARTUPS:
		if (v->num == INT_MAX)
			strbuf_addstr(out, "none");
		else
			strbuf_addf(out, "%d", v->num);
		return;
	case SSHD_KW_PERSOURCENETBLOCKSIZE:
		strbuf_addf(out, "%d:%d", v->num, v->num2);
		return;
	case SSHD_KW_IPQOS: {
		int vals[2] = { v->num, v->num2 };

		for (i = 0; i < 2; i++) {
			const char *name = mstate_name(ms_ipqos, vals[i]);

			if (i > 0)
				strbuf_addch(out, ' ');
			if (strcmp(name, "UNKNOWN") == 0)
				strbuf_addf(out, "0x%02x", vals[i]);
			else
				strbuf_addstr(out, name);
		}
		return;
	}
	case SSHD_KW_REKEYLIMIT:
		strbuf_addf(out, "%llu %d", (unsigned long long)v->big,
		    v->num < 0 ? 0 : v->num);
		return;
	case SSHD_KW_PERMITUSERENVIRONMENT:
		if (v->n > 0)
			strbuf_addstr(out, v->v[0]);
		else
			strbuf_addstr(out, v->num ? "yes" : "no");
		return;
	case SSHD_KW_PUBKEYAUTHOPTIONS:
		if (v->num == 0)
			strbuf_addstr(out, "none");
		if (v->num & 1)
			strbuf_addstr(out, v->num == 1 ? "touch-required"
						       : "touch-required ");
		if (v->num & 2)
			strbuf_addstr(out, "verify-required");
		return;
	case SSHD_KW_PERMITOPEN:
	case SSHD_KW_PERMITLISTEN:
		if (v->n == 0)
			strbuf_addstr(out, "any");
		RP_FALLTHROUGH;
	default:
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				strbuf_addch(out, ' ');
			strbuf_addstr(out, v->v[i]);
		}
		if (kw == SSHD_KW_AUTHENTICATIONMETHODS && v->n == 0)
			strbuf_addstr(out, "any");
		if ((kw == SSHD_KW_SECURITYKEYPROVIDER ||
			kw == SSHD_KW_GSSAPIKEXALGORITHMS ||
			kw == SSHD_KW_HOSTKEYAGENT ||
			kw == SSHD_KW_AUTHORIZEDPRINCIPALSFILE) &&
		    v->n == 0)
			strbuf_addstr(out, "none");
		return;
	}
}

/* ListenAddress lines in sshd's order (see format_listen_addrs()). */
static void
dump_listen(const struct sshd_config *c, struct strbuf *out)
{
	const struct sshd_value *ports = &c->o.v[SSHD_KW_PORT];
	int family = c->o.v[SSHD_KW_ADDRESSFAMILY].num; /* 0 any 1 v4 2 v6 */
	size_t i, k, nq = c->o.nlisten ? c->o.nlisten : 1;

	for (i = 0; i < nq; i++) {
		char host[256] = "";
		int port = 0;

		if (c->o.nlisten > 0 &&
		    sscanf(c->o.listen[i], "%255s %d", host, &port) != 2)
			continue;
		for (k = 0; k < ports->n; k++) {
			int pnum = port > 0 ? port : a2port(ports->v[k]);
			unsigned char b[16];
			char txt[64];
			int af;

			if (port > 0 && k > 0)
				break;
			if (c->o.nlisten == 0) {
				if (family != 1)
					strbuf_addf(out,
					    "listenaddress [::]:%d\n", pnum);
				if (family != 2)
					strbuf_addf(out,
					    "listenaddress 0.0.0.0:%d\n",
					    pnum);
				continue;
			}
			af = addr_parse(host, b);
			if (af == 0) {
				strbuf_addf(out, "listenaddress %s:%d\n", host,
				    pnum);
				continue;
			}
			if ((af == AF_INET && family == 2) ||
			    (af == AF_INET6 && family == 1))
				continue;
			inet_ntop(af, b, txt, sizeof(txt));
			if (af == AF_INET6)
				strbuf_addf(out, "listenaddress [%s]:%d\n", txt,
				    pnum);
			else
				strbuf_addf(out, "listenaddress %s:%d\n", txt,
				    pnum);
		}
	}
}

void
sshd_config_dump(const struct sshd_config *c, struct strbuf *out)
{
	size_t i, k;

	for (i = 0; i < SSHD_KW__COUNT; i++) {
		const struct sshd_value *v = &c->o.v[i];
		enum sshd_kw kw = (enum sshd_kw)i;

		if (kwdefs[i].scope & SSHD_S_NODUMP)
			continue;
		switch (kw) {
		case SSHD_KW_PORT:
			for (k = 0; k < v->n; k++)
				strbuf_addf(out, "port %s\n", v->v[k]);
			continue;
		case SSHD_KW_LISTENADDRESS:
			dump_listen(c, out);
			continue;
		case SSHD_KW_HOSTKEY:
		case SSHD_KW_HOSTCERTIFICATE:
		case SSHD_KW_ALLOWUSERS:
		case SSHD_KW_DENYUSERS:
		case SSHD_KW_ALLOWGROUPS:
		case SSHD_KW_DENYGROUPS:
		case SSHD_KW_ACCEPTENV:
		case SSHD_KW_SETENV:
		case SSHD_KW_SUBSYSTEM:
			for (k = 0; k < v->n; k++)
				strbuf_addf(out, "%s %s\n", kwdefs[i].name,
				    v->v[k]);
			continue;
		case SSHD_KW_AUTHORIZEDKEYSFILE:
		case SSHD_KW_LOGVERBOSE:
		case SSHD_KW_CHANNELTIMEOUT:
			if (v->n == 0)
				continue;
			break;
		default:
			break;
		}
		strbuf_addstr(out, kwdefs[i].name);
		strbuf_addch(out, ' ');
		sshd_value_str(c, kw, out);
		strbuf_addch(out, '\n');
	}
}
