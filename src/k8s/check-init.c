/*
 * check-init.c - APP.4.4.A6 initialisation heuristics (reference §2.3 H),
 * both optional (off unless enabled with --only or the configuration):
 *
 *   k8s/init-logic-in-app-container: an app container whose command is a
 *   shell wrapper running set-up steps before its main process;
 *   k8s/init-container-never-terminates: a regular init container whose
 *   command clearly never exits.
 *
 * Kubernetes itself runs init containers in order and to completion, so
 * A6 §3 needs no check.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "k8s/check.h"
#include "k8s/wl.h"
#include "util/strbuf.h"

#include "util/banned.h"

static const enum rule_id init_rules[] = {
	RULE_K8S_INIT_LOGIC_IN_APP_CONTAINER,
	RULE_K8S_INIT_CONTAINER_NEVER_TERMINATES,
};

static const char *const shells[] = { "sh", "bash", "ash", "dash", "zsh",
	"ksh" };

/* Set-up steps that belong in an init container. */
static const char *const setup_steps[] = {
	"chown ",
	"chmod ",
	"mkdir -p",
	"cp ",
	"wget ",
	"curl -o",
	"curl -O",
	"curl -sSo",
	"curl -fsSLo",
	"git clone",
	"envsubst",
	"migrate",
	"until ",
};

/* Commands that never exit by themselves. */
static const char *const forever[] = {
	"sleep infinity",
	"tail -f",
	"while true",
	"while :",
	"sleep 9999",
};
static const char *const servers[] = {
	"nginx",
	"httpd",
	"apache2",
	"redis-server",
	"mongod",
	"postgres",
	"mysqld",
	"sshd",
	"memcached",
	"haproxy",
};

static const char *
base_name(const char *s)
{
	const char *slash = strrchr(s, '/');

	return slash != NULL ? slash + 1 : s;
}

static int
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* command + args of c joined by spaces into sb; returns the word count. */
static size_t
argv_text(const struct k8s_container *c, struct strbuf *sb, const char **argv0)
{
	static const char *const keys[] = { "command", "args" };
	size_t i, j, n = 0;

	*argv0 = NULL;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct ynode *seq = ynode_get(c->node, keys[i]);

		for (j = 0; seq != NULL && seq->type == YNODE_SEQ && j < seq->n;
		     j++) {
			const char *s = ynode_str(seq->u.items[j]);

			if (s == NULL)
				continue;
			if (n == 0)
				*argv0 = s;
			if (sb->len > 0)
				strbuf_addch(sb, ' ');
			strbuf_addstr(sb, s);
			n++;
		}
	}
	return n;
}

/* The script of "sh -c SCRIPT" (or -ec, -xc ...), or NULL. */
static const char *
shell_script(const struct k8s_container *c)
{
	const struct ynode *words[8];
	static const char *const keys[] = { "command", "args" };
	size_t i, j, n = 0;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct ynode *seq = ynode_get(c->node, keys[i]);

		for (j = 0; seq != NULL && seq->type == YNODE_SEQ &&
		     j < seq->n && n < ARRAY_SIZE(words);
		     j++)
			words[n++] = seq->u.items[j];
	}
	if (n < 3 || ynode_str(words[0]) == NULL ||
	    !in_list(base_name(ynode_str(words[0])), shells,
	        ARRAY_SIZE(shells)))
		return NULL;
	for (i = 1; i + 1 < n; i++) {
		const char *w = ynode_str(words[i]);

		if (w == NULL || w[0] != '-')
			return NULL;
		if (strchr(w, 'c') != NULL)
			return ynode_str(words[i + 1]);
	}
	return NULL;
}

static void
init_object(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	struct wl_verdicts w;
	struct k8s_citer it;
	struct k8s_container c;

	if (o->pod_spec == NULL)
		return;
	wl_begin(&w, init_rules, ARRAY_SIZE(init_rules));
	k8s_citer_init(&it, o, K8S_C_APP | K8S_C_INIT);
	while (k8s_citer_next(&it, &c)) {
		struct strbuf text = STRBUF_INIT;
		const char *argv0, *script;
		size_t i;

		if (c.cls == K8S_C_APP) {
			wl_eval(&w, RULE_K8S_INIT_LOGIC_IN_APP_CONTAINER);
			script = shell_script(&c);
			if (script != NULL &&
			    (strchr(script, ';') != NULL ||
			        strstr(script, "&&") != NULL ||
			        strchr(script, '\n') != NULL)) {
				for (i = 0; i < ARRAY_SIZE(setup_steps); i++)
					if (strstr(script, setup_steps[i]) !=
					    NULL)
						break;
				if (i < ARRAY_SIZE(setup_steps))
					wl_fail(&w, ctx, &o->ref,
					    RULE_K8S_INIT_LOGIC_IN_APP_CONTAINER,
					    -1, ynode_get(c.node, "command"),
					    k8s_cpath(o, &c, "command"),
					    k8s_fmt(ctx,
					        "a shell script running '%s' before the main process",
					        setup_steps[i]),
					    "set-up in an initContainer",
					    "container %s runs set-up steps in a shell wrapper before its main process",
					    c.name);
			}
			continue;
		}
		wl_eval(&w, RULE_K8S_INIT_CONTAINER_NEVER_TERMINATES);
		if (argv_text(&c, &text, &argv0) == 0) {
			strbuf_release(&text);
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(forever); i++)
			if (strstr(text.buf, forever[i]) != NULL)
				break;
		if (i < ARRAY_SIZE(forever) ||
		    in_list(base_name(argv0), servers, ARRAY_SIZE(servers)))
			wl_fail(&w, ctx, &o->ref,
			    RULE_K8S_INIT_CONTAINER_NEVER_TERMINATES, -1,
			    ynode_get(c.node, "command") != NULL ?
			        ynode_get(c.node, "command") :
			        c.node,
			    k8s_cpath(o, &c, "command"),
			    i < ARRAY_SIZE(forever) ?
			        forever[i] :
			        k8s_fmt(ctx, "%s (a server)", base_name(argv0)),
			    "a command that exits when initialisation is done",
			    "init container %s never terminates; the pod would never start (use a sidecar with restartPolicy: Always for long-running helpers)",
			    c.name);
		strbuf_release(&text);
	}
	wl_end(&w, ctx, &o->ref);
}

const struct k8s_check k8s_check_init = {
	.name = "init",
	.object = init_object,
};
