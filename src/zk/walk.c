/*
 * walk.c - pipelined walk of a ZooKeeper tree over one connection per
 * ensemble member.
 *
 * Work is a stack of items (path + what to ask).  An item is always in
 * exactly one place: on the stack, in the delayed list (throttled), or in
 * flight on one connection, where its slot number is the request tag.  A
 * reply consumes its item; a lost connection hands each of its items back
 * (CONNECTIONLOSS) and they return to the stack.  The visitor is called
 * only when a getACL reply is consumed, so each node is reported once.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/walk.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#include "util/banned.h"

enum item_kind {
	ITEM_ACL,      /* getACL, then visit */
	ITEM_CHILDREN, /* getChildren, then queue the children */
	ITEM_ANCESTOR, /* getACL of an ancestor of the start: visit only */
};

struct item {
	char *path; /* owned */
	enum item_kind kind;
	int is_start;
};

struct slot {
	struct item it;
	int used;
	size_t next_free;
};

struct wconn {
	struct zk_conn *c;
	int up;
	double down_since; /* when it was lost */
	double retry_at;   /* next reconnect attempt */
	double backoff;
	char lost_msg[256]; /* why it was lost */
};

struct walker {
	const struct zk_walk_opts *wo;
	const struct zk_limits *lim;
	struct zk_walk_stats *st;
	struct arena arena; /* decoded replies; reset after each */

	struct item *stack;
	size_t nstack, astack;
	struct item *delayed; /* throttled, sent again at delay_until */
	size_t ndelayed, adelayed;
	double delay_until, throttle_backoff;

	struct slot *slots;
	size_t nslots, aslots, free_head, inflight;

	int err; /* a visitor's error, or a fatal decode error */
	struct rp_diag *d;
	int start_missing;
};

#define NO_SLOT ((size_t)-1)

void
zk_walk_opts_init(struct zk_walk_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->window = 128;
	o->reconnect_timeout = 0; /* twice the session timeout */
	o->progress_every = 0.5;
}

static void
push(struct walker *w, struct item it)
{
	ALLOC_GROW(w->stack, w->nstack + 1, w->astack);
	w->stack[w->nstack++] = it;
	w->st->queued = w->nstack + w->ndelayed;
}

static void
push_delayed(struct walker *w, struct item it)
{
	double now = rp_monotonic();

	ALLOC_GROW(w->delayed, w->ndelayed + 1, w->adelayed);
	w->delayed[w->ndelayed++] = it;
	w->throttle_backoff =
	    w->throttle_backoff > 0 ? w->throttle_backoff * 2 : 0.05;
	if (w->throttle_backoff > 2)
		w->throttle_backoff = 2;
	if (w->delay_until < now + w->throttle_backoff)
		w->delay_until = now + w->throttle_backoff;
}

static size_t
slot_take(struct walker *w, struct item it)
{
	size_t i;

	if (w->free_head != NO_SLOT) {
		i = w->free_head;
		w->free_head = w->slots[i].next_free;
	} else {
		ALLOC_GROW(w->slots, w->nslots + 1, w->aslots);
		i = w->nslots++;
	}
	w->slots[i].it = it;
	w->slots[i].used = 1;
	w->inflight++;
	return i;
}

static struct item
slot_release(struct walker *w, size_t i)
{
	struct item it = w->slots[i].it;

	w->slots[i].used = 0;
	w->slots[i].it.path = NULL;
	w->slots[i].next_free = w->free_head;
	w->free_head = i;
	w->inflight--;
	return it;
}

static void
zxid_seen(struct walker *w, int64_t zxid)
{
	if (zxid <= 0)
		return;
	if (w->st->min_zxid == 0 || zxid < w->st->min_zxid)
		w->st->min_zxid = zxid;
	if (zxid > w->st->max_zxid)
		w->st->max_zxid = zxid;
}

static int
visit(struct walker *w, struct zk_walk_node *n)
{
	int r;

	switch (n->event) {
	case ZK_WALK_NODE:
		w->st->nodes++;
		break;
	case ZK_WALK_ANCESTOR:
		break;
	case ZK_WALK_UNREADABLE:
		w->st->unreadable++;
		break;
	case ZK_WALK_UNLISTABLE:
		w->st->unlistable++;
		break;
	case ZK_WALK_VANISHED:
		w->st->vanished++;
		break;
	case ZK_WALK_FAILED:
		w->st->failed++;
		break;
	}
	r = w->wo->visit(w->wo->arg, n);
	if (r != 0 && w->err == 0) {
		w->err = r;
		rp_diag_fail(w->d, r, n->path, 0, "the walk was stopped: %s",
		    rp_strerror(r));
	}
	if (w->wo->max_nodes > 0 && w->err == 0 &&
	    w->st->nodes + w->st->unreadable > w->wo->max_nodes) {
		w->err = rp_diag_fail(w->d, RP_ELIMIT, NULL, 0,
		    "stopped after %llu znodes: the node-count guard (--max-nodes) was reached",
		    (unsigned long long)w->wo->max_nodes);
	}
	return r;
}

static void
on_acl(struct walker *w, struct item it, const struct zk_reply *r)
{
	struct zk_walk_node n;
	struct zk_stat st;
	struct buf body = r->body;
	struct zk_acl *acl;
	size_t nacl;
	int e;

	memset(&n, 0, sizeof(n));
	n.path = it.path;
	n.op = ZK_OP_GETACL;
	n.err = r->err;
	n.zxid = r->zxid;
	n.server = r->server;
	n.ancestor = it.kind == ITEM_ANCESTOR;
	switch (r->err) {
	case ZK_OK:
		e = zk_dec_getacl(&body, w->lim, &w->arena, &acl, &nacl, &st,
		    w->d);
		if (e != 0) {
			if (w->d != NULL) {
				char msg[RP_DIAG_MSG_MAX];

				snprintf(msg, sizeof(msg), "%s", w->d->msg);
				rp_diag_fail(w->d, e, r->server, 0, "%s: %s",
				    it.path, msg);
			}
			w->err = e;
			break;
		}
		n.event =
		    it.kind == ITEM_ANCESTOR ? ZK_WALK_ANCESTOR : ZK_WALK_NODE;
		n.acl = acl;
		n.nacl = nacl;
		n.stat = &st;
		visit(w, &n);
		if (it.kind == ITEM_ACL && st.num_children > 0) {
			push(w,
			    (struct item){ .path = it.path,
			        .kind = ITEM_CHILDREN });
			it.path = NULL; /* handed on */
		}
		break;
	case ZK_NONODE:
		if (it.is_start) {
			w->start_missing = 1;
			w->err = rp_diag_fail(w->d, RP_ENOENT, it.path, 0,
			    "the start znode does not exist");
			break;
		}
		n.event = n.ancestor ? ZK_WALK_FAILED : ZK_WALK_VANISHED;
		visit(w, &n);
		break;
	case ZK_NOAUTH:
		n.event = ZK_WALK_UNREADABLE;
		visit(w, &n);
		break;
	default:
		n.event = ZK_WALK_FAILED;
		visit(w, &n);
		break;
	}
	free(it.path);
}

static void
on_children(struct walker *w, struct item it, const struct zk_reply *r)
{
	struct zk_walk_node n;
	struct buf body = r->body;
	char **names;
	size_t cnt, i;
	int e;

	switch (r->err) {
	case ZK_OK:
		e = zk_dec_children(&body, w->lim, &w->arena, &names, &cnt,
		    NULL, w->d);
		if (e != 0) {
			w->err = e;
			if (w->d != NULL)
				snprintf(w->d->where, sizeof(w->d->where), "%s",
				    r->server);
			break;
		}
		for (i = 0; i < cnt; i++) {
			size_t plen = strlen(it.path), nlen = strlen(names[i]);
			char *p;

			if (plen == 1) {
				p = xmalloc(nlen + 2);
				p[0] = '/';
				memcpy(p + 1, names[i], nlen + 1);
			} else {
				p = xmalloc(plen + nlen + 2);
				memcpy(p, it.path, plen);
				p[plen] = '/';
				memcpy(p + plen + 1, names[i], nlen + 1);
			}
			push(w, (struct item){ .path = p, .kind = ITEM_ACL });
		}
		break;
	case ZK_NONODE:
		/* Deleted after its getACL: it was reported already. */
		break;
	default:
		memset(&n, 0, sizeof(n));
		n.event =
		    r->err == ZK_NOAUTH ? ZK_WALK_UNLISTABLE : ZK_WALK_FAILED;
		n.path = it.path;
		n.op = ZK_OP_GETCHILDREN;
		n.err = r->err;
		n.zxid = r->zxid;
		n.server = r->server;
		visit(w, &n);
		break;
	}
	free(it.path);
}

static int
on_reply(void *arg, const struct zk_reply *r)
{
	struct walker *w = arg;
	struct item it;

	if (r->tag >= w->nslots || !w->slots[r->tag].used)
		BUG("reply for unknown walk slot %llu",
		    (unsigned long long)r->tag);
	it = slot_release(w, (size_t)r->tag);
	if (r->err == ZK_CONNECTIONLOSS) {
		w->st->resent++;
		push(w, it);
		return 0;
	}
	w->st->requests++;
	zxid_seen(w, r->zxid);
	if (r->err == ZK_THROTTLEDOP) {
		w->st->throttled++;
		push_delayed(w, it);
		return 0;
	}
	w->throttle_backoff = 0;
	if (it.kind == ITEM_CHILDREN)
		on_children(w, it, r);
	else
		on_acl(w, it, r);
	arena_reset(&w->arena);
	w->st->queued = w->nstack + w->ndelayed;
	return w->err;
}

/* Submit one item from the stack on wc.  1 if submitted. */
static int
submit_one(struct walker *w, struct wconn *wc, int *err)
{
	struct item it = w->stack[--w->nstack];
	size_t slot = slot_take(w, it);
	struct zk_req req;
	int r;

	memset(&req, 0, sizeof(req));
	req.op = it.kind == ITEM_CHILDREN ? ZK_OP_GETCHILDREN : ZK_OP_GETACL;
	req.path = it.path;
	req.tag = slot;
	if ((r = zk_conn_submit(wc->c, &req, w->d)) != 0) {
		/* Back on the stack; a path the server would refuse is fatal.
		 */
		push(w, slot_release(w, slot));
		if (r == RP_EINVAL)
			*err = r;
		return 0;
	}
	return 1;
}

/*
 * Hand out work one request at a time to each connection in turn, so that
 * the members share the reads even while the stack is short.  *rr rotates
 * the starting connection between rounds.
 */
static int
fill_all(struct walker *w, struct wconn *conns, size_t n, size_t *rr)
{
	size_t i, k, given;
	int err = 0;

	do {
		given = 0;
		for (k = 0; k < n && w->nstack > 0 && err == 0; k++) {
			i = (*rr + k) % n;
			if (!conns[i].up || zk_conn_room(conns[i].c) == 0)
				continue;
			given += (size_t)submit_one(w, &conns[i], &err);
		}
		*rr = (*rr + 1) % n;
	} while (given > 0 && w->nstack > 0 && err == 0);
	return err;
}

static void
free_items(struct item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].path);
}

/* Start path: the chroot joined with wo->path. */
static char *
start_path(const struct zk_conn_opts *co, const char *path)
{
	const char *root = co->chroot != NULL && strcmp(co->chroot, "/") != 0 ?
	    co->chroot :
	    "";

	if (path == NULL || strcmp(path, "/") == 0)
		return xstrdup(root[0] != '\0' ? root : "/");
	return xasprintf("%s%s", root, path);
}

static void
release_delayed(struct walker *w, double now)
{
	size_t i;

	if (w->ndelayed == 0 || now < w->delay_until)
		return;
	for (i = 0; i < w->ndelayed; i++)
		push(w, w->delayed[i]);
	w->ndelayed = 0;
}

int
zk_walk(const struct zk_server *servers, size_t nservers,
    const struct zk_conn_opts *co, const struct zk_walk_opts *wo,
    struct zk_walk_stats *stats, struct rp_diag *d)
{
	struct zk_walk_stats local;
	struct zk_conn_opts o = *co;
	struct walker w;
	struct wconn *conns = NULL;
	struct pollfd *pfd = NULL;
	char *start = NULL;
	size_t nconns, i, nlive, rr = 0;
	double t0 = rp_monotonic(), next_progress, now, reconnect_timeout;
	int r = RP_EINTERNAL;

	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	memset(&w, 0, sizeof(w));
	w.wo = wo;
	w.st = stats;
	w.d = d;
	w.free_head = NO_SLOT;
	arena_init(&w.arena, 0);
	start = start_path(co, wo->path);
	if ((r = zk_path_validate(start, d)) != 0) {
		if (d != NULL)
			snprintf(d->where, sizeof(d->where), "%s", start);
		goto out;
	}
	reconnect_timeout = wo->reconnect_timeout > 0 ?
	    wo->reconnect_timeout :
	    2.0 * (co->timeout_ms > 0 ? co->timeout_ms : 30000) / 1000.0;
	o.chroot = NULL; /* the walker works with full server paths */
	if (o.limits.max_frame == 0)
		zk_limits_default(&o.limits);
	w.lim = &o.limits;
	o.window = wo->window > 0 ? wo->window : 128;
	nconns = wo->max_conns > 0 && wo->max_conns < nservers ? wo->max_conns :
	                                                         nservers;
	conns = xcalloc(nconns, sizeof(*conns));
	pfd = xcalloc(nconns, sizeof(*pfd));
	/* One connection per member, each preferring a different one. */
	for (i = 0, nlive = 0; i < nconns; i++) {
		r = zk_conn_open(&conns[i].c, servers, nservers, i, &o, d);
		if (r == 0) {
			conns[i].up = 1;
			nlive++;
			continue;
		}
		/*
		 * zk_conn_open() tried every member already; a refused
		 * authentication or a local setup error will not get better.
		 */
		if (r == RP_EAUTH || r == RP_EINVAL || r == RP_ENOTSUP ||
		    (nlive == 0 && i + 1 == nconns && r != RP_ECLOSED))
			goto out;
		snprintf(conns[i].lost_msg, sizeof(conns[i].lost_msg),
		    "%.80s%s%.160s", d != NULL ? d->where : "",
		    d != NULL && d->where[0] != '\0' ? ": " : "",
		    d != NULL ? d->msg : "not serving");
		conns[i].down_since = rp_monotonic();
		conns[i].retry_at = conns[i].down_since + 1;
		conns[i].backoff = 1;
	}
	/*
	 * Servers that accept connections but do not serve yet (an election)
	 * are retried in the loop below, within reconnect_timeout.
	 */
	stats->conns = (unsigned)nlive;
	if (wo->sync_first) {
		for (i = 0; i < nconns; i++) {
			struct zk_req req = { .op = ZK_OP_SYNC, .path = start };
			struct zk_reply rep;

			if (conns[i].up &&
			    (r = zk_conn_call(conns[i].c, &req, &w.arena, &rep,
			         d)) != 0)
				goto out;
			if (conns[i].up && rep.err != ZK_OK &&
			    rep.err != ZK_CONNECTIONLOSS) {
				r = rp_diag_fail(d, RP_EPROTO, rep.server, 0,
				    "sync %s: %s", start, zk_code_msg(rep.err));
				goto out;
			}
		}
		arena_reset(&w.arena);
	}
	if (wo->ancestors && strcmp(start, "/") != 0) {
		char *p = xstrdup(start), *slash;

		/* "/a/b/c" has the ancestors "/", "/a" and "/a/b". */
		while ((slash = strrchr(p, '/')) != NULL) {
			if (slash == p) {
				push(&w,
				    (struct item){ .path = xstrdup("/"),
				        .kind = ITEM_ANCESTOR });
				break;
			}
			*slash = '\0';
			push(&w,
			    (struct item){ .path = xstrdup(p),
			        .kind = ITEM_ANCESTOR });
		}
		free(p);
	}
	/* On top of the stack, so the start is asked first. */
	push(&w,
	    (struct item){ .path = start, .kind = ITEM_ACL, .is_start = 1 });
	start = NULL;
	next_progress = t0 + wo->progress_every;
	while (
	    w.err == 0 && (w.nstack > 0 || w.inflight > 0 || w.ndelayed > 0)) {
		int timeout = 1000, t;

		now = rp_monotonic();
		release_delayed(&w, now);
		if ((r = fill_all(&w, conns, nconns, &rr)) != 0)
			goto out;
		nlive = 0;
		for (i = 0; i < nconns; i++) {
			pfd[i].fd = -1;
			pfd[i].events = 0;
			pfd[i].revents = 0;
			if (!conns[i].up)
				continue;
			nlive++;
			pfd[i].fd = zk_conn_fd(conns[i].c);
			pfd[i].events = zk_conn_events(conns[i].c);
			t = zk_conn_timeout_ms(conns[i].c);
			if (t < timeout)
				timeout = t;
		}
		stats->conns = (unsigned)nlive;
		if (w.ndelayed > 0) {
			t = (int)((w.delay_until - now) * 1000) + 1;
			if (t < timeout)
				timeout = t < 0 ? 0 : t;
		}
		if (nlive < nconns && timeout > 100)
			timeout = 100; /* reconnect attempts are due */
		if (poll(pfd, nconns, timeout) < 0 && errno != EINTR) {
			r = rp_diag_fail(d, RP_EIO, NULL, 0, "poll: %s",
			    strerror(errno));
			goto out;
		}
		for (i = 0; i < nconns && w.err == 0; i++) {
			if (!conns[i].up)
				continue;
			r = zk_conn_process(conns[i].c, pfd[i].revents,
			    on_reply, &w, d);
			if (r >= 0 || w.err != 0)
				continue;
			if (r != RP_ECLOSED)
				goto out; /* hostile or broken reply */
			snprintf(conns[i].lost_msg, sizeof(conns[i].lost_msg),
			    "%.80s%s%.160s", d != NULL ? d->where : "",
			    d != NULL && d->where[0] != '\0' ? ": " : "",
			    d != NULL ? d->msg : "lost");
			conns[i].up = 0;
			conns[i].down_since = rp_monotonic();
			conns[i].retry_at = conns[i].down_since;
			conns[i].backoff = 0.1;
		}
		if (w.err != 0)
			break;
		/* Bring lost connections back, with a growing pause. */
		now = rp_monotonic();
		nlive = 0;
		for (i = 0; i < nconns; i++)
			nlive += conns[i].up;
		for (i = 0; i < nconns; i++) {
			struct wconn *wc = &conns[i];

			if (wc->up || now < wc->retry_at)
				continue;
			if (wc->c == NULL)
				r = zk_conn_open(&wc->c, servers, nservers, i,
				    &o, d);
			else
				r = zk_conn_reconnect(wc->c, d);
			if (r == 0) {
				wc->up = 1;
				stats->reconnects++;
				nlive++;
				continue;
			}
			if (r == RP_EAUTH)
				goto out;
			if (nlive == 0 &&
			    now - wc->down_since > reconnect_timeout) {
				char msg[RP_DIAG_MSG_MAX], where[128];

				snprintf(msg, sizeof(msg), "%s",
				    d != NULL ? d->msg : "");
				snprintf(where, sizeof(where), "%.120s",
				    d != NULL ? d->where : "");
				r = rp_diag_fail(d, RP_ECONN, where, 0,
				    "every connection lost for %.0f s (%s); last error: %s",
				    now - wc->down_since, wc->lost_msg, msg);
				goto out;
			}
			wc->backoff = wc->backoff < 2 ? wc->backoff * 2 : 2;
			wc->retry_at = rp_monotonic() + wc->backoff;
		}
		now = rp_monotonic();
		if (wo->progress != NULL && now >= next_progress) {
			stats->elapsed = now - t0;
			wo->progress(wo->arg, stats);
			next_progress = now + wo->progress_every;
		}
	}
	r = w.err;
out:
	stats->elapsed = rp_monotonic() - t0;
	stats->queued = w.nstack + w.ndelayed + w.inflight;
	for (i = 0; conns != NULL && i < nconns; i++) {
		if (conns[i].c == NULL)
			continue;
		if (conns[i].up && r == 0) {
			struct rp_diag cd;
			int cr = zk_conn_close(conns[i].c, &cd);

			(void)cr; /* the walk's result is already known */
		} else {
			zk_conn_free(conns[i].c);
		}
	}
	for (i = 0; i < w.nslots; i++)
		if (w.slots[i].used)
			free(w.slots[i].it.path);
	free_items(w.stack, w.nstack);
	free_items(w.delayed, w.ndelayed);
	free(w.stack);
	free(w.delayed);
	free(w.slots);
	free(conns);
	free(pfd);
	free(start);
	arena_release(&w.arena);
	return r;
}
