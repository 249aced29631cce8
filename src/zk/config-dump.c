/*
 * config-dump.c - `rampart zk config --dump`: every setting of the table
 * with its effective value, where it came from and its default; then the
 * JVM flags, the lines without effect, the files and the problems.
 * Secret values are masked.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "zk/config.h"

#include "util/banned.h"

static void
where(struct strbuf *out, const char *file, unsigned line)
{
	if (file == NULL)
		return;
	strbuf_addf(out, "  (%s", file);
	if (line > 0)
		strbuf_addf(out, ":%u", line);
	strbuf_addch(out, ')');
}

static void
value(struct strbuf *out, const char *key, const char *v)
{
	strbuf_add_term(out, zk_config_mask(key, v != NULL ? v : ""));
}

void
zk_config_dump(const struct zk_config *c, struct strbuf *out)
{
	size_t i;

	strbuf_addf(out, "# ZooKeeper configuration (%s layout)\n",
	    c->debian ? "Debian" : "upstream");
	strbuf_addstr(out, "# conf dir: ");
	strbuf_add_term(out, c->conf_dir);
	strbuf_addstr(out, "\n# zoo.cfg:  ");
	strbuf_add_term(out, c->zoo_cfg);
	strbuf_addf(out, "\n# version:  %s%s%s%s\n",
	    c->version != NULL ? c->version : "unknown",
	    c->version_src != NULL ? " (" : "",
	    c->version_src != NULL ? c->version_src : "",
	    c->version_src != NULL ? ")" : "");
	strbuf_addstr(out,
	    "\n# Settings: key = value  [source] (file:line)"
	    "  {via; default; since}\n");
	for (i = 0; i < ZK_SET__COUNT; i++) {
		const struct zk_setting_def *def = &zk_setting_defs[i];
		const struct zk_value *v = zk_config_get(c, (enum zk_setting)i);
		size_t k;

		if (def->flags & ZK_SF_PREFIX) {
			int any = 0;

			for (k = 0; k < c->nmulti; k++) {
				const struct zk_value *m = &c->multi[k];
				size_t n = strlen(def->key);

				if (strncmp(m->key, def->key, n) != 0 ||
				    m->key[n] != '.')
					continue;
				any = 1;
				strbuf_add_term(out, m->key);
				strbuf_addstr(out, " = ");
				value(out, m->key, m->value);
				strbuf_addf(out, "  [%s]", zk_src_name(m->src));
				where(out, m->file, m->line);
				strbuf_addch(out, '\n');
			}
			if (!any)
				strbuf_addf(out, "%s.N = (none)  [default]\n",
				    def->key);
			continue;
		}
		strbuf_addstr(out, def->key);
		strbuf_addstr(out, " = ");
		if (v->value == NULL)
			strbuf_addstr(out, "(unset)");
		else
			value(out, def->key, v->value);
		strbuf_addf(out, "  [%s]", zk_src_name(v->src));
		where(out, v->file, v->line);
		strbuf_addf(out, "  {%s; default %s; since %s}\n",
		    zk_via_name(def->via),
		    def->def == NULL ?
		        "unset" :
		        (def->def[0] == '\0' ? "\"\"" : def->def),
		    def->since);
	}
	strbuf_addstr(out, "\n# JVM -D flags (in command-line order)\n");
	for (i = 0; i < c->nflags; i++) {
		const struct zk_jvm_flag *f = &c->flags[i];

		strbuf_addstr(out, "-D");
		strbuf_add_term(out, f->name);
		strbuf_addch(out, '=');
		value(out, f->name, f->value);
		strbuf_addf(out, "  [%s%s%s]", f->var != NULL ? f->var : "",
		    f->client ? ", client only" : "",
		    f->dead ? ", never passed" : "");
		where(out, f->file, f->line);
		strbuf_addch(out, '\n');
	}
	strbuf_addf(out, "\n# server.N lines: %zu\n", c->nservers);
	for (i = 0; i < c->nservers; i++) {
		strbuf_addf(out, "server.%s = ", c->servers[i].id);
		strbuf_add_term(out, c->servers[i].value);
		where(out, c->servers[i].file, c->servers[i].line);
		strbuf_addch(out, '\n');
	}
	strbuf_addstr(out, "\n# Lines without effect\n");
	for (i = 0; i < c->ndead; i++) {
		strbuf_add_term(out, c->dead[i].key);
		strbuf_addstr(out, ": ");
		strbuf_add_term(out, c->dead[i].why);
		where(out, c->dead[i].file, c->dead[i].line);
		strbuf_addch(out, '\n');
	}
	strbuf_addstr(out, "\n# Files\n");
	for (i = 0; i < c->nfiles; i++) {
		const struct zk_file *f = &c->files[i];

		strbuf_add_term(out, f->path);
		if (f->exists)
			strbuf_addf(out, "  mode %04o uid %ld gid %ld%s",
			    (unsigned)(f->st.mode & 07777),
			    (long)f->st.uid, (long)f->st.gid,
			    f->has_secret ? " (holds secrets)" : "");
		else
			strbuf_addstr(out, "  missing");
		strbuf_addstr(out, "  ");
		strbuf_add_term(out, f->what);
		strbuf_addch(out, '\n');
	}
	if (c->env.skipped > 0)
		strbuf_addf(out,
		    "\n# %u shell commands in the start-script files were not evaluated\n",
		    c->env.skipped);
	if (c->nproblems > 0)
		strbuf_addstr(out, "\n# Problems\n");
	for (i = 0; i < c->nproblems; i++) {
		char buf[RP_DIAG_WHERE_MAX + RP_DIAG_MSG_MAX + 32];

		strbuf_add_term(out,
		    rp_diag_str(&c->problems[i], buf, sizeof(buf)));
		strbuf_addch(out, '\n');
	}
}
