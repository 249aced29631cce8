/*
 * verify.c - create a protected znode, read its ACL back, check that an
 * anonymous session is refused, remove it (see verify.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/verify.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/xmalloc.h"
#include "zk/fix.h"

#include "util/banned.h"

void
zk_verify_report_init(struct zk_verify_report *r)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->ids, 0);
	strbuf_init(&r->acl, 0);
	strbuf_init(&r->readback, 0);
}

void
zk_verify_report_release(struct zk_verify_report *r)
{
	free(r->node);
	strbuf_release(&r->ids);
	strbuf_release(&r->acl);
	strbuf_release(&r->readback);
	memset(r, 0, sizeof(*r));
}

static void
acl_text(struct strbuf *sb, const struct zk_acl *acl, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		zk_acl_format(sb, &acl[i], 0);
	}
}

/* Schemes whose ids can protect a node for this caller alone. */
static int
authenticated_scheme(const char *s)
{
	return strcmp(s, "ip") != 0 && strcmp(s, "world") != 0 &&
	    strcmp(s, "super") != 0 && s[0] != '\0';
}

static void
quiet_close(struct zk_conn *c)
{
	struct rp_diag dd;

	rp_diag_init(&dd);
	if (zk_conn_close(c, &dd) != 0)
		dd.msg[0] = '\0'; /* the session ends with the connection */
}

/*
 * The ACL read back after creating with the auth scheme: every entry is
 * one of the session's authenticated identities with all permissions,
 * and every such identity is there (digest ids as user:hash).
 */
static int
readback_ok(const struct zk_acl *acl, size_t n, const struct zk_conn_info *in)
{
	size_t i, k;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (acl[i].perms != ZK_PERM_ALL ||
		    !authenticated_scheme(acl[i].scheme))
			return 0;
	}
	for (k = 0; k < in->nids; k++) {
		const char *s = in->ids[k].scheme, *u = in->ids[k].user;
		size_t ul = strlen(u);

		if (!authenticated_scheme(s))
			continue;
		for (i = 0; i < n; i++) {
			if (strcmp(acl[i].scheme, s) != 0)
				continue;
			if (strcmp(acl[i].id, u) == 0 ||
			    (strcmp(s, "digest") == 0 &&
			        strncmp(acl[i].id, u, ul) == 0 &&
			        acl[i].id[ul] == ':'))
				break;
		}
		if (i == n)
			return 0;
	}
	return 1;
}

static int
call(struct zk_conn *c, const struct zk_req *req, struct arena *a,
    struct zk_reply *rep, struct rp_diag *d)
{
	return zk_conn_call(c, req, a, rep, d);
}

int
zk_verify(const struct zk_server *servers, size_t nservers,
    const struct zk_conn_opts *co, const char *parent,
    struct zk_verify_report *rep, struct rp_diag *d)
{
	struct zk_conn_opts o = *co, anon_o = *co;
	struct zk_conn *c = NULL, *anon = NULL;
	struct zk_conn_info info;
	struct zk_acl *acl = NULL, *back;
	struct zk_stat st;
	struct zk_reply rp;
	struct zk_req req;
	struct arena a;
	size_t nacl = 0, nback, i;
	int r, use_ip;

	arena_init(&a, 0);
	o.whoami = 1;
	o.read_only_ok = 0;
	if ((r = zk_conn_open(&c, servers, nservers, 0, &o, d)) != 0)
		goto out;
	zk_conn_info(c, &info);
	for (i = 0; i < info.nids; i++) {
		struct zk_acl id = { .perms = 0,
			.scheme = info.ids[i].scheme,
			.id = info.ids[i].user };
		struct strbuf one = STRBUF_INIT;

		if (i > 0)
			strbuf_addch(&rep->ids, ',');
		zk_acl_format(&one, &id, 0);
		strbuf_add(&rep->ids, one.buf, one.len > 0 ? one.len - 1 : 0);
		strbuf_release(&one);
		if (authenticated_scheme(info.ids[i].scheme))
			rep->authenticated = 1;
	}
	/*
	 * Protect the node with the session's authenticated identities:
	 * the "auth" scheme asks the server to put them in (it knows the
	 * digest hash, which whoAmI does not report).  With none, fall back
	 * to the ip identity, so that the anonymous check shows what an
	 * address-only ACL is worth.
	 */
	use_ip = !rep->authenticated;
	acl = arena_calloc(&a, info.nids + 1, sizeof(*acl));
	if (!use_ip) {
		acl[0].perms = ZK_PERM_ALL;
		acl[0].scheme = "auth";
		acl[0].id = "";
		nacl = 1;
	}
	for (i = 0; use_ip && i < info.nids; i++) {
		if (strcmp(info.ids[i].scheme, "ip") != 0)
			continue;
		acl[nacl].perms = ZK_PERM_ALL;
		acl[nacl].scheme = arena_strdup(&a, info.ids[i].scheme);
		acl[nacl].id = arena_strdup(&a, info.ids[i].user);
		nacl++;
	}
	if (nacl == 0) {
		r = rp_diag_fail(d, RP_EAUTH, info.server, 0,
		    "the session has no identity to protect a znode with");
		goto out;
	}
	acl_text(&rep->acl, acl, nacl);
	rep->node = xasprintf("%s%srampart-verify-%016" PRIx64 "-%ld", parent,
	    strcmp(parent, "/") == 0 ? "" : "/", (uint64_t)info.session_id,
	    (long)getpid());
	memset(&req, 0, sizeof(req));
	req.op = ZK_OP_CREATE;
	req.path = rep->node;
	req.data = "";
	req.datalen = 0;
	req.acl = acl;
	req.nacl = nacl;
	req.flags = ZK_CREATE_EPHEMERAL;
	if ((r = call(c, &req, &a, &rp, d)) != 0)
		goto out;
	if (rp.err == ZK_INVALIDACL) {
		rep->problem = "the server refused the caller's identity as an "
		               "ACL id (INVALIDACL)";
		rep->removed = 1;
		free(rep->node);
		rep->node = NULL;
		goto close;
	}
	if (rp.err != 0) {
		r = rp_diag_fail(d, rp.err == ZK_NOAUTH ? RP_EDENIED : RP_EIO,
		    parent, 0, "cannot create the test znode under %s: %s",
		    parent, zk_code_msg(rp.err));
		free(rep->node);
		rep->node = NULL;
		goto out;
	}
	/* Read the ACL back as the caller. */
	memset(&req, 0, sizeof(req));
	req.op = ZK_OP_GETACL;
	req.path = rep->node;
	if ((r = call(c, &req, &a, &rp, d)) != 0)
		goto out;
	if (rp.err == 0 && zk_dec_getacl(&rp.body, zk_conn_limits(c), &a,
	                       &back, &nback, &st, d) == 0) {
		acl_text(&rep->readback, back, nback);
		rep->acl_ok = use_ip ? zk_acl_equal(back, nback, acl, nacl)
		                     : readback_ok(back, nback, &info);
	}
	if (!rep->acl_ok && rep->problem == NULL)
		rep->problem = "the ACL read back differs from the one set";
	/* An anonymous session must be refused. */
	anon_o.sasl.mech = ZK_SASL_NONE;
	anon_o.auth = NULL;
	anon_o.nauth = 0;
	anon_o.whoami = 0;
	if ((r = zk_conn_open(&anon, servers, nservers, 0, &anon_o, d)) != 0)
		goto out;
	rep->anon_refused = 1;
	memset(&req, 0, sizeof(req));
	req.path = rep->node;
	req.op = ZK_OP_GETDATA;
	if ((r = call(anon, &req, &a, &rp, d)) != 0)
		goto out;
	if (rp.err != ZK_NOAUTH)
		rep->anon_refused = 0;
	req.op = ZK_OP_GETACL;
	if ((r = call(anon, &req, &a, &rp, d)) != 0)
		goto out;
	if (rp.err != ZK_NOAUTH)
		rep->anon_refused = 0;
	if (!rep->anon_refused && rep->problem == NULL)
		rep->problem = "an anonymous session could read the znode";
	/* Remove it: explicitly, then by closing the session. */
	memset(&req, 0, sizeof(req));
	req.op = ZK_OP_DELETE;
	req.path = rep->node;
	req.version = -1;
	(void)call(c, &req, &a, &rp, NULL);
close:
	quiet_close(c);
	c = NULL;
	if (rep->node != NULL && anon != NULL) {
		memset(&req, 0, sizeof(req));
		req.op = ZK_OP_EXISTS;
		req.path = rep->node;
		if ((r = call(anon, &req, &a, &rp, d)) != 0)
			goto out;
		rep->removed = rp.err == ZK_NONODE;
		if (!rep->removed && rep->problem == NULL)
			rep->problem = "the test znode is still there";
	}
	r = 0;
out:
	if (c != NULL) {
		struct zk_req del = { .op = ZK_OP_DELETE,
			.path = rep->node,
			.version = -1 };

		/* Error path: the node goes, explicitly or with the session. */
		if (rep->node != NULL)
			(void)call(c, &del, &a, &rp, NULL);
		quiet_close(c);
	}
	if (anon != NULL)
		quiet_close(anon);
	arena_release(&a);
	return r;
}
