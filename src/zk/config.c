/*
 * config.c - load and merge a ZooKeeper server's configuration offline.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/config.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#include "util/banned.h"

#define CAP_CONFIG ((size_t)4 << 20)  /* zoo.cfg, dynamic, jaas, env */
#define CAP_SYSTEM ((size_t)64 << 20) /* dpkg status, passwd */

const struct zk_setting_def zk_setting_defs[ZK_SET__COUNT] = {
#define ZK_SETTING_DEF(sym, key_, via_, type_, def_, flags_, since_) \
	[ZK_SET_##sym] = { .key = (key_),                            \
		.via = ZK_VIA_##via_,                                \
		.type = ZK_T_##type_,                                \
		.def = (def_),                                       \
		.flags = (flags_),                                   \
		.since = (since_) },
	ZK_SETTINGS(ZK_SETTING_DEF)
#undef ZK_SETTING_DEF
};

static const struct {
	const char *dead, *instead;
} dead_aliases[] = {
#define ZK_DEAD_ALIAS(d, i) { (d), (i) },
	ZK_DEAD_ALIASES(ZK_DEAD_ALIAS)
#undef ZK_DEAD_ALIAS
};

/* Core key families besides the table's entries. */
static const char *const core_prefixes[] = { "server.", "group.", "weight.",
	"metricsProvider.", "jvm.pause.", "multiAddress." };

/* Authentication provider classes that exist in ZooKeeper 3.5 to 3.9. */
static const char *const known_providers[] = {
	"org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
	"org.apache.zookeeper.server.auth.DigestAuthenticationProvider",
	"org.apache.zookeeper.server.auth.IPAuthenticationProvider",
	"org.apache.zookeeper.server.auth.X509AuthenticationProvider",
	"org.apache.zookeeper.server.auth.EnsembleAuthenticationProvider",
	"org.apache.zookeeper.server.auth.KeyAuthenticationProvider",
};

const char *
zk_via_name(enum zk_via v)
{
	switch (v) {
	case ZK_VIA_CORE:
		return "zoo.cfg only";
	case ZK_VIA_PROP:
		return "zoo.cfg or -Dzookeeper.*";
	case ZK_VIA_JVM:
		return "-D only";
	}
	return "?";
}

const char *
zk_src_name(enum zk_src s)
{
	switch (s) {
	case ZK_SRC_DEFAULT:
		return "default";
	case ZK_SRC_ZOOCFG:
		return "zoo.cfg";
	case ZK_SRC_DYNAMIC:
		return "dynamic file";
	case ZK_SRC_JVM:
		return "JVM flag";
	}
	return "?";
}

void
zk_config_init(struct zk_config *c)
{
	memset(c, 0, sizeof(*c));
	arena_init(&c->arena, 0);
	zk_props_init(&c->cfg);
	zk_props_init(&c->dyn);
	zk_shenv_init(&c->env, &c->arena);
	zk_jaas_init(&c->jaas);
	c->svc_uid = -1;
	c->svc_gid = -1;
}

void
zk_config_release(struct zk_config *c)
{
	zk_props_release(&c->cfg);
	zk_props_release(&c->dyn);
	zk_shenv_release(&c->env);
	zk_jaas_release(&c->jaas);
	free(c->flags);
	free(c->multi);
	free(c->servers);
	free(c->dead);
	free(c->files);
	free(c->problems);
	free(c->parsed);
	free(c->users);
	free(c->groups);
	arena_release(&c->arena);
	memset(c, 0, sizeof(*c));
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
ieq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

static void
add_problem(struct zk_config *c, const struct rp_diag *d)
{
	ALLOC_GROW(c->problems, c->nproblems + 1, c->aproblems);
	c->problems[c->nproblems++] = *d;
}

static void
add_parsed(struct zk_config *c, const char *path)
{
	ALLOC_GROW(c->parsed, c->nparsed + 1, c->aparsed);
	c->parsed[c->nparsed++] = arena_strdup(&c->arena, path);
}

/* Look up a setting by its table key (exact families excluded). */
static int
find_setting(const char *key, int prefix_ok)
{
	size_t i, n;

	for (i = 0; i < ZK_SET__COUNT; i++) {
		const struct zk_setting_def *def = &zk_setting_defs[i];

		if (def->flags & ZK_SF_PREFIX) {
			n = strlen(def->key);
			if (prefix_ok && strncmp(key, def->key, n) == 0 &&
			    key[n] == '.' && key[n + 1] != '\0')
				return (int)i;
			continue;
		}
		if (strcmp(def->key, key) == 0)
			return (int)i;
	}
	return -1;
}

static int
is_core_key(const char *key)
{
	size_t i;
	int s = find_setting(key, 1);

	if (s >= 0 && zk_setting_defs[s].via == ZK_VIA_CORE)
		return 1;
	for (i = 0; i < ARRAY_SIZE(core_prefixes); i++)
		if (starts_with(key, core_prefixes[i]))
			return 1;
	return 0;
}

static int
is_jvm_only_key(const char *key)
{
	int s = find_setting(key, 0);

	if (s >= 0 && zk_setting_defs[s].via == ZK_VIA_JVM)
		return 1;
	return starts_with(key, "java.") || starts_with(key, "javax.") ||
	    starts_with(key, "sun.") || starts_with(key, "com.sun.") ||
	    starts_with(key, "jute.");
}

int
zk_setting_secret(enum zk_setting s)
{
	return zk_setting_defs[s].type == ZK_T_SECRET;
}

static int
contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word), i;

	for (; *s != '\0'; s++) {
		for (i = 0; i < n; i++) {
			char x = s[i];

			if (x == '\0')
				return 0;
			if (x >= 'A' && x <= 'Z')
				x = (char)(x - 'A' + 'a');
			if (x != word[i])
				break;
		}
		if (i == n)
			return 1;
	}
	return 0;
}

static int
key_is_secret(const char *key)
{
	int s;

	if (starts_with(key, "zookeeper."))
		key += strlen("zookeeper.");
	s = find_setting(key, 1);
	if (s >= 0 && zk_setting_defs[s].type == ZK_T_SECRET)
		return 1;
	if (s >= 0 && zk_setting_defs[s].type == ZK_T_PATH)
		return 0; /* passwordPath names a file, not a secret */
	return contains_ci(key, "password") || contains_ci(key, "secret") ||
	    contains_ci(key, "superdigest") || contains_ci(key, "token");
}

const char *
zk_config_mask(const char *key, const char *value)
{
	if (value == NULL)
		return "";
	if (key != NULL && key_is_secret(key))
		return "**** (masked)";
	return value;
}

/*
 * Users and groups of the audited system.  A missing or unreadable passwd
 * file only means owners are shown as numbers.
 */
static void
load_idents(struct zk_config *c, const char *path, int groups)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char *line, *next, *f[7];
	size_t nf;

	rp_diag_init(&d);
	if (rootfs_read(c->root, path, CAP_SYSTEM, &sb, &d) != 0)
		goto out;
	for (line = sb.buf; line != NULL && *line != '\0'; line = next) {
		char *p = line, *end;
		long id;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		for (nf = 0; nf < ARRAY_SIZE(f); nf++) {
			f[nf] = p;
			p = strchr(p, ':');
			if (p == NULL) {
				nf++;
				break;
			}
			*p++ = '\0';
		}
		if (nf < 3 || f[0][0] == '\0' || f[0][0] == '#')
			continue;
		errno = 0;
		id = strtol(f[2], &end, 10);
		if (errno != 0 || end == f[2] || *end != '\0' || id < 0)
			continue;
		if (groups) {
			ALLOC_GROW(c->groups, c->ngroups + 1, c->agroups);
			c->groups[c->ngroups].id = id;
			c->groups[c->ngroups].name =
			    arena_strdup(&c->arena, f[0]);
			c->groups[c->ngroups].home = NULL;
			c->ngroups++;
		} else {
			long gid = -1;

			ALLOC_GROW(c->users, c->nusers + 1, c->ausers);
			c->users[c->nusers].id = id;
			c->users[c->nusers].name =
			    arena_strdup(&c->arena, f[0]);
			c->users[c->nusers].home =
			    nf >= 6 ? arena_strdup(&c->arena, f[5]) : NULL;
			c->nusers++;
			if (nf >= 4) {
				errno = 0;
				gid = strtol(f[3], &end, 10);
				if (errno != 0 || *end != '\0')
					gid = -1;
			}
			if (strcmp(f[0], c->service_user) == 0) {
				c->svc_uid = id;
				if (c->svc_gid < 0)
					c->svc_gid = gid;
			}
		}
	}
out:
	strbuf_release(&sb);
}

const char *
zk_config_user(const struct zk_config *c, long uid)
{
	size_t i;

	for (i = 0; i < c->nusers; i++)
		if (c->users[i].id == uid)
			return c->users[i].name;
	return NULL;
}

const char *
zk_config_group(const struct zk_config *c, long gid)
{
	size_t i;

	for (i = 0; i < c->ngroups; i++)
		if (c->groups[i].id == gid)
			return c->groups[i].name;
	return NULL;
}

static const char *
user_home(const struct zk_config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nusers; i++)
		if (strcmp(c->users[i].name, name) == 0)
			return c->users[i].home;
	return NULL;
}

/* The directory part of an absolute path ("/" for "/x"). */
static const char *
dir_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(a, path, (size_t)(slash - path));
}

/*
 * Record a file the configuration uses and stat it (and its directory)
 * under the root.  The same path with the same kind is recorded once.
 */
/* The status of path inside the root (symlinks followed); 0 or RP_E*. */
static int
stat_in_root(const struct rootfs *root, const char *path,
    struct rootfs_stat *st)
{
	struct rp_diag d;

	rp_diag_init(&d);
	return rootfs_stat(root, path, 0, st, &d);
}

static struct zk_file *
add_file(struct zk_config *c, const char *path, enum zk_file_kind kind,
    const char *what, const char *ref_file, unsigned ref_line, int required)
{
	struct strbuf canon = STRBUF_INIT;
	struct zk_file *f;
	struct rp_diag d;
	size_t i;

	for (i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i].path, path) == 0 &&
		    c->files[i].kind == kind)
			return &c->files[i];
	ALLOC_GROW(c->files, c->nfiles + 1, c->afiles);
	f = &c->files[c->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = arena_strdup(&c->arena, path);
	f->kind = kind;
	f->what = what;
	f->ref_file = ref_file;
	f->ref_line = ref_line;
	f->required = required;
	rp_diag_init(&d);
	if (stat_in_root(c->root, path, &f->st) == 0 &&
	    rootfs_realpath(c->root, path, &canon, &d) == 0) {
		f->exists = 1;
		f->canon = arena_strdup(&c->arena, canon.buf);
		if (stat_in_root(c->root, dir_of(&c->arena, f->canon),
		        &f->dir_st) != 0)
			memset(&f->dir_st, 0, sizeof(f->dir_st));
	}
	strbuf_release(&canon);
	return f;
}

/* Read a configuration file; problems are recorded, 0 on success. */
static int
read_config_file(struct zk_config *c, const char *path, struct strbuf *out)
{
	struct rp_diag d;

	rp_diag_init(&d);
	if (rootfs_read(c->root, path, CAP_CONFIG, out, &d) != 0) {
		add_problem(c, &d);
		return -1;
	}
	return 0;
}

static int
root_has_file(const struct rootfs *root, const char *path)
{
	struct rootfs_stat st;

	return stat_in_root(root, path, &st) == 0 && S_ISREG(st.mode);
}

static const char *const conf_dirs[] = {
	"/etc/zookeeper/conf",
	"/etc/zookeeper",
	"/opt/zookeeper/conf",
	"/usr/local/zookeeper/conf",
	"/usr/share/zookeeper/conf",
	"/usr/lib/zookeeper/conf",
	"/opt/zookeeper/current/conf",
};

int
zk_config_present(const struct rootfs *root)
{
	char path[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(conf_dirs); i++) {
		snprintf(path, sizeof(path), "%s/zoo.cfg", conf_dirs[i]);
		if (root_has_file(root, path))
			return 1;
	}
	return 0;
}

/* Parse one sourced shell fragment into c->env. */
static void
load_env_file(struct zk_config *c, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;

	add_file(c, path, ZK_FILE_ENV, "start script environment", NULL, 0, 0);
	if (read_config_file(c, path, &sb) == 0) {
		rp_diag_init(&d);
		if (zk_shenv_parse(&c->env, sb.buf, sb.len, path, &d) != 0)
			add_problem(c, &d);
		else
			add_parsed(c, path);
	}
	strbuf_release(&sb);
}

static void
add_flag(struct zk_config *c, const char *name, const char *value,
    const char *file, unsigned line, const char *var, int client, int dead)
{
	struct zk_jvm_flag *f;

	ALLOC_GROW(c->flags, c->nflags + 1, c->aflags);
	f = &c->flags[c->nflags++];
	f->name = name;
	f->value = value;
	f->file = file;
	f->line = line;
	f->var = var;
	f->client = client;
	f->dead = dead;
}

/* The -D words of a shell variable. */
static void
flags_from_var(struct zk_config *c, struct zk_shenv *env, const char *var,
    int client, int dead)
{
	const struct zk_shvar *v = zk_shenv_get(env, var);
	struct zk_shword *w = NULL;
	size_t n, i;

	if (v == NULL)
		return;
	n = zk_shvar_split(v, &c->arena, &w);
	for (i = 0; i < n; i++) {
		const char *s = w[i].text, *eq;

		if (!starts_with(s, "-D") || s[2] == '\0')
			continue;
		s += 2;
		eq = strchr(s, '=');
		add_flag(c,
		    eq != NULL ? arena_strndup(&c->arena, s, (size_t)(eq - s)) :
		                 s,
		    eq != NULL ? eq + 1 : "", w[i].file, w[i].line, var, client,
		    dead);
	}
	free(w);
}

static const char *
env_value(struct zk_config *c, const char *name)
{
	const struct zk_shvar *v = zk_shenv_get(&c->env, name);

	return v != NULL ? zk_shvar_value(v, &c->arena) : NULL;
}

/*
 * The JVM flags of the server as the start scripts build them.  Debian's
 * init script: $JAVA_OPTS plus its own JMX flags.  zkServer.sh (Debian's
 * and upstream's): $SERVER_JVMFLAGS $JVMFLAGS, plus remote JMX flags when
 * JMXPORT is set.  Both are collected: whichever script starts the
 * server, a flag set in either file is one an operator meant to apply.
 */
static void
collect_flags(struct zk_config *c, const char *init_script)
{
	const char *jmxport, *v;
	const struct zk_shvar *var;

	flags_from_var(c, &c->env, "JAVA_OPTS", 0, 0);
	if (init_script != NULL) {
		v = env_value(c, "JMXLOCALONLY");
		add_flag(c, "com.sun.management.jmxremote", "", init_script, 0,
		    "init script", 0, 0);
		add_flag(c, "com.sun.management.jmxremote.local.only",
		    v != NULL ? v : "", init_script, 0, "init script", 0, 0);
	}
	flags_from_var(c, &c->env, "SERVER_JVMFLAGS", 0, 0);
	flags_from_var(c, &c->env, "JVMFLAGS", 0, 0);
	flags_from_var(c, &c->env, "CLIENT_JVMFLAGS", 1, 0);
	jmxport = env_value(c, "JMXPORT");
	v = env_value(c, "JMXDISABLE");
	if (jmxport != NULL && *jmxport != '\0' &&
	    (v == NULL || *v == '\0' || strcmp(v, "false") == 0)) {
		const char *auth = env_value(c, "JMXAUTH");
		const char *ssl = env_value(c, "JMXSSL");

		var = zk_shenv_get(&c->env, "JMXPORT");
		add_flag(c, "com.sun.management.jmxremote.port", jmxport,
		    var->file, var->line, "JMXPORT", 0, 0);
		var = zk_shenv_get(&c->env, "JMXAUTH");
		add_flag(c, "com.sun.management.jmxremote.authenticate",
		    auth != NULL && *auth != '\0' ? auth : "false",
		    var != NULL ? var->file : "zkServer.sh",
		    var != NULL ? var->line : 0, "JMXAUTH", 0, 0);
		var = zk_shenv_get(&c->env, "JMXSSL");
		add_flag(c, "com.sun.management.jmxremote.ssl",
		    ssl != NULL && *ssl != '\0' ? ssl : "false",
		    var != NULL ? var->file : "zkServer.sh",
		    var != NULL ? var->line : 0, "JMXSSL", 0, 0);
	}
}

/* The last live server flag named name, or NULL. */
static const struct zk_jvm_flag *
flag_get(const struct zk_config *c, const char *name)
{
	size_t i;

	for (i = c->nflags; i-- > 0;)
		if (!c->flags[i].client && !c->flags[i].dead &&
		    strcmp(c->flags[i].name, name) == 0)
			return &c->flags[i];
	return NULL;
}

static void
set_from_prop(struct zk_config *c, struct zk_value *v, const struct zk_prop *p,
    const char *file, enum zk_src src)
{
	v->key = zk_java_trim(&c->arena, p->key);
	v->value = zk_java_trim(&c->arena, p->value);
	v->src = src;
	v->file = file;
	v->line = p->line;
	v->via = NULL;
}

static void
set_from_flag(struct zk_value *v, const struct zk_jvm_flag *f)
{
	v->key = f->name;
	v->value = f->value;
	v->src = ZK_SRC_JVM;
	v->file = f->file;
	v->line = f->line;
	v->via = f->var;
}

static void
add_multi(struct zk_config *c, const struct zk_value *v)
{
	ALLOC_GROW(c->multi, c->nmulti + 1, c->amulti);
	c->multi[c->nmulti++] = *v;
}

static void
merge(struct zk_config *c)
{
	size_t i, j;
	char prop[512];

	for (i = 0; i < ZK_SET__COUNT; i++) {
		const struct zk_setting_def *def = &zk_setting_defs[i];
		struct zk_value *v = &c->vals[i];
		const struct zk_prop *p = NULL;
		const struct zk_jvm_flag *f = NULL;

		v->key = def->key;
		v->value = def->def;
		v->src = ZK_SRC_DEFAULT;
		if (def->flags & ZK_SF_PREFIX)
			continue;
		switch (def->via) {
		case ZK_VIA_CORE:
			p = zk_props_get(&c->cfg, def->key);
			break;
		case ZK_VIA_PROP:
			p = zk_props_get(&c->cfg, def->key);
			if (p == NULL) {
				snprintf(prop, sizeof(prop), "zookeeper.%s",
				    def->key);
				f = flag_get(c, prop);
			}
			break;
		case ZK_VIA_JVM:
			f = flag_get(c, def->key);
			break;
		}
		if (p != NULL)
			set_from_prop(c, v, p, c->zoo_cfg, ZK_SRC_ZOOCFG);
		else if (f != NULL)
			set_from_flag(v, f);
	}
	if (c->vals[ZK_SET_JAAS_CONFIG].value != NULL &&
	    c->vals[ZK_SET_JAAS_CONFIG].value[0] == '=') {
		/* -Djava.security.auth.login.config==file replaces the
		 * JVM's other login configurations; the file is the same. */
		c->vals[ZK_SET_JAAS_CONFIG].value++;
	}

	/* Families: zoo.cfg entries win over -Dzookeeper.<key>. */
	for (i = 0; i < c->cfg.n; i++) {
		const char *k = zk_java_trim(&c->arena, c->cfg.v[i].key);
		int s = find_setting(k, 1);
		struct zk_value v = { 0 };

		if (s < 0 || !(zk_setting_defs[s].flags & ZK_SF_PREFIX))
			continue;
		if (zk_props_get(&c->cfg, k) != &c->cfg.v[i])
			continue; /* a later duplicate wins */
		set_from_prop(c, &v, &c->cfg.v[i], c->zoo_cfg, ZK_SRC_ZOOCFG);
		add_multi(c, &v);
	}
	for (i = 0; i < c->nflags; i++) {
		const struct zk_jvm_flag *f = &c->flags[i];
		const char *k;
		int s;
		struct zk_value v = { 0 };

		if (f->client || f->dead || !starts_with(f->name, "zookeeper."))
			continue;
		k = f->name + strlen("zookeeper.");
		s = find_setting(k, 1);
		if (s < 0 || !(zk_setting_defs[s].flags & ZK_SF_PREFIX))
			continue;
		if (zk_props_get(&c->cfg, k) != NULL ||
		    flag_get(c, f->name) != f)
			continue;
		for (j = 0; j < c->nmulti; j++)
			if (strcmp(c->multi[j].key, k) == 0)
				break;
		if (j < c->nmulti)
			continue;
		set_from_flag(&v, f);
		v.key = k;
		add_multi(c, &v);
	}
}

const struct zk_value *
zk_config_get(const struct zk_config *c, enum zk_setting s)
{
	return &c->vals[s];
}

int
zk_config_isset(const struct zk_config *c, enum zk_setting s)
{
	return c->vals[s].src != ZK_SRC_DEFAULT;
}

int
zk_config_bool(const struct zk_config *c, enum zk_setting s)
{
	const char *v = c->vals[s].value;

	return v != NULL && ieq(v, "true");
}

long
zk_config_int(const struct zk_config *c, enum zk_setting s, int *ok)
{
	const char *v = c->vals[s].value;
	char *end;
	long n;

	*ok = 1;
	if (v == NULL)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n > INT_MAX ||
	    n < INT_MIN || *v == ' ') {
		*ok = 0;
		return 0;
	}
	return n;
}

static void
add_dead(struct zk_config *c, const char *key, const char *value,
    const char *file, unsigned line, const char *why, const char *instead,
    int security)
{
	struct zk_dead *d;

	ALLOC_GROW(c->dead, c->ndead + 1, c->adead);
	d = &c->dead[c->ndead++];
	d->key = key;
	d->value = key_is_secret(key) ? NULL : value;
	d->file = file;
	d->line = line;
	d->why = why;
	d->instead = instead;
	d->security = security;
}

static int
is_sec_key(const char *key)
{
	int s = find_setting(key, 1);

	if (s >= 0)
		return (zk_setting_defs[s].flags & ZK_SF_SEC) != 0;
	return strcmp(key, "requireClientAuthScheme") == 0;
}

static int
is_java_bool_text(const char *v)
{
	return ieq(v, "true") || ieq(v, "false");
}

static int
looks_off(const char *v)
{
	static const char *const offs[] = { "false", "no", "off", "0",
		"disabled", "disable", "n" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(offs); i++)
		if (ieq(v, offs[i]))
			return 1;
	return 0;
}

/*
 * Value checks shared by zoo.cfg lines and -Dzookeeper.* flags: values
 * the server reads differently from how they look.
 */
static void
dead_value(struct zk_config *c, const char *key, const char *value,
    const char *file, unsigned line)
{
	int s = find_setting(key, 1);
	size_t i;

	if (s < 0)
		return;
	if (s == ZK_SET_SKIP_ACL && strcmp(value, "yes") != 0 &&
	    strcmp(value, "no") != 0 && value[0] != '\0') {
		add_dead(c, key, value, file, line,
		    arena_printf(&c->arena,
		        "only the exact value 'yes' switches ACL checks off; '%s' does nothing",
		        value),
		    NULL, 0);
		return;
	}
	if (s == ZK_SET_ADMIN_ENABLE && strcmp(value, "false") != 0 &&
	    looks_off(value)) {
		add_dead(c, key, value, file, line,
		    arena_printf(&c->arena,
		        "only the exact value 'false' turns the AdminServer off; with '%s' it stays on",
		        value),
		    "admin.enableServer=false", 1);
		return;
	}
	if (s == ZK_SET_AUTH_PROVIDER &&
	    starts_with(value, "org.apache.zookeeper.")) {
		for (i = 0; i < ARRAY_SIZE(known_providers); i++)
			if (strcmp(value, known_providers[i]) == 0)
				return;
		add_dead(c, key, value, file, line,
		    "ZooKeeper has no such class: the provider fails to load (only a WARN in the log) and ACLs of its scheme match nobody",
		    "org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
		    1);
		return;
	}
	if (zk_setting_defs[s].type == ZK_T_BOOL && !is_java_bool_text(value))
		add_dead(c, key, value, file, line,
		    arena_printf(&c->arena,
		        "Java reads '%s' as false (only 'true' is true)",
		        value),
		    arena_printf(&c->arena, "%s=true or %s=false",
		        zk_setting_defs[s].key, zk_setting_defs[s].key),
		    (zk_setting_defs[s].flags & ZK_SF_SEC) != 0);
}

static const char *
alias_for(const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dead_aliases); i++)
		if (strcmp(dead_aliases[i].dead, key) == 0)
			return dead_aliases[i].instead;
	return NULL;
}

/* zoo.cfg lines that have no effect. */
static void
find_dead_cfg(struct zk_config *c)
{
	size_t i;

	for (i = 0; i < c->cfg.n; i++) {
		const struct zk_prop *p = &c->cfg.v[i];
		const char *k = zk_java_trim(&c->arena, p->key);
		const char *v = zk_java_trim(&c->arena, p->value);
		const struct zk_prop *last = zk_props_get(&c->cfg, k);
		const char *alias;

		if (last != p) {
			add_dead(c, k, v, c->zoo_cfg, p->line,
			    arena_printf(&c->arena,
			        "the key is given again at line %u, which wins",
			        last->line),
			    NULL, 0);
			continue;
		}
		if (starts_with(k, "zookeeper.") && k[10] != '\0') {
			const char *rest = k + 10;
			int jvm = is_jvm_only_key(rest);

			add_dead(c, k, v, c->zoo_cfg, p->line,
			    arena_printf(&c->arena,
			        "zoo.cfg keys get the prefix 'zookeeper.' added, so this sets zookeeper.%s, which nothing reads",
			        k),
			    jvm ? arena_printf(&c->arena, "-D%s=%s", rest,
			              key_is_secret(rest) ? "..." : v) :
			          arena_printf(&c->arena, "%s=%s", rest,
			              key_is_secret(rest) ? "..." : v),
			    is_sec_key(rest));
			continue;
		}
		if (strcmp(k, "requireClientAuthScheme") == 0) {
			add_dead(c, k, v, c->zoo_cfg, p->line,
			    "no ZooKeeper release since 3.4.14 reads requireClientAuthScheme; unauthenticated clients are still admitted",
			    "enforce.auth.enabled=true and enforce.auth.schemes=sasl",
			    1);
			continue;
		}
		if (is_jvm_only_key(k)) {
			add_dead(c, k, v, c->zoo_cfg, p->line,
			    arena_printf(&c->arena,
			        "%s is read only as a JVM -D flag; in zoo.cfg it becomes zookeeper.%s, which nothing reads",
			        k, k),
			    arena_printf(&c->arena, "-D%s=%s", k,
			        key_is_secret(k) ? "..." : v),
			    is_sec_key(k));
			continue;
		}
		if ((alias = alias_for(k)) != NULL) {
			add_dead(c, k, v, c->zoo_cfg, p->line,
			    "the admin guide's name is not the one the code reads",
			    arena_printf(&c->arena, "%s=%s", alias, v), 0);
			continue;
		}
		if (!is_core_key(k))
			dead_value(c, k, v, c->zoo_cfg, p->line);
	}
}

/* -D flags that have no effect. */
static void
find_dead_flags(struct zk_config *c)
{
	size_t i;

	for (i = 0; i < c->nflags; i++) {
		const struct zk_jvm_flag *f = &c->flags[i];
		const char *n = f->name, *rest;
		const struct zk_prop *p;
		const char *alias;

		if (f->client || f->file == NULL || f->line == 0)
			continue; /* client flags, or added by a script */
		if (f->dead) {
			add_dead(c, n, f->value, f->file, f->line,
			    "java.env is never read on Debian: zkEnv.sh is a link to /etc/zookeeper/conf/environment",
			    arena_printf(&c->arena,
			        "JAVA_OPTS in /etc/zookeeper/conf/environment or /etc/default/zookeeper"),
			    is_sec_key(
			        starts_with(n, "zookeeper.") ? n + 10 : n) ||
			        strcmp(n, "java.security.auth.login.config") ==
			            0);
			continue;
		}
		if (flag_get(c, n) != f) {
			add_dead(c, n, f->value, f->file, f->line,
			    "the same -D flag is given again later on the command line, which wins",
			    NULL, 0);
			continue;
		}
		rest = starts_with(n, "zookeeper.") ? n + 10 : NULL;
		if (rest != NULL && starts_with(rest, "zookeeper.")) {
			add_dead(c, n, f->value, f->file, f->line,
			    "the property name has the 'zookeeper.' prefix twice",
			    arena_printf(&c->arena, "-D%s", rest),
			    is_sec_key(rest + 10));
			continue;
		}
		if (rest != NULL && is_core_key(rest)) {
			add_dead(c, n, f->value, f->file, f->line,
			    arena_printf(&c->arena,
			        "%s is a core key, read from zoo.cfg only",
			        rest),
			    arena_printf(&c->arena, "%s=%s in zoo.cfg", rest,
			        f->value),
			    is_sec_key(rest));
			continue;
		}
		if (rest == NULL && is_core_key(n)) {
			add_dead(c, n, f->value, f->file, f->line,
			    arena_printf(&c->arena,
			        "%s is a core key, read from zoo.cfg only", n),
			    arena_printf(&c->arena, "%s=%s in zoo.cfg", n,
			        f->value),
			    is_sec_key(n));
			continue;
		}
		if (rest == NULL && !is_jvm_only_key(n)) {
			int s = find_setting(n, 1);

			if (s >= 0 || strcmp(n, "requireClientAuthScheme") == 0)
				add_dead(c, n, f->value, f->file, f->line,
				    arena_printf(&c->arena,
				        "ZooKeeper reads this setting as the property zookeeper.%s",
				        n),
				    arena_printf(&c->arena,
				        "-Dzookeeper.%s or %s in zoo.cfg", n,
				        n),
				    is_sec_key(n));
			continue;
		}
		if (rest == NULL)
			continue;
		if (strcmp(rest, "requireClientAuthScheme") == 0) {
			add_dead(c, n, f->value, f->file, f->line,
			    "no ZooKeeper release since 3.4.14 reads requireClientAuthScheme; unauthenticated clients are still admitted",
			    "enforce.auth.enabled=true and enforce.auth.schemes=sasl",
			    1);
			continue;
		}
		if ((alias = alias_for(rest)) != NULL) {
			add_dead(c, n, f->value, f->file, f->line,
			    "the admin guide's name is not the one the code reads",
			    arena_printf(&c->arena, "-Dzookeeper.%s", alias),
			    0);
			continue;
		}
		p = zk_props_get(&c->cfg, rest);
		if (p != NULL) {
			add_dead(c, n, f->value, f->file, f->line,
			    arena_printf(&c->arena,
			        "zoo.cfg line %u sets %s too and wins, because zoo.cfg is applied after the JVM starts",
			        p->line, rest),
			    NULL,
			    is_sec_key(rest) &&
			        strcmp(zk_java_trim(&c->arena, p->value),
			            f->value) != 0);
			continue;
		}
		dead_value(c, rest, f->value, f->file, f->line);
	}
}

/* server.N=host:quorum:election[:role][;[clientaddr:]clientport] */
static void
add_server(struct zk_config *c, const struct zk_prop *p, const char *file)
{
	const char *k = zk_java_trim(&c->arena, p->key);
	const char *v = zk_java_trim(&c->arena, p->value);
	const char *semi = strchr(v, ';');
	struct zk_server *s;

	if (!starts_with(k, "server."))
		return;
	ALLOC_GROW(c->servers, c->nservers + 1, c->aservers);
	s = &c->servers[c->nservers++];
	memset(s, 0, sizeof(*s));
	s->id = k + 7;
	s->value = v;
	s->file = file;
	s->line = p->line;
	{
		const char *end = semi != NULL ? semi : v + strlen(v);
		const char *role = end;

		while (role > v && role[-1] != ':')
			role--;
		s->observer = (size_t)(end - role) == 8 &&
		    strncmp(role, "observer", 8) == 0;
	}
	if (semi != NULL) {
		const char *port = strrchr(semi + 1, ':');
		char *e;
		long n;

		if (port == NULL) {
			port = semi + 1;
		} else {
			s->client_addr = arena_strndup(&c->arena, semi + 1,
			    (size_t)(port - semi - 1));
			port++;
		}
		errno = 0;
		n = strtol(port, &e, 10);
		if (errno == 0 && e != port && n > 0 && n < 65536)
			s->client_port = (int)n;
	}
}

/* The installed version: Debian's dpkg database, else a jar name. */
static void
find_version(struct zk_config *c)
{
	static const char *const pkgs[] = { "zookeeper", "libzookeeper-java" };
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	struct rootfs_dirent *ents = NULL;
	size_t n = 0, i, k;
	const char *libdirs[3];

	rp_diag_init(&d);
	if (rootfs_read(c->root, "/var/lib/dpkg/status", CAP_SYSTEM, &sb,
	        &d) == 0) {
		for (k = 0; k < ARRAY_SIZE(pkgs) && c->version == NULL; k++) {
			char want[64];
			const char *p = sb.buf;

			snprintf(want, sizeof(want), "Package: %s\n", pkgs[k]);
			while ((p = strstr(p, want)) != NULL) {
				const char *end = strstr(p, "\n\n");
				const char *st = strstr(p, "\nStatus: ");
				const char *ver = strstr(p, "\nVersion: ");

				if (p != sb.buf && p[-1] != '\n') {
					p += strlen(want);
					continue;
				}
				if (end == NULL)
					end = sb.buf + sb.len;
				if (st != NULL && st < end && ver != NULL &&
				    ver < end &&
				    strncmp(st + 9, "install ok installed",
				        20) == 0) {
					const char *vs = ver + 10;
					size_t vl = strcspn(vs, "\n");

					c->version =
					    arena_strndup(&c->arena, vs, vl);
					c->version_src = arena_printf(&c->arena,
					    "dpkg package %s", pkgs[k]);
					c->version_debian =
					    strchr(c->version, '-') != NULL;
					break;
				}
				p = end;
			}
		}
	}
	strbuf_release(&sb);
	if (c->version != NULL)
		return;
	libdirs[0] = arena_printf(&c->arena, "%s/../lib", c->conf_dir);
	libdirs[1] = arena_printf(&c->arena, "%s/..", c->conf_dir);
	libdirs[2] = "/usr/share/java";
	for (k = 0; k < ARRAY_SIZE(libdirs) && c->version == NULL; k++) {
		rp_diag_init(&d);
		if (rootfs_list(c->root, libdirs[k], &ents, &n, &d) != 0)
			continue;
		for (i = 0; i < n; i++) {
			const char *s = ents[i].name;
			size_t l = strlen(s);

			if (c->version == NULL &&
			    starts_with(s, "zookeeper-") && l > 14 &&
			    strcmp(s + l - 4, ".jar") == 0 && s[10] >= '0' &&
			    s[10] <= '9' && strstr(s, "-tests") == NULL &&
			    strstr(s, "-sources") == NULL) {
				c->version =
				    arena_strndup(&c->arena, s + 10, l - 14);
				c->version_src = arena_printf(&c->arena,
				    "jar %s/%s", libdirs[k], s);
			}
		}
		rootfs_dirents_free(ents, n);
		ents = NULL;
	}
}

static void
load_jaas(struct zk_config *c)
{
	const struct zk_value *v = &c->vals[ZK_SET_JAAS_CONFIG];
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	const char *path = v->value;
	struct zk_file *f;

	if (path == NULL || *path == '\0') {
		/* The JVM's fallback: ~/.java.login.config of the user. */
		const char *home = user_home(c, c->service_user);

		if (home == NULL)
			return;
		path = arena_printf(&c->arena, "%s/.java.login.config", home);
		if (!root_has_file(c->root, path))
			return;
		f = add_file(c, path, ZK_FILE_JAAS, "JAAS login configuration",
		    NULL, 0, 0);
	} else {
		if (starts_with(path, "file:"))
			path += 5;
		f = add_file(c, path, ZK_FILE_JAAS,
		    "JAAS login configuration (java.security.auth.login.config)",
		    v->file, v->line, 1);
	}
	c->jaas_path = f->path;
	if (!f->exists)
		return;
	if (read_config_file(c, f->path, &sb) == 0) {
		rp_diag_init(&d);
		if (zk_jaas_parse(&c->jaas, sb.buf, sb.len, f->path, &d) != 0)
			add_problem(c, &d);
		else
			add_parsed(c, f->path);
		c->jaas_loaded = 1;
	}
	strbuf_release(&sb);
}

/* Keytabs and secrets that the JAAS sections point at. */
static void
jaas_files(struct zk_config *c)
{
	size_t i, j, k;

	for (i = 0; i < c->jaas.nsecs; i++) {
		const struct zk_jaas_section *s = &c->jaas.secs[i];

		for (j = 0; j < s->nmods; j++) {
			const struct zk_jaas_module *m = &s->mods[j];

			for (k = 0; k < m->nopts; k++) {
				const struct zk_jaas_option *o = &m->opts[k];

				if (strcmp(o->key, "keyTab") == 0 &&
				    o->value[0] != '\0')
					add_file(c, o->value, ZK_FILE_KEYTAB,
					    arena_printf(&c->arena,
					        "keyTab of JAAS section %s",
					        s->name),
					    c->jaas_path, o->line, 1);
				if (starts_with(o->key, "user_") ||
				    strcmp(o->key, "password") == 0) {
					size_t f;

					for (f = 0; f < c->nfiles; f++)
						if (c->files[f].kind ==
						        ZK_FILE_JAAS &&
						    strcmp(c->files[f].path,
						        c->jaas_path) == 0)
							c->files[f].has_secret =
							    1;
				}
			}
		}
	}
}

/* Files named by settings (key stores, password files, krb5.conf). */
static void
setting_files(struct zk_config *c)
{
	size_t i;

	for (i = 0; i < ZK_SET__COUNT; i++) {
		const struct zk_setting_def *def = &zk_setting_defs[i];
		const struct zk_value *v = &c->vals[i];
		enum zk_file_kind kind;

		if (!(def->flags & ZK_SF_FILE) || v->src == ZK_SRC_DEFAULT ||
		    v->value == NULL || v->value[0] == '\0' ||
		    i == ZK_SET_JAAS_CONFIG || i == ZK_SET_DYNAMIC_CONFIG_FILE)
			continue;
		kind = (def->flags & ZK_SF_SECRET_FILE) ? ZK_FILE_SECRET :
		                                          ZK_FILE_TRUST;
		add_file(c, v->value, kind, def->key, v->file, v->line, 1)
		    ->has_secret = (def->flags & ZK_SF_SECRET_FILE) != 0;
	}
}

/* Does the text of a config source hold a secret value? */
static void
mark_secret_sources(struct zk_config *c)
{
	size_t i, f;

	for (i = 0; i < ZK_SET__COUNT; i++) {
		const struct zk_value *v = &c->vals[i];

		if (zk_setting_defs[i].type != ZK_T_SECRET ||
		    v->src == ZK_SRC_DEFAULT || v->file == NULL)
			continue;
		for (f = 0; f < c->nfiles; f++)
			if (strcmp(c->files[f].path, v->file) == 0)
				c->files[f].has_secret = 1;
	}
	for (i = 0; i < c->nflags; i++) {
		if (!key_is_secret(c->flags[i].name) ||
		    c->flags[i].file == NULL)
			continue;
		for (f = 0; f < c->nfiles; f++)
			if (strcmp(c->files[f].path, c->flags[i].file) == 0)
				c->files[f].has_secret = 1;
	}
}

static void
load_dynamic(struct zk_config *c)
{
	const struct zk_value *v = &c->vals[ZK_SET_DYNAMIC_CONFIG_FILE];
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	struct zk_file *f;
	size_t i;

	if (v->value == NULL || v->value[0] == '\0')
		return;
	f = add_file(c, v->value, ZK_FILE_DYNAMIC, "dynamic configuration file",
	    v->file, v->line, 1);
	if (!f->exists)
		return;
	if (read_config_file(c, f->path, &sb) == 0) {
		rp_diag_init(&d);
		if (zk_props_parse(&c->dyn, &c->arena, sb.buf, sb.len, f->path,
		        &d) != 0)
			add_problem(c, &d);
		else
			add_parsed(c, f->path);
	}
	strbuf_release(&sb);
	for (i = 0; i < c->dyn.n; i++)
		if (zk_props_get(&c->dyn,
		        zk_java_trim(&c->arena, c->dyn.v[i].key)) ==
		    &c->dyn.v[i])
			add_server(c, &c->dyn.v[i], f->path);
}

static const char *
find_conf_dir(struct zk_config *c, const struct zk_config_opts *o,
    struct rp_diag *d)
{
	struct strbuf tried = STRBUF_INIT;
	char path[512];
	const char *found = NULL;
	size_t i;

	if (o->zoo_cfg != NULL)
		return dir_of(&c->arena, o->zoo_cfg);
	if (o->conf_dir != NULL)
		return arena_strdup(&c->arena, o->conf_dir);
	for (i = 0; i < ARRAY_SIZE(conf_dirs); i++) {
		snprintf(path, sizeof(path), "%s/zoo.cfg", conf_dirs[i]);
		if (root_has_file(c->root, path)) {
			found = conf_dirs[i];
			break;
		}
		strbuf_addf(&tried, "%s%s", i > 0 ? ", " : "", path);
	}
	if (found == NULL)
		rp_diag_fail(d, RP_ENOENT, c->root->dir, 0,
		    "no ZooKeeper configuration found (looked for %s)",
		    tried.buf);
	strbuf_release(&tried);
	return found;
}

int
zk_config_load(struct zk_config *c, const struct rootfs *root,
    const struct zk_config_opts *o, struct rp_diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag pd;
	const char *env_zoocfg, *init_script = NULL, *javaenv;
	int err = 0;
	size_t i;

	c->root = root;
	c->service_user = arena_strdup(&c->arena,
	    o->service_user != NULL ? o->service_user : "zookeeper");
	load_idents(c, "/etc/passwd", 0);
	load_idents(c, "/etc/group", 1);
	for (i = 0; i < c->ngroups; i++)
		if (strcmp(c->groups[i].name, c->service_user) == 0)
			c->svc_gid = c->groups[i].id;

	c->conf_dir = find_conf_dir(c, o, d);
	if (c->conf_dir == NULL) {
		err = RP_ENOENT;
		goto out;
	}

	/* Start-script environment. */
	c->debian = root_has_file(root,
	    arena_printf(&c->arena, "%s/environment", c->conf_dir));
	if (c->debian) {
		load_env_file(c,
		    arena_printf(&c->arena, "%s/environment", c->conf_dir));
		if (root_has_file(root, "/etc/default/zookeeper"))
			load_env_file(c, "/etc/default/zookeeper");
		if (root_has_file(root, "/etc/init.d/zookeeper"))
			init_script = "/etc/init.d/zookeeper";
	} else {
		const char *zkenv =
		    arena_printf(&c->arena, "%s/zookeeper-env.sh", c->conf_dir);

		if (root_has_file(root, zkenv))
			load_env_file(c, zkenv);
	}
	javaenv = arena_printf(&c->arena, "%s/java.env", c->conf_dir);
	if (root_has_file(root, javaenv)) {
		if (c->debian) {
			/* Not sourced by anything on Debian: read it apart. */
			struct zk_shenv dead_env;

			zk_shenv_init(&dead_env, &c->arena);
			add_file(c, javaenv, ZK_FILE_ENV, "java.env (unused)",
			    NULL, 0, 0);
			if (read_config_file(c, javaenv, &sb) == 0) {
				rp_diag_init(&pd);
				if (zk_shenv_parse(&dead_env, sb.buf, sb.len,
				        javaenv, &pd) != 0)
					add_problem(c, &pd);
				else
					add_parsed(c, javaenv);
			}
			strbuf_setlen(&sb, 0);
			flags_from_var(c, &dead_env, "SERVER_JVMFLAGS", 0, 1);
			flags_from_var(c, &dead_env, "JVMFLAGS", 0, 1);
			flags_from_var(c, &dead_env, "JAVA_OPTS", 0, 1);
			zk_shenv_release(&dead_env);
		} else {
			load_env_file(c, javaenv);
		}
	}
	collect_flags(c, init_script);

	/* zoo.cfg: the option, the start script's ZOOCFG, the default. */
	env_zoocfg = env_value(c, "ZOOCFG");
	if (o->zoo_cfg != NULL)
		c->zoo_cfg = arena_strdup(&c->arena, o->zoo_cfg);
	else if (c->debian && env_zoocfg != NULL && env_zoocfg[0] == '/' &&
	    root_has_file(root, env_zoocfg))
		c->zoo_cfg = env_zoocfg;
	else
		c->zoo_cfg = arena_printf(&c->arena, "%s/zoo.cfg", c->conf_dir);
	add_file(c, c->zoo_cfg, ZK_FILE_ZOOCFG, "zoo.cfg", NULL, 0, 1);
	if (read_config_file(c, c->zoo_cfg, &sb) != 0) {
		if (!root_has_file(root, c->zoo_cfg)) {
			rp_diag_fail(d, RP_ENOENT, c->zoo_cfg, 0,
			    "no zoo.cfg here");
			err = RP_ENOENT;
			goto out;
		}
	} else {
		rp_diag_init(&pd);
		if (zk_props_parse(&c->cfg, &c->arena, sb.buf, sb.len,
		        c->zoo_cfg, &pd) != 0)
			add_problem(c, &pd);
		else
			add_parsed(c, c->zoo_cfg);
	}

	merge(c);
	for (i = 0; i < c->cfg.n; i++)
		if (zk_props_get(&c->cfg,
		        zk_java_trim(&c->arena, c->cfg.v[i].key)) ==
		    &c->cfg.v[i])
			add_server(c, &c->cfg.v[i], c->zoo_cfg);
	load_dynamic(c);
	find_dead_cfg(c);
	find_dead_flags(c);
	load_jaas(c);
	jaas_files(c);
	setting_files(c);
	mark_secret_sources(c);
	if (c->vals[ZK_SET_DATA_DIR].value != NULL)
		add_file(c, c->vals[ZK_SET_DATA_DIR].value, ZK_FILE_DATADIR,
		    "dataDir", c->vals[ZK_SET_DATA_DIR].file,
		    c->vals[ZK_SET_DATA_DIR].line, 0)
		    ->has_secret = 1;
	if (c->vals[ZK_SET_DATA_LOG_DIR].value != NULL)
		add_file(c, c->vals[ZK_SET_DATA_LOG_DIR].value, ZK_FILE_DATADIR,
		    "dataLogDir", c->vals[ZK_SET_DATA_LOG_DIR].file,
		    c->vals[ZK_SET_DATA_LOG_DIR].line, 0)
		    ->has_secret = 1;
	find_version(c);
out:
	strbuf_release(&sb);
	return err;
}

int
zk_config_scan(const char *root_dir, const struct zk_config_opts *o,
    struct result *r, struct rp_diag *d)
{
	struct rootfs root;
	struct zk_config c;
	struct result_target *t;
	const char *scope;
	uint64_t set = 0;
	size_t i;
	int err;

	if ((err = rootfs_open(&root, root_dir, d)) != 0)
		return err;
	zk_config_init(&c);
	err = zk_config_load(&c, &root, o, d);
	if (err == 0) {
		scope = strcmp(root_dir, "/") == 0 ?
		    c.zoo_cfg :
		    arena_printf(&c.arena, "%s%s%s", root_dir,
		        root_dir[strlen(root_dir) - 1] == '/' ? "" : "/",
		        c.zoo_cfg + (c.zoo_cfg[0] == '/'));
		t = result_target_add(r, "zk", scope);
		for (i = 0; i < ZK_SET__COUNT; i++)
			set += zk_config_isset(&c, (enum zk_setting)i);
		result_target_count(t, "files", c.nparsed);
		result_target_count(t, "settings", set + c.nmulti);
		zk_config_check(&c, r);
	}
	zk_config_release(&c);
	rootfs_close(&root);
	return err;
}
