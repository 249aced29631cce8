/*
 * snapshot.c - the offline tree: snapshot loading, txn-log replay and the
 * walk events (reference sections 2.2 to 2.8).
 *
 * The tree is an array of nodes indexed by a path hash table.  A path keeps
 * its slot for ever (a deleted node is marked dead and revived if the path
 * is created again), so a parent's slot always precedes its children's:
 * emitting in slot order gives parents first, and reachability is one pass.
 * ACL lists are interned by content and shared; the snapshot's aclRef
 * numbers map onto them.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/snapshot.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/xmalloc.h"
#include "zk/dstream.h"

#include "util/banned.h"

#define NONE          UINT32_MAX
#define MAX_PATH_LEN  (2u * 0xFFFFFu)
#define MAX_ID_LEN    (2u * 0xFFFFFu)
#define MAX_ACL_LEN   4096u
#define MAX_NODES     ((size_t)UINT32_MAX - 2)
#define OWNER_CONTAINER ((int64_t)INT64_MIN)
#define OWNER_EXT_MASK  ((uint64_t)0xFF00000000000000ULL)

enum {
	NODE_ALIVE = 1 << 0,
	NODE_REACH = 1 << 1, /* alive and every ancestor alive */
	NODE_SUB = 1 << 2,   /* inside the subtree being emitted */
};

struct snode {
	const char *path; /* arena, NUL-terminated; "/" for the root */
	uint64_t hash;
	uint32_t plen;
	uint32_t parent; /* NONE for the root */
	uint32_t acl;    /* index into acls, NONE = dangling reference */
	uint32_t nchild; /* live children */
	uint32_t eph_next;
	int32_t data_len;
	uint8_t flags;
	struct zk_stat st; /* num_children/data_length filled at emit */
};

struct aclent {
	const struct zk_acl *v;
	size_t n;
	uint64_t hash;
};

/* int64 -> uint32 open-addressing map (aclRef numbers, session owners). */
struct u64map {
	int64_t *keys;
	uint32_t *vals; /* NONE = empty slot */
	size_t cap, n;
};

struct zk_snaptree {
	struct arena a;
	struct snode *nodes;
	size_t nnodes, anodes;
	uint32_t *ptab; /* node index + 1; 0 empty */
	size_t pcap;
	struct aclent *acls;
	size_t nacls, aacls;
	uint32_t *atab; /* acl index + 1; 0 empty */
	size_t acap;
	struct u64map refs;
	struct u64map eph; /* owner -> first node of its list */
	uint32_t root;
	uint32_t last; /* last inserted, for the DFS parent fast path */
	uint64_t ignored;
	uint64_t dangling;
	uint64_t sessions;
};

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define HASH_SEED 0xcbf29ce484222325ULL

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* ---- int64 map ---------------------------------------------------- */

static void u64map_put(struct u64map *m, int64_t k, uint32_t v);

static void
u64map_grow(struct u64map *m)
{
	struct u64map old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xmalloc(m->cap * sizeof(*m->vals));
	memset(m->vals, 0xff, m->cap * sizeof(*m->vals));
	m->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.vals[i] != NONE)
			u64map_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

static size_t
u64map_slot(const struct u64map *m, int64_t k)
{
	size_t i = (size_t)mix64((uint64_t)k) & (m->cap - 1);

	while (m->vals[i] != NONE && m->keys[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
u64map_put(struct u64map *m, int64_t k, uint32_t v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		u64map_grow(m);
	i = u64map_slot(m, k);
	if (m->vals[i] == NONE)
		m->n++;
	m->keys[i] = k;
	m->vals[i] = v;
}

static uint32_t
u64map_get(const struct u64map *m, int64_t k)
{
	if (m->cap == 0)
		return NONE;
	return m->vals[u64map_slot(m, k)];
}

static void
u64map_release(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- ACL interning ------------------------------------------------ */

static uint64_t
acl_hash(const struct zk_acl *v, size_t n)
{
	uint64_t h = HASH_SEED;
	size_t i;

	for (i = 0; i < n; i++) {
		h = hash_bytes(h, &v[i].perms, sizeof(v[i].perms));
		h = hash_bytes(h, v[i].scheme, strlen(v[i].scheme) + 1);
		h = hash_bytes(h, v[i].id, strlen(v[i].id) + 1);
	}
	return h;
}

static int
acl_same(const struct aclent *e, const struct zk_acl *v, size_t n)
{
	size_t i;

	if (e->n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (e->v[i].perms != v[i].perms ||
		    strcmp(e->v[i].scheme, v[i].scheme) != 0 ||
		    strcmp(e->v[i].id, v[i].id) != 0)
			return 0;
	return 1;
}

static void
acl_rehash(struct zk_snaptree *t)
{
	size_t i, j;

	free(t->atab);
	t->acap = t->acap ? t->acap * 2 : 64;
	t->atab = xcalloc(t->acap, sizeof(*t->atab));
	for (i = 0; i < t->nacls; i++) {
		j = (size_t)t->acls[i].hash & (t->acap - 1);
		while (t->atab[j] != 0)
			j = (j + 1) & (t->acap - 1);
		t->atab[j] = (uint32_t)i + 1;
	}
}

/*
 * Return the index of the list equal to v[0..n); copy it into the arena
 * when it is new (copy = 1) or keep the caller's arena pointers (copy = 0).
 */
static uint32_t
acl_intern(struct zk_snaptree *t, const struct zk_acl *v, size_t n, int copy)
{
	uint64_t h = acl_hash(v, n);
	struct zk_acl *c;
	size_t j, i;

	if ((t->nacls + 1) * 2 > t->acap)
		acl_rehash(t);
	j = (size_t)h & (t->acap - 1);
	while (t->atab[j] != 0) {
		struct aclent *e = &t->acls[t->atab[j] - 1];

		if (e->hash == h && acl_same(e, v, n))
			return t->atab[j] - 1;
		j = (j + 1) & (t->acap - 1);
	}
	if (t->nacls == t->aacls) {
		t->aacls = alloc_nr(t->nacls + 1, t->aacls);
		t->acls = xreallocarray(t->acls, t->aacls, sizeof(*t->acls));
	}
	if (copy) {
		c = arena_calloc(&t->a, n ? n : 1, sizeof(*c));
		for (i = 0; i < n; i++) {
			c[i].perms = v[i].perms;
			c[i].scheme = arena_strdup(&t->a, v[i].scheme);
			c[i].id = arena_strdup(&t->a, v[i].id);
		}
		v = c;
	}
	t->acls[t->nacls].v = v;
	t->acls[t->nacls].n = n;
	t->acls[t->nacls].hash = h;
	t->atab[j] = (uint32_t)t->nacls + 1;
	return (uint32_t)t->nacls++;
}

static uint32_t
acl_open(struct zk_snaptree *t, int32_t perms)
{
	struct zk_acl open = { perms, "world", "anyone" };

	return acl_intern(t, &open, 1, 1);
}

/* ---- nodes -------------------------------------------------------- */

static void
path_rehash(struct zk_snaptree *t)
{
	size_t i, j;

	free(t->ptab);
	t->pcap = t->pcap ? t->pcap * 2 : 1024;
	t->ptab = xcalloc(t->pcap, sizeof(*t->ptab));
	for (i = 0; i < t->nnodes; i++) {
		j = (size_t)t->nodes[i].hash & (t->pcap - 1);
		while (t->ptab[j] != 0)
			j = (j + 1) & (t->pcap - 1);
		t->ptab[j] = (uint32_t)i + 1;
	}
}

static uint32_t
node_find(const struct zk_snaptree *t, const char *p, size_t len, uint64_t h)
{
	size_t j;

	if (t->pcap == 0)
		return NONE;
	j = (size_t)h & (t->pcap - 1);
	while (t->ptab[j] != 0) {
		const struct snode *n = &t->nodes[t->ptab[j] - 1];

		if (n->hash == h && n->plen == len &&
		    memcmp(n->path, p, len) == 0)
			return t->ptab[j] - 1;
		j = (j + 1) & (t->pcap - 1);
	}
	return NONE;
}

static uint32_t
node_lookup(const struct zk_snaptree *t, const char *p, size_t len)
{
	return node_find(t, p, len, hash_bytes(HASH_SEED, p, len));
}

/*
 * The parent of p (len bytes, starting with '/'): the root for "/x",
 * otherwise the path up to the last '/'.  Tries the ancestors of the last
 * inserted node first (snapshots are written depth-first).  NONE if absent.
 */
static uint32_t
parent_of(const struct zk_snaptree *t, const char *p, size_t len)
{
	size_t plen = len;
	uint32_t c;

	while (plen > 0 && p[plen - 1] != '/')
		plen--;
	if (plen == 0)
		return NONE;
	plen--; /* drop the slash */
	if (plen == 0)
		return t->root;
	for (c = t->last; c != NONE; c = t->nodes[c].parent)
		if (t->nodes[c].plen == plen &&
		    memcmp(t->nodes[c].path, p, plen) == 0)
			return c;
	return node_lookup(t, p, plen);
}

/*
 * Find or add the node for p.  A new node is dead until the caller fills
 * it.  Returns NONE when the tree is full.
 */
static uint32_t
node_get(struct zk_snaptree *t, const char *p, size_t len, int *created)
{
	uint64_t h = hash_bytes(HASH_SEED, p, len);
	uint32_t i = node_find(t, p, len, h);
	struct snode *n;
	size_t j;

	*created = 0;
	if (i != NONE)
		return i;
	if (t->nnodes >= MAX_NODES)
		return NONE;
	if ((t->nnodes + 1) * 2 > t->pcap)
		path_rehash(t);
	if (t->nnodes == t->anodes) {
		t->anodes = alloc_nr(t->nnodes + 1, t->anodes);
		t->nodes = xreallocarray(t->nodes, t->anodes,
		    sizeof(*t->nodes));
	}
	i = (uint32_t)t->nnodes++;
	n = &t->nodes[i];
	memset(n, 0, sizeof(*n));
	n->path = arena_strndup(&t->a, p, len);
	n->plen = (uint32_t)len;
	n->hash = h;
	n->parent = NONE;
	n->eph_next = NONE;
	j = (size_t)h & (t->pcap - 1);
	while (t->ptab[j] != 0)
		j = (j + 1) & (t->pcap - 1);
	t->ptab[j] = i + 1;
	*created = 1;
	return i;
}

static void empty_tree(struct zk_snaptree *t);

struct zk_snaptree *
zk_snaptree_new(int defaults)
{
	struct zk_snaptree *t = xcalloc(1, sizeof(*t));

	arena_init(&t->a, 0);
	t->root = NONE;
	t->last = NONE;
	if (defaults)
		empty_tree(t);
	return t;
}

void
zk_snaptree_free(struct zk_snaptree *t)
{
	if (t == NULL)
		return;
	arena_release(&t->a);
	free(t->nodes);
	free(t->ptab);
	free(t->acls);
	free(t->atab);
	u64map_release(&t->refs);
	u64map_release(&t->eph);
	free(t);
}

static int
is_plain_ephemeral(int64_t owner)
{
	/* EphemeralType: 0 persistent; top byte 0xFF extended (TTL);
	 * Long.MIN_VALUE container; anything else a session. */
	return owner != 0 && owner != OWNER_CONTAINER &&
	    ((uint64_t)owner & OWNER_EXT_MASK) != OWNER_EXT_MASK;
}

static void
eph_link(struct zk_snaptree *t, uint32_t i)
{
	int64_t owner = t->nodes[i].st.ephemeral_owner;

	if (!is_plain_ephemeral(owner))
		return;
	t->nodes[i].eph_next = u64map_get(&t->eph, owner);
	u64map_put(&t->eph, owner, i);
}

/* Make node i live under parent par with the given stat and ACL. */
static void
node_live(struct zk_snaptree *t, uint32_t i, uint32_t par, uint32_t acl,
    const struct zk_stat *st, int32_t data_len)
{
	struct snode *n = &t->nodes[i];

	n->parent = par;
	n->acl = acl;
	n->st = *st;
	n->data_len = data_len;
	n->flags |= NODE_ALIVE;
	n->nchild = 0;
	n->eph_next = NONE;
	if (par != NONE)
		t->nodes[par].nchild++;
	if (par == NONE || (t->nodes[par].flags & NODE_REACH))
		n->flags |= NODE_REACH;
	eph_link(t, i);
}

static void
node_kill(struct zk_snaptree *t, uint32_t i, int64_t zxid)
{
	struct snode *n = &t->nodes[i];

	n->flags &= (uint8_t)~NODE_ALIVE;
	if (n->parent != NONE) {
		struct snode *p = &t->nodes[n->parent];

		if (p->nchild > 0)
			p->nchild--;
		p->st.pzxid = zxid;
	}
}

/* ---- snapshot parsing --------------------------------------------- */

/* A jute ustring from the stream: borrowed until the next read. */
static int
ds_string(struct zk_dstream *s, size_t cap, const char *what,
    const char **p, size_t *len, struct rp_diag *d)
{
	uint64_t at = zk_ds_offset(s);
	int32_t n;
	int r;

	if ((r = zk_ds_i32(s, &n, what, d)) != 0)
		return r;
	if (n < 0 || (size_t)n > cap) {
		r = rp_diag_fail(d, RP_EPARSE, s->name, 0,
		    "offset %llu: %s length %d is out of range (0..%zu)",
		    (unsigned long long)at, what, n, cap);
		return r;
	}
	if ((r = zk_ds_need(s, (size_t)n, what, d)) != 0)
		return r;
	*p = (const char *)zk_ds_ptr(s);
	*len = (size_t)n;
	if (memchr(*p, '\0', *len) != NULL)
		return zk_ds_fail(s, d, RP_EPARSE, "%s holds a NUL byte",
		    what);
	zk_ds_advance(s, (size_t)n);
	return 0;
}

/* A seal: the Adler-32 of everything before it, then the string "/". */
static int
check_seal(struct zk_dstream *s, int no, struct rp_diag *d)
{
	uint32_t want = zk_ds_adler(s);
	const char *p;
	size_t len;
	int64_t got;
	int r;

	if ((r = zk_ds_i64(s, &got, "a checksum seal", d)) != 0)
		return r;
	if ((uint64_t)got != want)
		return zk_ds_fail(s, d, RP_EPARSE,
		    "checksum seal %d mismatch (stored 0x%llx, computed "
		    "0x%x): the snapshot is corrupt",
		    no, (unsigned long long)got, want);
	if ((r = ds_string(s, 1, "the seal's \"/\"", &p, &len, d)) != 0)
		return r;
	if (len != 1 || p[0] != '/')
		return zk_ds_fail(s, d, RP_EPARSE,
		    "seal %d is not followed by \"/\"", no);
	return 0;
}

static int
load_acl_map(struct zk_snaptree *t, struct zk_dstream *s, struct rp_diag *d)
{
	struct zk_acl *v = NULL;
	size_t vcap = 0, i, len;
	int32_t count, n, k;
	int64_t ref;
	const char *p;
	int r;

	if ((r = zk_ds_i32(s, &count, "the ACL map count", d)) != 0)
		return r;
	if (count < 0)
		return zk_ds_fail(s, d, RP_EPARSE,
		    "negative ACL map count %d", count);
	for (k = 0; k < count; k++) {
		if ((r = zk_ds_i64(s, &ref, "an ACL reference", d)) != 0 ||
		    (r = zk_ds_i32(s, &n, "an ACL length", d)) != 0)
			goto out;
		if (n < 0 || (uint32_t)n > MAX_ACL_LEN) {
			r = zk_ds_fail(s, d, RP_EPARSE,
			    "ACL %lld has %d entries (0..%u)", (long long)ref,
			    n, MAX_ACL_LEN);
			goto out;
		}
		if ((size_t)n > vcap) {
			vcap = (size_t)n;
			v = xreallocarray(v, vcap, sizeof(*v));
		}
		for (i = 0; i < (size_t)n; i++) {
			if ((r = zk_ds_i32(s, &v[i].perms, "ACL perms", d)) !=
			    0)
				goto out;
			if ((r = ds_string(s, MAX_ID_LEN, "an ACL scheme", &p,
			         &len, d)) != 0)
				goto out;
			v[i].scheme = arena_strndup(&t->a, p, len);
			if ((r = ds_string(s, MAX_ID_LEN, "an ACL id", &p,
			         &len, d)) != 0)
				goto out;
			v[i].id = arena_strndup(&t->a, p, len);
		}
		u64map_put(&t->refs, ref, acl_intern(t, v, (size_t)n, 1));
	}
	r = 0;
out:
	free(v);
	return r;
}

static int
load_nodes(struct zk_snaptree *t, struct zk_dstream *s, struct rp_diag *d)
{
	struct zk_stat st;
	const unsigned char *q;
	const char *p;
	uint32_t i, par, acl;
	int64_t ref;
	int32_t dlen;
	size_t len;
	uint64_t at;
	int created, r, k;

	for (;;) {
		at = zk_ds_offset(s);
		if ((r = ds_string(s, MAX_PATH_LEN, "a znode path", &p, &len,
		         d)) != 0)
			return r;
		if (len == 1 && p[0] == '/')
			return 0; /* the end marker */
		if (len == 0) {
			if (t->root != NONE)
				return rp_diag_fail(d, RP_EPARSE, s->name, 0,
				    "offset %llu: a second root node",
				    (unsigned long long)at);
			p = "/";
			len = 1;
			par = NONE;
		} else {
			if (p[0] != '/' || p[len - 1] == '/' ||
			    t->root == NONE)
				return rp_diag_fail(d, RP_EPARSE, s->name, 0,
				    "offset %llu: invalid znode path (or no "
				    "root before it)",
				    (unsigned long long)at);
			par = parent_of(t, p, len);
			if (par == NONE || !(t->nodes[par].flags & NODE_ALIVE))
				return rp_diag_fail(d, RP_EPARSE, s->name, 0,
				    "offset %llu: the parent of a znode is "
				    "missing (\"unable to find parent\")",
				    (unsigned long long)at);
		}
		i = node_get(t, p, len, &created);
		if (i == NONE)
			return zk_ds_fail(s, d, RP_ELIMIT, "too many znodes");
		if (len == 1)
			t->root = i;
		if ((r = zk_ds_i32(s, &dlen, "znode data length", d)) != 0)
			return r;
		if (dlen < -1)
			return zk_ds_fail(s, d, RP_EPARSE,
			    "znode data length %d is out of range", dlen);
		if (dlen > 0 &&
		    (r = zk_ds_skip(s, (uint64_t)dlen, "znode data", d)) != 0)
			return r;
		if ((r = zk_ds_i64(s, &ref, "an ACL reference", d)) != 0 ||
		    (r = zk_ds_need(s, 60, "a znode's stat", d)) != 0)
			return r;
		q = zk_ds_ptr(s);
		memset(&st, 0, sizeof(st));
		{
			int64_t f[4];
			uint64_t x;

			for (k = 0; k < 4; k++) {
				x = 0;
				for (int b = 0; b < 8; b++)
					x = (x << 8) | q[k * 8 + b];
				f[k] = (int64_t)x;
			}
			st.czxid = f[0];
			st.mzxid = f[1];
			st.ctime = f[2];
			st.mtime = f[3];
			st.version = (int32_t)be32_load(q + 32);
			st.cversion = (int32_t)be32_load(q + 36);
			st.aversion = (int32_t)be32_load(q + 40);
			x = 0;
			for (k = 44; k < 52; k++)
				x = (x << 8) | q[k];
			st.ephemeral_owner = (int64_t)x;
			x = 0;
			for (k = 52; k < 60; k++)
				x = (x << 8) | q[k];
			st.pzxid = (int64_t)x;
		}
		zk_ds_advance(s, 60);
		if (ref == -1) {
			acl = acl_open(t, ZK_PERM_ALL);
		} else {
			acl = u64map_get(&t->refs, ref);
			if (acl == NONE)
				t->dangling++;
		}
		if (!created && (t->nodes[i].flags & NODE_ALIVE)) {
			/* The server's map keeps the last record. */
			t->nodes[i].acl = acl;
			t->nodes[i].st = st;
			t->nodes[i].data_len = dlen < 0 ? 0 : dlen;
			continue;
		}
		node_live(t, i, par, acl, &st, dlen < 0 ? 0 : dlen);
		t->last = i;
	}
}

/*
 * Parse a whole snapshot stream into t and verify it: header, sessions,
 * ACL map, nodes, seal 1 and the trailer chosen by the bytes left after it
 * (section 2.3), then the end of the stream.
 */
static int
load_snapshot(struct zk_snaptree *t, struct zk_dstream *s, struct rp_diag *d)
{
	int32_t magic, version, count, to, dv;
	int64_t dbid, v64;
	size_t rest;
	int r, k;

	if ((r = zk_ds_i32(s, &magic, "the header", d)) != 0 ||
	    (r = zk_ds_i32(s, &version, "the header", d)) != 0 ||
	    (r = zk_ds_i64(s, &dbid, "the header", d)) != 0)
		return r;
	if (magic != ZK_SNAPSHOT_MAGIC)
		return rp_diag_fail(d, RP_EPARSE, s->name, 0,
		    "not a snapshot: bad magic 0x%08x (want ZKSN)",
		    (unsigned)magic);
	if (version != 2)
		return rp_diag_fail(d, RP_ENOTSUP, s->name, 0,
		    "snapshot version %d (only 2 is known)", version);
	if ((r = zk_ds_i32(s, &count, "the session count", d)) != 0)
		return r;
	if (count < 0)
		return zk_ds_fail(s, d, RP_EPARSE,
		    "negative session count %d", count);
	for (k = 0; k < count; k++)
		if ((r = zk_ds_i64(s, &v64, "a session", d)) != 0 ||
		    (r = zk_ds_i32(s, &to, "a session", d)) != 0)
			return r;
	t->sessions = (uint64_t)count;
	if ((r = load_acl_map(t, s, d)) != 0 || (r = load_nodes(t, s, d)) != 0)
		return r;
	if (t->root == NONE)
		return zk_ds_fail(s, d, RP_EPARSE, "the snapshot has no root");
	if ((r = check_seal(s, 1, d)) != 0)
		return r;
	if ((r = zk_ds_fill(s, 55, &rest, d)) != 0)
		return r;
	if (rest != 0 && rest != 21 && rest != 33 && rest != 54)
		return zk_ds_fail(s, d, RP_EPARSE,
		    "%zu%s bytes after the first seal: not a known trailer "
		    "(0, 21, 33 or 54), the snapshot is truncated or corrupt",
		    rest, rest > 54 ? " or more" : "");
	if (rest == 33 || rest == 54) {
		/* digest: zxid, digest version, tree digest; seal 2 */
		if ((r = zk_ds_i64(s, &v64, "the digest", d)) != 0 ||
		    (r = zk_ds_i32(s, &dv, "the digest", d)) != 0 ||
		    (r = zk_ds_i64(s, &v64, "the digest", d)) != 0 ||
		    (r = check_seal(s, 2, d)) != 0)
			return r;
	}
	if (rest == 21 || rest == 54) {
		if ((r = zk_ds_i64(s, &v64, "the last zxid", d)) != 0 ||
		    (r = check_seal(s, rest == 54 ? 3 : 2, d)) != 0)
			return r;
	}
	return zk_ds_expect_end(s, d);
}

static enum zk_dstream_kind
kind_of_bytes(const unsigned char *p, size_t len)
{
	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return ZK_DS_GZIP;
	if (len >= 8 && p[0] == 0x82 && memcmp(p + 1, "SNAPPY", 7) == 0)
		return ZK_DS_SNAPPY;
	return ZK_DS_PLAIN;
}

int
zk_snaptree_load_mem(struct zk_snaptree *t, const void *data, size_t len,
    const char *name, struct rp_diag *d)
{
	struct zk_dstream s;
	int r;

	zk_ds_init_mem(&s, name, data, len, kind_of_bytes(data, len));
	r = load_snapshot(t, &s, d);
	zk_ds_release(&s);
	return r;
}

/* ---- replay --------------------------------------------------------- */

static void
apply_create(struct zk_snaptree *t, const struct zk_txn *x,
    const struct zk_txn_op *op)
{
	struct zk_stat st;
	size_t len = strlen(op->path);
	uint32_t i, par;
	int created;

	if (len < 2 || op->path[0] != '/' || op->path[len - 1] == '/') {
		t->ignored++;
		return;
	}
	par = parent_of(t, op->path, len);
	if (par == NONE || !(t->nodes[par].flags & NODE_REACH)) {
		/* NONODE on replay: the server ignores it too */
		t->ignored++;
		return;
	}
	i = node_get(t, op->path, len, &created);
	if (i == NONE) {
		t->ignored++;
		return;
	}
	if (t->nodes[par].flags & NODE_REACH) {
		if (op->parent_cversion != -1)
			t->nodes[par].st.cversion = op->parent_cversion;
		t->nodes[par].st.pzxid = x->zxid;
	}
	if (t->nodes[i].flags & NODE_ALIVE) {
		t->ignored++; /* NODEEXISTS: the fuzzy snapshot had it */
		return;
	}
	memset(&st, 0, sizeof(st));
	st.czxid = st.mzxid = st.pzxid = x->zxid;
	st.ctime = st.mtime = x->time;
	switch (op->type) {
	case ZK_TXN_CREATE_CONTAINER:
		st.ephemeral_owner = OWNER_CONTAINER;
		break;
	case ZK_TXN_CREATE_TTL:
		st.ephemeral_owner =
		    (int64_t)(OWNER_EXT_MASK | ((uint64_t)op->ttl &
		                                   0x000000FFFFFFFFFFULL));
		break;
	default:
		st.ephemeral_owner = op->ephemeral ? x->client_id : 0;
		break;
	}
	node_live(t, i, par, acl_intern(t, op->acl, op->nacl, 1), &st,
	    op->data_len < 0 ? 0 : op->data_len);
}

static uint32_t
live_node(const struct zk_snaptree *t, const char *path)
{
	uint32_t i = node_lookup(t, path, strlen(path));

	if (i == NONE || !(t->nodes[i].flags & NODE_ALIVE))
		return NONE;
	return i;
}

static void
apply_delete(struct zk_snaptree *t, const char *path, int64_t zxid)
{
	uint32_t i = live_node(t, path);

	if (i == NONE || i == t->root) {
		t->ignored++;
		return;
	}
	node_kill(t, i, zxid);
	t->nodes[i].flags &= (uint8_t)~NODE_REACH;
}

static void
apply_op(struct zk_snaptree *t, const struct zk_txn *x,
    const struct zk_txn_op *op)
{
	uint32_t i, j, next;
	size_t k;

	switch (op->type) {
	case ZK_TXN_CREATE:
	case ZK_TXN_CREATE2:
	case ZK_TXN_CREATE_CONTAINER:
	case ZK_TXN_CREATE_TTL:
		apply_create(t, x, op);
		break;
	case ZK_TXN_DELETE:
	case ZK_TXN_DELETE_CONTAINER:
		apply_delete(t, op->path, x->zxid);
		break;
	case ZK_TXN_SETDATA:
	case ZK_TXN_RECONFIG:
		if ((i = live_node(t, op->path)) == NONE) {
			t->ignored++;
			break;
		}
		t->nodes[i].st.version = op->version;
		t->nodes[i].st.mzxid = x->zxid;
		t->nodes[i].st.mtime = x->time;
		t->nodes[i].data_len = op->data_len < 0 ? 0 : op->data_len;
		break;
	case ZK_TXN_SETACL:
		if ((i = live_node(t, op->path)) == NONE) {
			t->ignored++;
			break;
		}
		t->nodes[i].acl = acl_intern(t, op->acl, op->nacl, 1);
		t->nodes[i].st.aversion = op->version;
		break;
	case ZK_TXN_CLOSE_SESSION:
		if (op->has_paths) {
			for (k = 0; k < op->npaths; k++)
				apply_delete(t, op->paths[k], x->zxid);
			break;
		}
		/* Old logs: every ephemeral the session owns. */
		for (j = u64map_get(&t->eph, x->client_id); j != NONE;
		     j = next) {
			next = t->nodes[j].eph_next;
			if ((t->nodes[j].flags & NODE_ALIVE) &&
			    t->nodes[j].st.ephemeral_owner == x->client_id) {
				node_kill(t, j, x->zxid);
				t->nodes[j].flags &= (uint8_t)~NODE_REACH;
			}
		}
		u64map_put(&t->eph, x->client_id, NONE);
		break;
	default:
		break; /* check, error, createSession: no tree change */
	}
}

/* Reachability after loading: alive and every ancestor alive. */
static void
mark_reach(struct zk_snaptree *t)
{
	size_t i;

	for (i = 0; i < t->nnodes; i++) {
		struct snode *n = &t->nodes[i];

		n->flags &= (uint8_t)~NODE_REACH;
		if (!(n->flags & NODE_ALIVE))
			continue;
		if (n->parent == NONE ? i == t->root
		                      : (t->nodes[n->parent].flags &
		                            NODE_REACH) != 0)
			n->flags |= NODE_REACH;
	}
}

void
zk_snaptree_apply(struct zk_snaptree *t, const struct zk_txn *x)
{
	size_t k;

	if (t->root == NONE)
		return;
	if (x->type == ZK_TXN_MULTI && x->multi_failed)
		return;
	for (k = 0; k < x->nops; k++)
		apply_op(t, x, &x->ops[k]);
}

/* ---- emitting ------------------------------------------------------- */

int
zk_snaptree_emit(struct zk_snaptree *t, const struct zk_snapshot_opts *o,
    zk_walk_visit_fn visit, void *arg, struct zk_snapshot_stats *stats,
    struct rp_diag *d)
{
	const char *start = o != NULL && o->path != NULL ? o->path : "/";
	struct zk_walk_node ev;
	struct zk_stat st;
	uint64_t count = 0;
	uint32_t s;
	size_t i, slen = strlen(start);
	int r;

	if (t->root == NONE)
		return rp_diag_fail(d, RP_ENOENT, NULL, 0, "empty tree");
	mark_reach(t);
	if (slen > 1 && start[slen - 1] == '/')
		slen--;
	s = node_lookup(t, start, slen);
	if (s == NONE || !(t->nodes[s].flags & NODE_REACH))
		return rp_diag_fail(d, RP_ENOENT, start, 0,
		    "the start node does not exist in the offline tree");
	for (i = 0; i < t->nnodes; i++) {
		struct snode *n = &t->nodes[i];

		n->flags &= (uint8_t)~NODE_SUB;
		if (!(n->flags & NODE_ALIVE))
			continue;
		if (!(n->flags & NODE_REACH)) {
			if (stats != NULL)
				stats->orphans++;
			continue;
		}
		if (i != s && (n->parent == NONE ||
		                  !(t->nodes[n->parent].flags & NODE_SUB)))
			continue;
		n->flags |= NODE_SUB;
		if (o != NULL && o->max_nodes > 0 && count >= o->max_nodes)
			return rp_diag_fail(d, RP_ELIMIT, NULL, 0,
			    "more than %llu znodes (the node-count guard)",
			    (unsigned long long)o->max_nodes);
		st = n->st;
		/* Clients never see the owner of a container or TTL node
		 * (DataTree.getClientEphemeralOwner); neither does the
		 * visitor, so offline and live events agree. */
		if (st.ephemeral_owner != 0 &&
		    !is_plain_ephemeral(st.ephemeral_owner))
			st.ephemeral_owner = 0;
		st.num_children = (int32_t)n->nchild;
		st.data_length = n->data_len;
		memset(&ev, 0, sizeof(ev));
		ev.path = n->path;
		ev.stat = &st;
		ev.op = ZK_OP_GETACL;
		ev.server = stats != NULL && stats->snapshot[0] != '\0'
		    ? stats->snapshot
		    : "snapshot";
		ev.zxid = stats != NULL ? stats->last_zxid : 0;
		if (n->acl == NONE) {
			/* The server fails on this node ("Failed to fetch
			 * acls"); the walker reports failures this way. */
			ev.event = ZK_WALK_FAILED;
			ev.err = ZK_SYSTEMERROR;
			ev.stat = NULL;
		} else {
			ev.event = ZK_WALK_NODE;
			ev.acl = t->acls[n->acl].v;
			ev.nacl = t->acls[n->acl].n;
		}
		count++;
		if (stats != NULL)
			stats->nodes++;
		if ((r = visit(arg, &ev)) != 0)
			return r;
	}
	return 0;
}

/* ---- the data directory --------------------------------------------- */

void
zk_snapshot_opts_init(struct zk_snapshot_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_candidates = 100;
}

struct dfile {
	char *name; /* owned */
	int64_t zxid;
	enum zk_dstream_kind kind;
};

static int
cmp_desc(const void *a, const void *b)
{
	const struct dfile *x = a, *y = b;

	return x->zxid < y->zxid ? 1 : x->zxid > y->zxid ? -1 : 0;
}

static int
cmp_asc(const void *a, const void *b)
{
	return -cmp_desc(a, b);
}

/*
 * List prefix.<hex>[.gz|.snappy] in dir (Util.getZxidFromName); suffixes
 * only for snapshots.
 */
static int
list_files(const char *dir, const char *prefix, int snap, struct dfile **out,
    size_t *nout, struct rp_diag *d)
{
	struct dfile *v = NULL;
	size_t n = 0, alloc = 0, pl = strlen(prefix);
	struct dirent *de;
	DIR *dp;

	*out = NULL;
	*nout = 0;
	if ((dp = opendir(dir)) == NULL)
		return rp_diag_fail(d, rp_from_errno(errno), dir, 0,
		    "cannot open the directory: %s", strerror(errno));
	while ((de = readdir(dp)) != NULL) {
		const char *nm = de->d_name, *hex, *dot;
		enum zk_dstream_kind kind = ZK_DS_PLAIN;
		unsigned long long z;
		char *end;

		if (strncmp(nm, prefix, pl) != 0 || nm[pl] != '.')
			continue;
		hex = nm + pl + 1;
		dot = strchr(hex, '.');
		if (dot != NULL) {
			if (!snap)
				continue;
			if (strcmp(dot, ".gz") == 0)
				kind = ZK_DS_GZIP;
			else if (strcmp(dot, ".snappy") == 0)
				kind = ZK_DS_SNAPPY;
			else
				continue;
		}
		if (*hex == '\0' || *hex == '.' || *hex == '-' || *hex == '+')
			continue;
		errno = 0;
		z = strtoull(hex, &end, 16);
		if (errno != 0 || end != (dot != NULL ? dot : hex + strlen(hex)) ||
		    z > INT64_MAX)
			continue;
		if (n == alloc) {
			alloc = alloc_nr(n + 1, alloc);
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		v[n].name = xasprintf("%s/%s", dir, nm);
		v[n].zxid = (int64_t)z;
		v[n].kind = kind;
		n++;
	}
	closedir(dp);
	*out = v;
	*nout = n;
	return 0;
}

static void
free_files(struct dfile *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static void
warn(const struct zk_snapshot_opts *o, const char *where, const char *fmt,
    ...) RP_PRINTF(3, 4);

static void
warn(const struct zk_snapshot_opts *o, const char *where, const char *fmt, ...)
{
	struct rp_diag d;
	va_list ap;

	if (o->warn == NULL)
		return;
	rp_diag_init(&d);
	va_start(ap, fmt);
	rp_diag_vfail(&d, RP_EPARSE, where, 0, fmt, ap);
	va_end(ap);
	o->warn(o->warn_arg, &d);
}

static void
warn_diag(const struct zk_snapshot_opts *o, const char *prefix,
    const struct rp_diag *e)
{
	char buf[RP_DIAG_WHERE_MAX + RP_DIAG_MSG_MAX + 64];

	rp_diag_str(e, buf, sizeof(buf));
	warn(o, NULL, "%s%s", prefix, buf);
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The tree of a server that never wrote a snapshot (DataTree()). */
static void
empty_tree(struct zk_snaptree *t)
{
	static const char *const paths[] = { "/", "/zookeeper",
		"/zookeeper/quota", "/zookeeper/config" };
	struct zk_stat st;
	uint32_t i, par = NONE;
	size_t k;
	int created;

	memset(&st, 0, sizeof(st));
	for (k = 0; k < 4; k++) {
		i = node_get(t, paths[k], strlen(paths[k]), &created);
		if (k == 0)
			t->root = i;
		else
			par = parent_of(t, paths[k], strlen(paths[k]));
		node_live(t, i, par,
		    acl_open(t, k == 3 ? ZK_PERM_READ : ZK_PERM_ALL), &st, 0);
		t->last = i;
	}
}

struct replay {
	struct zk_snaptree *t;
	int64_t cur;
	int64_t prev; /* previous entry's zxid in this file */
	int gap_warned;
	const struct zk_snapshot_opts *o;
	struct zk_snapshot_stats *st;
	const char *file;
};

static int
replay_one(void *arg, const struct zk_txn *x)
{
	struct replay *rp = arg;

	rp->st->txns++;
	if (x->zxid < rp->prev && !rp->gap_warned) {
		rp->gap_warned = 1;
		rp->st->gaps++;
		warn(rp->o, rp->file,
		    "zxid goes backwards at offset %llu (0x%llx after "
		    "0x%llx): the log was truncated after a leader change",
		    (unsigned long long)x->offset, (unsigned long long)x->zxid,
		    (unsigned long long)rp->prev);
	}
	rp->prev = x->zxid;
	if (x->zxid <= rp->cur)
		return 0;
	if (x->zxid > rp->cur + 1 && (x->zxid >> 32) == (rp->cur >> 32) &&
	    !rp->gap_warned) {
		rp->gap_warned = 1;
		rp->st->gaps++;
		warn(rp->o, rp->file,
		    "transactions 0x%llx..0x%llx are missing from the logs",
		    (unsigned long long)(rp->cur + 1),
		    (unsigned long long)(x->zxid - 1));
	}
	zk_snaptree_apply(rp->t, x);
	rp->st->applied++;
	rp->cur = x->zxid;
	return 0;
}

static int
replay_logs(struct zk_snaptree *t, const char *logdir,
    const struct zk_snapshot_opts *o, struct zk_snapshot_stats *st,
    struct rp_diag *d)
{
	struct zk_txnlog_result res;
	struct replay rp;
	struct dfile *logs = NULL;
	struct rp_diag e;
	size_t n, k, first = 0;
	int fd, r;

	if ((r = list_files(logdir, "log", 0, &logs, &n, d)) != 0)
		return r;
	qsort(logs, n, sizeof(*logs), cmp_asc);
	for (k = 0; k < n; k++)
		if (logs[k].zxid <= st->snap_zxid)
			first = k;
	memset(&rp, 0, sizeof(rp));
	rp.t = t;
	rp.cur = st->snap_zxid;
	rp.o = o;
	rp.st = st;
	for (k = first; k < n; k++) {
		rp.file = logs[k].name;
		rp.prev = 0;
		rp.gap_warned = 0;
		if ((fd = open(logs[k].name, O_RDONLY | O_CLOEXEC)) < 0) {
			st->log_errors++;
			warn(o, logs[k].name,
			    "cannot open: %s; replay stops here",
			    strerror(errno));
			break;
		}
		rp_diag_init(&e);
		r = zk_txnlog_read_fd(fd, logs[k].name, NULL, replay_one, &rp,
		    &res, &e);
		close(fd);
		st->logs++;
		if (r != 0) {
			st->log_errors++;
			warn_diag(o,
			    "transaction log is corrupt; replay stops there "
			    "(later changes are missing): ",
			    &e);
			break;
		}
		if (res.torn) {
			st->torn = 1;
			warn(o, logs[k].name,
			    "the log ends inside the entry at offset %llu (%s); "
			    "it was not applied",
			    (unsigned long long)res.torn_offset,
			    k + 1 == n ? "a torn tail: the server was writing "
			                 "or stopped abruptly"
			               : "not the newest log: transactions may "
			                 "be missing");
		}
	}
	st->last_zxid = rp.cur;
	free_files(logs, n);
	return 0;
}

static const char *
version_dir(const char *dir, char **owned)
{
	struct stat sb;

	*owned = xasprintf("%s/version-2", dir);
	if (stat(*owned, &sb) == 0 && S_ISDIR(sb.st_mode))
		return *owned;
	return dir;
}

static int
load_newest(struct zk_snaptree **tp, const char *snapdir,
    const struct zk_snapshot_opts *o, struct zk_snapshot_stats *st,
    int have_logs, struct rp_diag *d)
{
	struct dfile *snaps = NULL;
	struct zk_snaptree *t = NULL;
	struct zk_dstream s;
	struct rp_diag first, e;
	size_t n, k, max;
	int fd, r, first_r = 0;

	*tp = NULL;
	if ((r = list_files(snapdir, "snapshot", 1, &snaps, &n, d)) != 0)
		return r;
	qsort(snaps, n, sizeof(*snaps), cmp_desc);
	rp_diag_init(&first);
	max = o->max_candidates > 0 ? o->max_candidates : 100;
	for (k = 0; k < n && k < max; k++) {
		if ((fd = open(snaps[k].name, O_RDONLY | O_CLOEXEC)) < 0) {
			rp_diag_init(&e);
			r = rp_diag_fail(&e, rp_from_errno(errno),
			    snaps[k].name, 0, "cannot open: %s",
			    strerror(errno));
		} else {
			t = zk_snaptree_new(0);
			zk_ds_init_fd(&s, snaps[k].name, fd, snaps[k].kind);
			rp_diag_init(&e);
			r = load_snapshot(t, &s, &e);
			zk_ds_release(&s);
			close(fd);
		}
		if (r == 0) {
			snprintf(st->snapshot, sizeof(st->snapshot), "%s",
			    snaps[k].name);
			st->snap_zxid = snaps[k].zxid;
			*tp = t;
			t = NULL;
			break;
		}
		zk_snaptree_free(t);
		t = NULL;
		if (first_r == 0) {
			first_r = r;
			first = e;
		}
		st->rejected++;
		warn_diag(o,
		    k + 1 < n ? "snapshot rejected, trying an older one: "
		              : "snapshot rejected: ",
		    &e);
	}
	if (*tp == NULL && n > 0) {
		if (d != NULL)
			*d = first;
		if (d != NULL) {
			char msg[RP_DIAG_MSG_MAX];

			snprintf(msg, sizeof(msg),
			    "%.400s (no valid snapshot among %zu)", first.msg,
			    n);
			snprintf(d->msg, sizeof(d->msg), "%s", msg);
		}
		r = first_r;
	} else if (*tp == NULL) {
		if (!have_logs) {
			r = rp_diag_fail(d, RP_ENOENT, snapdir, 0,
			    "no snapshot.* or log.* files: not a ZooKeeper "
			    "data directory");
		} else {
			/* The state comes from the logs alone. */
			t = zk_snaptree_new(1);
			*tp = t;
			warn(o, snapdir,
			    "no snapshot: the tree is built from the "
			    "transaction logs alone");
			r = 0;
		}
	} else {
		r = 0;
	}
	free_files(snaps, n);
	return r;
}

int
zk_snapshot_walk(const char *datadir, const struct zk_snapshot_opts *o,
    zk_walk_visit_fn visit, void *arg, struct zk_snapshot_stats *stats,
    struct rp_diag *d)
{
	struct zk_snapshot_opts defo;
	struct zk_snapshot_stats tmp;
	struct zk_snaptree *t = NULL;
	char *own1 = NULL, *own2 = NULL;
	const char *snapdir, *logdir;
	struct dfile *logs = NULL;
	size_t nlogs = 0;
	double t0, t1;
	int r;

	if (o == NULL) {
		zk_snapshot_opts_init(&defo);
		o = &defo;
	}
	if (stats == NULL)
		stats = &tmp;
	memset(stats, 0, sizeof(*stats));
	t0 = now_seconds();
	snapdir = version_dir(datadir, &own1);
	logdir = o->logdir != NULL ? version_dir(o->logdir, &own2) : snapdir;
	if ((r = list_files(logdir, "log", 0, &logs, &nlogs, d)) != 0)
		goto out;
	if ((r = load_newest(&t, snapdir, o, stats, nlogs > 0, d)) != 0)
		goto out;
	stats->snap_nodes = t->nnodes;
	stats->sessions = t->sessions;
	stats->last_zxid = stats->snap_zxid;
	if (!o->no_logs && (r = replay_logs(t, logdir, o, stats, d)) != 0)
		goto out;
	stats->ignored = t->ignored;
	stats->dangling = t->dangling;
	stats->acl_lists = t->nacls;
	if (t->dangling > 0)
		warn(o, stats->snapshot,
		    "%llu znodes refer to ACLs missing from the snapshot's ACL "
		    "map: the server fails on them (reported as failed)",
		    (unsigned long long)t->dangling);
	t1 = now_seconds();
	stats->read_seconds = t1 - t0;
	r = zk_snaptree_emit(t, o, visit, arg, stats, d);
	stats->walk_seconds = now_seconds() - t1;
out:
	free_files(logs, nlogs);
	zk_snaptree_free(t);
	free(own1);
	free(own2);
	return r;
}
