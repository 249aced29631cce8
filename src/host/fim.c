/*
 * fim.c - file-integrity monitoring: parallel tree scan, SQLite baseline,
 * comparison.
 *
 * The calling thread walks the tree (one directory descriptor per level,
 * names sorted per directory, fstatat without following symlinks) and
 * queues every regular file; worker threads take files off the queue, open
 * them again through the rootfs (so a file swapped for a symlink after the
 * walk cannot lead outside the root), check that it is still the inode the
 * walk saw, and hash it with a bounded buffer.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/fim.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/xmalloc.h"

#include "util/banned.h"

#define FIM_READ_CHUNK  ((size_t)256 << 10)
#define FIM_MAX_DEPTH   256
#define FIM_MAX_WORKERS 64

const char *const fim_default_paths[] = {
	"/etc",
	"/bin",
	"/sbin",
	"/usr/bin",
	"/usr/sbin",
	"/boot",
};
const size_t fim_ndefault_paths =
    sizeof(fim_default_paths) / sizeof(fim_default_paths[0]);

/* ---- scan ------------------------------------------------------------ */

struct scan {
	const struct rootfs *rf;
	struct fim_tree *t;
	const EVP_MD *md;

	pthread_mutex_t mu;
	pthread_cond_t more;
	struct fim_entry **todo; /* regular files to hash */
	size_t ntodo, todo_alloc, next;
	int done; /* the walker queued everything */
	uint64_t bytes;
};

static void entry_set_err(struct fim_entry *e, const char *fmt, ...)
    RP_PRINTF(2, 3);

static void
entry_set_err(struct fim_entry *e, const char *fmt, ...)
{
	va_list ap;

	free(e->err);
	va_start(ap, fmt);
	e->err = xvasprintf(fmt, ap);
	va_end(ap);
}

static struct fim_entry *
entry_new(struct fim_tree *t, const char *path)
{
	struct fim_entry *e = xcalloc(1, sizeof(*e));

	e->path = xstrdup(path);
	if (t->n == t->alloc) {
		t->alloc = alloc_nr(t->n + 1, t->alloc);
		t->e = xreallocarray(t->e, t->alloc, sizeof(*t->e));
	}
	t->e[t->n++] = e;
	return e;
}

static void
entry_fill(struct fim_entry *e, const struct stat *st)
{
	e->mode = (uint32_t)st->st_mode;
	e->uid = (uint32_t)st->st_uid;
	e->gid = (uint32_t)st->st_gid;
	e->size = (int64_t)st->st_size;
	e->mtime_ns =
	    (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	e->ino = (uint64_t)st->st_ino;
	e->nlink = (uint64_t)st->st_nlink;
	e->dev = (uint64_t)st->st_dev;
}

static void
queue_file(struct scan *s, struct fim_entry *e)
{
	pthread_mutex_lock(&s->mu);
	if (s->ntodo == s->todo_alloc) {
		s->todo_alloc = alloc_nr(s->ntodo + 1, s->todo_alloc);
		s->todo =
		    xreallocarray(s->todo, s->todo_alloc, sizeof(*s->todo));
	}
	s->todo[s->ntodo++] = e;
	pthread_cond_signal(&s->more);
	pthread_mutex_unlock(&s->mu);
}

static void
read_link(int dirfd, const char *name, struct fim_entry *e)
{
	char buf[4096];
	ssize_t n = readlinkat(dirfd, name, buf, sizeof(buf));

	if (n < 0)
		entry_set_err(e, "readlink failed: %s", strerror(errno));
	else if ((size_t)n == sizeof(buf))
		entry_set_err(e, "%s", "symlink target too long");
	else
		e->link = xstrndup(buf, (size_t)n);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Record the entries of the directory dirfd (path) and descend. */
static void
walk_dir(struct scan *s, int dirfd, struct strbuf *path, uint64_t dev,
    int depth)
{
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i, base = path->len;
	int fd = dup(dirfd);

	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == alloc) {
			alloc = alloc_nr(n + 1, alloc);
			names = xreallocarray(names, alloc, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		struct stat st;
		struct fim_entry *e;

		strbuf_setlen(path, base);
		if (base > 1)
			strbuf_addch(path, '/');
		strbuf_addstr(path, names[i]);
		e = entry_new(s->t, path->buf);
		if (fstatat(dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
			entry_set_err(e, "stat failed: %s", strerror(errno));
			continue;
		}
		entry_fill(e, &st);
		if (S_ISLNK(st.st_mode)) {
			read_link(dirfd, names[i], e);
		} else if (S_ISREG(st.st_mode)) {
			queue_file(s, e);
		} else if (S_ISDIR(st.st_mode) && (uint64_t)st.st_dev == dev) {
			int cfd;

			if (depth >= FIM_MAX_DEPTH) {
				entry_set_err(e, "%s",
				    "too deep, not descended");
				continue;
			}
			cfd = openat(dirfd, names[i],
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (cfd < 0) {
				entry_set_err(e, "cannot open directory: %s",
				    strerror(errno));
				continue;
			}
			walk_dir(s, cfd, path, dev, depth + 1);
			close(cfd);
		}
	}
	strbuf_setlen(path, base);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void
hash_one(struct scan *s, struct fim_entry *e, EVP_MD_CTX *ctx,
    unsigned char *buf)
{
	struct rp_diag d;
	struct stat st;
	int fd = -1, rc;
	uint64_t total = 0;
	unsigned int dlen = 0;

	rp_diag_init(&d);
	rc = rootfs_openat(s->rf, e->path,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_NOATIME,
	    ROOTFS_NOFOLLOW, &fd, &d);
	if (rc != 0) /* O_NOATIME needs ownership or CAP_FOWNER */
		rc = rootfs_openat(s->rf, e->path,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY,
		    ROOTFS_NOFOLLOW, &fd, &d);
	if (rc != 0) {
		entry_set_err(e, "cannot open: %s", rp_strerror(rc));
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_ino != e->ino || (uint64_t)st.st_dev != e->dev) {
		entry_set_err(e, "%s", "replaced during the scan");
		close(fd);
		return;
	}
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (EVP_DigestInit_ex2(ctx, s->md, NULL) != 1) {
		entry_set_err(e, "%s", "digest initialisation failed");
		close(fd);
		return;
	}
	for (;;) {
		ssize_t n = read(fd, buf, FIM_READ_CHUNK);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			entry_set_err(e, "read failed: %s", strerror(errno));
			close(fd);
			return;
		}
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1) {
			entry_set_err(e, "%s", "digest update failed");
			close(fd);
			return;
		}
	}
	close(fd);
	if (EVP_DigestFinal_ex(ctx, e->digest, &dlen) != 1 ||
	    dlen != FIM_DIGEST_LEN) {
		entry_set_err(e, "%s", "digest failed");
		return;
	}
	e->has_digest = 1;
	pthread_mutex_lock(&s->mu);
	s->bytes += total;
	pthread_mutex_unlock(&s->mu);
}

static void *
worker(void *arg)
{
	struct scan *s = arg;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *buf = xmalloc(FIM_READ_CHUNK);

	for (;;) {
		struct fim_entry *e = NULL;

		pthread_mutex_lock(&s->mu);
		while (s->next == s->ntodo && !s->done)
			pthread_cond_wait(&s->more, &s->mu);
		if (s->next < s->ntodo)
			e = s->todo[s->next++];
		pthread_mutex_unlock(&s->mu);
		if (e == NULL)
			break;
		if (ctx == NULL)
			entry_set_err(e, "%s", "out of memory for the digest");
		else
			hash_one(s, e, ctx, buf);
	}
	free(buf);
	EVP_MD_CTX_free(ctx);
	return NULL;
}

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp((*(struct fim_entry *const *)a)->path,
	    (*(struct fim_entry *const *)b)->path);
}

/* True when path is q or below q. */
static int
path_under(const char *path, const char *q)
{
	size_t n = strlen(q);

	if (strcmp(q, "/") == 0)
		return 1;
	return strncmp(path, q, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static void
scan_top(struct scan *s, const char *path)
{
	struct rp_diag d;
	struct stat st;
	struct fim_entry *e;
	int fd = -1, dfd;

	rp_diag_init(&d);
	if (rootfs_openat(s->rf, path, O_PATH, ROOTFS_NOFOLLOW, &fd, &d) != 0)
		return; /* absent: shows up as added once it exists */
	if (fstat(fd, &st) != 0) {
		close(fd);
		return;
	}
	e = entry_new(s->t, path);
	entry_fill(e, &st);
	if (S_ISLNK(st.st_mode)) {
		read_link(fd, "", e);
	} else if (S_ISREG(st.st_mode)) {
		queue_file(s, e);
	} else if (S_ISDIR(st.st_mode)) {
		dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0) {
			entry_set_err(e, "cannot open directory: %s",
			    strerror(errno));
		} else {
			struct strbuf p = STRBUF_INIT;

			strbuf_addstr(&p, path);
			walk_dir(s, dfd, &p, (uint64_t)st.st_dev, 1);
			strbuf_release(&p);
			close(dfd);
		}
	}
	close(fd);
}

int
fim_scan(const struct rootfs *rf, const struct fim_scan_opts *o,
    struct fim_tree *t, struct rp_diag *d)
{
	struct scan s;
	pthread_t tids[FIM_MAX_WORKERS];
	size_t nw = o->workers, started = 0, i, j;
	EVP_MD *md;

	memset(t, 0, sizeof(*t));
	md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (md == NULL)
		return rp_diag_fail(d, RP_ENOTSUP, "", 0,
		    "OpenSSL provides no SHA-256");
	if (nw == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);

		nw = c > 0 ? (size_t)c : 1;
	}
	if (nw > FIM_MAX_WORKERS)
		nw = FIM_MAX_WORKERS;
	memset(&s, 0, sizeof(s));
	s.rf = rf;
	s.t = t;
	s.md = md;
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.more, NULL);
	for (i = 0; i < nw; i++) {
		if (pthread_create(&tids[started], NULL, worker, &s) != 0)
			break;
		started++;
	}
	for (i = 0; i < o->npaths; i++) {
		/* a path below another given path is covered already */
		for (j = 0; j < o->npaths; j++)
			if (j != i && path_under(o->paths[i], o->paths[j]) &&
			    (strcmp(o->paths[i], o->paths[j]) != 0 || j < i))
				break;
		if (j == o->npaths)
			scan_top(&s, o->paths[i]);
	}
	pthread_mutex_lock(&s.mu);
	s.done = 1;
	pthread_cond_broadcast(&s.more);
	pthread_mutex_unlock(&s.mu);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	if (started == 0) /* no threads: hash here */
		worker(&s);
	pthread_cond_destroy(&s.more);
	pthread_mutex_destroy(&s.mu);
	free(s.todo);
	EVP_MD_free(md);
	t->bytes = s.bytes;
	if (t->n > 1)
		qsort(t->e, t->n, sizeof(*t->e), entry_cmp);
	for (i = 0; i < t->n; i++)
		if (t->e[i]->err != NULL)
			t->nerr++;
	return 0;
}

void
fim_tree_free(struct fim_tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->e[i]->path);
		free(t->e[i]->link);
		free(t->e[i]->err);
		free(t->e[i]);
	}
	free(t->e);
	memset(t, 0, sizeof(*t));
}

/* ---- database -------------------------------------------------------- */

static const char schema[] =
    "PRAGMA journal_mode=OFF;"
    "PRAGMA synchronous=OFF;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE scope(path TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE file(path TEXT PRIMARY KEY NOT NULL,"
    " mode INTEGER NOT NULL, uid INTEGER NOT NULL, gid INTEGER NOT NULL,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
    " ino INTEGER NOT NULL, nlink INTEGER NOT NULL,"
    " link TEXT, sha256 BLOB, error TEXT) WITHOUT ROWID;";

static int
db_fail(struct rp_diag *d, sqlite3 *db, const char *path, const char *what)
{
	return rp_diag_fail(d, RP_EIO, path, 0, "%s: %s", what,
	    db != NULL ? sqlite3_errmsg(db) : "out of memory");
}

int
fim_db_write(const char *dbpath, const struct fim_tree *t,
    const char *meta_root, const char *const *paths, size_t npaths,
    struct rp_diag *d)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *tmp = xasprintf("%s.tmp.%ld", dbpath, (long)getpid());
	char now[32];
	time_t tnow = time(NULL);
	struct tm tm;
	size_t i;
	int rc = 0, fd;

	(void)unlink(tmp);
	if (sqlite3_open_v2(tmp, &db,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	        NULL) != SQLITE_OK) {
		rc = db_fail(d, db, dbpath, "cannot create the baseline");
		goto out;
	}
	if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_fail(d, db, dbpath, "cannot create the schema");
		goto out;
	}
	gmtime_r(&tnow, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (sqlite3_prepare_v2(db, "INSERT INTO meta VALUES(?1, ?2)", -1, &st,
	        NULL) != SQLITE_OK) {
		rc = db_fail(d, db, dbpath, "cannot prepare");
		goto out;
	}
	{
		const char *kv[][2] = {
			{ "format", FIM_DB_FORMAT },
			{ "digest", "sha256" },
			{ "root", meta_root },
			{ "created", now },
			{ "tool", "rampart " RAMPART_VERSION },
		};

		for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
			sqlite3_bind_text(st, 1, kv[i][0], -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, kv[i][1], -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE) {
				rc = db_fail(d, db, dbpath, "cannot write");
				goto out;
			}
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO scope VALUES(?1)", -1,
	        &st, NULL) != SQLITE_OK) {
		rc = db_fail(d, db, dbpath, "cannot prepare");
		goto out;
	}
	for (i = 0; i < npaths; i++) {
		sqlite3_bind_text(st, 1, paths[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_fail(d, db, dbpath, "cannot write");
			goto out;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db,
	        "INSERT INTO file VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(d, db, dbpath, "cannot prepare");
		goto out;
	}
	for (i = 0; i < t->n; i++) {
		const struct fim_entry *e = t->e[i];

		sqlite3_bind_text(st, 1, e->path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, e->mode);
		sqlite3_bind_int64(st, 3, e->uid);
		sqlite3_bind_int64(st, 4, e->gid);
		sqlite3_bind_int64(st, 5, e->size);
		sqlite3_bind_int64(st, 6, e->mtime_ns);
		sqlite3_bind_int64(st, 7, (sqlite3_int64)e->ino);
		sqlite3_bind_int64(st, 8, (sqlite3_int64)e->nlink);
		if (e->link != NULL)
			sqlite3_bind_text(st, 9, e->link, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 9);
		if (e->has_digest)
			sqlite3_bind_blob(st, 10, e->digest, FIM_DIGEST_LEN,
			    SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 10);
		if (e->err != NULL)
			sqlite3_bind_text(st, 11, e->err, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 11);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_fail(d, db, dbpath, "cannot write");
			goto out;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_fail(d, db, dbpath, "cannot commit");
		goto out;
	}
out:
	sqlite3_finalize(st);
	if (db != NULL && sqlite3_close(db) != SQLITE_OK && rc == 0)
		rc = rp_diag_fail(d, RP_EIO, dbpath, 0,
		    "closing the baseline failed");
	if (rc == 0) {
		fd = open(tmp, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0)
			rc = rp_diag_fail(d, RP_EIO, dbpath, 0,
			    "cannot flush the baseline: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (rc == 0 && rename(tmp, dbpath) != 0)
		rc = rp_diag_fail(d, rp_from_errno(errno), dbpath, 0,
		    "cannot install the baseline: %s", strerror(errno));
	if (rc != 0)
		(void)unlink(tmp);
	free(tmp);
	return rc;
}

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int
fim_db_read(const char *dbpath, struct fim_tree *t, char ***paths,
    size_t *npaths, struct rp_diag *d)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct stat sb;
	size_t alloc = 0;
	int rc = 0, step;

	memset(t, 0, sizeof(*t));
	*paths = NULL;
	*npaths = 0;
	if (stat(dbpath, &sb) != 0)
		return rp_diag_fail(d, rp_from_errno(errno), dbpath, 0,
		    "cannot read the baseline: %s", strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return rp_diag_fail(d, RP_EPARSE, dbpath, 0,
		    "the baseline is not a regular file");
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = db_fail(d, db, dbpath, "cannot open the baseline");
		goto out;
	}
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='format'",
	        -1, &st, NULL) != SQLITE_OK) {
		int ec = sqlite3_errcode(db);

		if (ec == SQLITE_NOTADB || ec == SQLITE_CORRUPT)
			rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
			    "not an SQLite database (%s)", sqlite3_errmsg(db));
		else
			rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
			    "not a rampart FIM baseline (%s)",
			    sqlite3_errmsg(db));
		goto out;
	}
	step = sqlite3_step(st);
	if (step != SQLITE_ROW || sqlite3_column_text(st, 0) == NULL ||
	    strcmp((const char *)sqlite3_column_text(st, 0), FIM_DB_FORMAT) !=
	        0) {
		rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
		    "not a rampart FIM baseline of format %s%s%s",
		    FIM_DB_FORMAT, step == SQLITE_ROW ? "" : ": ",
		    step == SQLITE_ROW ? "" : sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT path FROM scope ORDER BY path", -1,
	        &st, NULL) != SQLITE_OK) {
		rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
		    "damaged baseline: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*npaths == alloc) {
			alloc = alloc_nr(*npaths + 1, alloc);
			*paths = xreallocarray(*paths, alloc, sizeof(**paths));
		}
		(*paths)[(*npaths)++] = col_text(st, 0);
		if ((*paths)[*npaths - 1] == NULL)
			(*paths)[*npaths - 1] = xstrdup("/");
	}
	if (step != SQLITE_DONE) {
		rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
		    "damaged baseline: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db,
	        "SELECT path, mode, uid, gid, size, mtime_ns, ino, nlink,"
	        " link, sha256, error FROM file ORDER BY path",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
		    "damaged baseline: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct fim_entry *e;
		const unsigned char *p = sqlite3_column_text(st, 0);

		if (p == NULL) {
			rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
			    "damaged baseline: a row without a path");
			goto out;
		}
		e = entry_new(t, (const char *)p);
		e->mode = (uint32_t)sqlite3_column_int64(st, 1);
		e->uid = (uint32_t)sqlite3_column_int64(st, 2);
		e->gid = (uint32_t)sqlite3_column_int64(st, 3);
		e->size = sqlite3_column_int64(st, 4);
		e->mtime_ns = sqlite3_column_int64(st, 5);
		e->ino = (uint64_t)sqlite3_column_int64(st, 6);
		e->nlink = (uint64_t)sqlite3_column_int64(st, 7);
		e->link = col_text(st, 8);
		if (sqlite3_column_type(st, 9) == SQLITE_BLOB) {
			if (sqlite3_column_bytes(st, 9) != FIM_DIGEST_LEN) {
				rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
				    "damaged baseline: digest of %s has the wrong length",
				    e->path);
				goto out;
			}
			memcpy(e->digest, sqlite3_column_blob(st, 9),
			    FIM_DIGEST_LEN);
			e->has_digest = 1;
		}
		e->err = col_text(st, 10);
		if (e->err != NULL)
			t->nerr++;
	}
	if (step != SQLITE_DONE)
		rc = rp_diag_fail(d, RP_EPARSE, dbpath, 0,
		    "damaged baseline: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (rc != 0) {
		fim_tree_free(t);
		rootfs_paths_free(*paths, *npaths);
		*paths = NULL;
		*npaths = 0;
	}
	return rc;
}

/* ---- comparison ------------------------------------------------------ */

const char *
fim_type_name(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "regular file";
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "symlink";
	case S_IFCHR:
		return "character device";
	case S_IFBLK:
		return "block device";
	case S_IFIFO:
		return "FIFO";
	case S_IFSOCK:
		return "socket";
	default:
		return "unknown";
	}
}

static void
add_time(struct strbuf *out, int64_t ns)
{
	time_t sec = (time_t)(ns / 1000000000);
	long frac = (long)(ns % 1000000000);
	struct tm tm;
	char buf[32];

	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	if (gmtime_r(&sec, &tm) == NULL) {
		strbuf_addf(out, "%lld", (long long)ns);
		return;
	}
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	strbuf_addf(out, "%s.%09ldZ", buf, frac);
}

static void
sep(struct strbuf *out)
{
	if (out->len > 0)
		strbuf_addstr(out, "; ");
}

unsigned
fim_entry_diff(const struct fim_entry *old, const struct fim_entry *cur,
    struct strbuf *out)
{
	unsigned ch = 0;
	struct strbuf tmp = STRBUF_INIT;
	struct strbuf *o = &tmp; /* sep() looks at the whole buffer */

	if ((old->mode & S_IFMT) != (cur->mode & S_IFMT)) {
		ch |= FIM_TYPE;
		sep(o);
		strbuf_addf(o, "type %s -> %s", fim_type_name(old->mode),
		    fim_type_name(cur->mode));
	}
	if ((old->mode & 07777) != (cur->mode & 07777)) {
		ch |= FIM_MODE;
		sep(o);
		strbuf_addf(o, "mode %04o -> %04o",
		    (unsigned)(old->mode & 07777),
		    (unsigned)(cur->mode & 07777));
	}
	if (old->uid != cur->uid) {
		ch |= FIM_UID;
		sep(o);
		strbuf_addf(o, "uid %u -> %u", (unsigned)old->uid,
		    (unsigned)cur->uid);
	}
	if (old->gid != cur->gid) {
		ch |= FIM_GID;
		sep(o);
		strbuf_addf(o, "gid %u -> %u", (unsigned)old->gid,
		    (unsigned)cur->gid);
	}
	/* a directory's size and mtime follow its entries, reported anyway */
	if (old->size != cur->size) {
		ch |= FIM_SIZE;
		sep(o);
		strbuf_addf(o, "size %lld -> %lld", (long long)old->size,
		    (long long)cur->size);
	}
	if (old->mtime_ns != cur->mtime_ns) {
		ch |= FIM_MTIME;
		sep(o);
		strbuf_addstr(o, "mtime ");
		add_time(o, old->mtime_ns);
		strbuf_addstr(o, " -> ");
		add_time(o, cur->mtime_ns);
	}
	if (old->ino != cur->ino) {
		ch |= FIM_INODE;
		sep(o);
		strbuf_addf(o, "inode %llu -> %llu",
		    (unsigned long long)old->ino, (unsigned long long)cur->ino);
	}
	if (old->nlink != cur->nlink) {
		ch |= FIM_NLINK;
		sep(o);
		strbuf_addf(o, "links %llu -> %llu",
		    (unsigned long long)old->nlink,
		    (unsigned long long)cur->nlink);
	}
	if ((old->link == NULL) != (cur->link == NULL) ||
	    (old->link != NULL && strcmp(old->link, cur->link) != 0)) {
		ch |= FIM_LINK;
		sep(o);
		strbuf_addf(o, "target %s -> %s",
		    old->link != NULL ? old->link : "(none)",
		    cur->link != NULL ? cur->link : "(none)");
	}
	if (old->has_digest && cur->has_digest &&
	    memcmp(old->digest, cur->digest, FIM_DIGEST_LEN) != 0) {
		ch |= FIM_CONTENT;
		sep(o);
		strbuf_addstr(o, "content sha256 differs");
	}
	if (out != NULL && tmp.len > 0) {
		sep(out);
		strbuf_add(out, tmp.buf, tmp.len);
	}
	strbuf_release(&tmp);
	return ch;
}

static void
describe(const struct fim_entry *e, struct strbuf *out)
{
	strbuf_addf(out, "%s %04o uid %u gid %u", fim_type_name(e->mode),
	    (unsigned)(e->mode & 07777), (unsigned)e->uid, (unsigned)e->gid);
	if (S_ISREG(e->mode))
		strbuf_addf(out, " size %lld", (long long)e->size);
	if (e->link != NULL)
		strbuf_addf(out, " -> %s", e->link);
}

static void
report(struct result *r, enum rule_id id, enum status status,
    const struct fim_entry *e, const char *msg, const char *evidence)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	f.rule = id;
	f.status = status;
	f.severity = -1;
	f.object = e->path;
	f.message = msg;
	f.evidence = evidence;
	result_add(r, &f);
}

void
fim_compare(const struct fim_tree *base, const struct fim_tree *cur,
    struct result *r)
{
	size_t i = 0, j = 0;
	struct strbuf ev = STRBUF_INIT, msg = STRBUF_INIT;

	while (i < base->n || j < cur->n) {
		const struct fim_entry *a = i < base->n ? base->e[i] : NULL;
		const struct fim_entry *b = j < cur->n ? cur->e[j] : NULL;
		int c = a == NULL ? 1 :
		    b == NULL     ? -1 :
		                    strcmp(a->path, b->path);

		strbuf_reset(&ev);
		strbuf_reset(&msg);
		if (c < 0) {
			describe(a, &ev);
			strbuf_addf(&msg, "%s removed", fim_type_name(a->mode));
			report(r, RULE_HOST_FIM_FILE_REMOVED, STATUS_FAIL, a,
			    msg.buf, ev.buf);
			i++;
			continue;
		}
		if (c > 0) {
			describe(b, &ev);
			strbuf_addf(&msg, "%s added", fim_type_name(b->mode));
			report(r, RULE_HOST_FIM_FILE_ADDED, STATUS_FAIL, b,
			    msg.buf, ev.buf);
			j++;
			continue;
		}
		result_pass(r, RULE_HOST_FIM_FILE_REMOVED, a->path);
		result_pass(r, RULE_HOST_FIM_FILE_ADDED, b->path);
		if (fim_entry_diff(a, b, &ev) != 0) {
			if (b->err != NULL)
				strbuf_addf(&ev, "; content not checked: %s",
				    b->err);
			strbuf_addf(&msg, "%s changed", fim_type_name(b->mode));
			report(r, RULE_HOST_FIM_FILE_CHANGED, STATUS_FAIL, b,
			    msg.buf, ev.buf);
		} else if (b->err != NULL) {
			strbuf_addf(&msg, "could not be checked: %s", b->err);
			report(r, RULE_HOST_FIM_FILE_CHANGED, STATUS_ERROR, b,
			    msg.buf, NULL);
		} else {
			result_pass(r, RULE_HOST_FIM_FILE_CHANGED, b->path);
		}
		i++;
		j++;
	}
	strbuf_release(&ev);
	strbuf_release(&msg);
}
