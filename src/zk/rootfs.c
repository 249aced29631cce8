/*
 * rootfs.c - chroot-like path resolution under --root DIR.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/rootfs.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xmalloc.h"

#include "util/banned.h"

int
zk_root_open(struct zk_root *r, const char *dir, struct rp_diag *d)
{
	struct stat st;
	int fd;

	r->fd = -1;
	r->path = NULL;
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rp_diag_fail(d, rp_from_errno(errno), dir, 0,
		    "cannot open the root directory: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode)) {
		close(fd);
		return rp_diag_fail(d, RP_ENOTDIR, dir, 0,
		    "the root is not a directory");
	}
	r->fd = fd;
	r->path = xstrdup(dir);
	return 0;
}

void
zk_root_release(struct zk_root *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	FREE_AND_NULL(r->path);
}

int
zk_root_is_system(const struct zk_root *r)
{
	struct stat a, b;

	if (r->fd < 0 || fstat(r->fd, &a) != 0 || stat("/", &b) != 0)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * The resolution state: a stack of directory descriptors from the root
 * down, the names that led to them, and the path still to walk.
 */
struct walk {
	int fds[ZK_ROOT_MAX_DEPTH + 1];
	size_t depth;        /* fds[0] is the root, fds[depth] the cwd */
	struct strbuf canon; /* "/a/b" for the directories on the stack */
	size_t canon_len[ZK_ROOT_MAX_DEPTH + 1];
	struct strbuf rest; /* components not yet walked */
	unsigned links;
};

static void
walk_release(struct walk *w)
{
	size_t i;

	for (i = 1; i <= w->depth; i++)
		close(w->fds[i]);
	w->depth = 0;
	strbuf_release(&w->canon);
	strbuf_release(&w->rest);
}

static void
walk_pop_to_root(struct walk *w)
{
	while (w->depth > 0)
		close(w->fds[w->depth--]);
	strbuf_setlen(&w->canon, 0);
}

/*
 * Take the next component off w->rest into comp (NUL-terminated, at most
 * NAME_MAX bytes).  Returns 1 with a component, 0 when the path is done,
 * RP_ELIMIT for an over-long name.  *last says whether more components
 * follow.
 */
static int
next_component(struct walk *w, char *comp, size_t size, int *last)
{
	const char *p = w->rest.buf, *slash;
	size_t len, skip;

	while (*p == '/')
		p++;
	if (*p == '\0') {
		strbuf_setlen(&w->rest, 0);
		return 0;
	}
	slash = strchr(p, '/');
	len = slash != NULL ? (size_t)(slash - p) : strlen(p);
	if (len >= size)
		return RP_ELIMIT;
	memcpy(comp, p, len);
	comp[len] = '\0';
	skip = (size_t)(p - w->rest.buf) + len;
	memmove(w->rest.buf, w->rest.buf + skip, w->rest.len - skip + 1);
	strbuf_setlen(&w->rest, w->rest.len - skip);
	p = w->rest.buf;
	while (*p == '/')
		p++;
	*last = *p == '\0';
	return 1;
}

/*
 * Walk path under the root.  On success *fd is an O_PATH descriptor of the
 * final object (the caller closes it), *parent a borrowed descriptor of its
 * directory (valid until walk_release) and name its last component ("" for
 * the root itself).
 */
static int
walk_path(const struct zk_root *r, struct walk *w, const char *path, int follow,
    int *fd, int *parent, char *name, size_t namesize, struct rp_diag *d)
{
	char comp[256];
	char target[ZK_ROOT_MAX_PATH];
	struct stat st;
	int last = 0, got, cfd;
	ssize_t tlen;

	*fd = -1;
	name[0] = '\0';
	if (strlen(path) >= ZK_ROOT_MAX_PATH)
		return rp_diag_fail(d, RP_ELIMIT, path, 0, "path too long");
	strbuf_addstr(&w->rest, path);
	w->fds[0] = r->fd;
	w->canon_len[0] = 0;
	for (;;) {
		got = next_component(w, comp, sizeof(comp), &last);
		if (got < 0)
			return rp_diag_fail(d, got, path, 0,
			    "a path component is too long");
		if (got == 0) {
			/* The path named a directory already on the stack. */
			cfd = openat(w->fds[w->depth], ".",
			    O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (cfd < 0)
				return rp_diag_fail(d, rp_from_errno(errno),
				    path, 0, "cannot open: %s",
				    strerror(errno));
			*fd = cfd;
			*parent = w->fds[w->depth];
			name[0] = '\0';
			return 0;
		}
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			/* Clamped at the root, as in a chroot. */
			if (w->depth > 0) {
				close(w->fds[w->depth--]);
				strbuf_setlen(&w->canon,
				    w->canon_len[w->depth]);
			}
			continue;
		}
		cfd = openat(w->fds[w->depth], comp,
		    O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (cfd < 0 || fstat(cfd, &st) != 0) {
			int e = errno;

			if (cfd >= 0)
				close(cfd);
			return rp_diag_fail(d, rp_from_errno(e), path, 0,
			    "cannot open: %s", strerror(e));
		}
		if (S_ISLNK(st.st_mode) && (!last || follow)) {
			if (++w->links > ZK_ROOT_MAX_LINKS) {
				close(cfd);
				return rp_diag_fail(d, RP_ELOOP, path, 0,
				    "too many levels of symbolic links");
			}
			tlen = readlinkat(cfd, "", target, sizeof(target) - 1);
			close(cfd);
			if (tlen < 0)
				return rp_diag_fail(d, rp_from_errno(errno),
				    path, 0, "cannot read symbolic link: %s",
				    strerror(errno));
			if ((size_t)tlen >= sizeof(target) - 1 ||
			    w->rest.len + (size_t)tlen + 2 >= ZK_ROOT_MAX_PATH)
				return rp_diag_fail(d, RP_ELIMIT, path, 0,
				    "symbolic link target too long");
			target[tlen] = '\0';
			if (target[0] == '/')
				walk_pop_to_root(w);
			/* rest = target + "/" + rest */
			{
				struct strbuf nrest = STRBUF_INIT;

				strbuf_addstr(&nrest, target);
				strbuf_addch(&nrest, '/');
				strbuf_addstr(&nrest, w->rest.buf);
				strbuf_release(&w->rest);
				w->rest = nrest;
			}
			continue;
		}
		if (last) {
			size_t n = strlen(comp);

			if (n >= namesize) {
				close(cfd);
				return rp_diag_fail(d, RP_ELIMIT, path, 0,
				    "name too long");
			}
			memcpy(name, comp, n + 1);
			*fd = cfd;
			*parent = w->fds[w->depth];
			strbuf_addch(&w->canon, '/');
			strbuf_addstr(&w->canon, comp);
			return 0;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(cfd);
			return rp_diag_fail(d, RP_ENOTDIR, path, 0,
			    "cannot open: a component is not a directory");
		}
		if (w->depth >= ZK_ROOT_MAX_DEPTH) {
			close(cfd);
			return rp_diag_fail(d, RP_ELOOP, path, 0,
			    "path too deep");
		}
		w->fds[++w->depth] = cfd;
		strbuf_addch(&w->canon, '/');
		strbuf_addstr(&w->canon, comp);
		w->canon_len[w->depth] = w->canon.len;
	}
}

int
zk_root_stat(const struct zk_root *r, const char *path, int follow,
    struct stat *st, struct strbuf *canon, struct rp_diag *d)
{
	struct walk w = { .canon = STRBUF_INIT, .rest = STRBUF_INIT };
	char name[256];
	struct stat tmp;
	int fd = -1, parent, err;

	err =
	    walk_path(r, &w, path, follow, &fd, &parent, name, sizeof(name), d);
	if (err != 0)
		goto out;
	if (fstat(fd, st != NULL ? st : &tmp) != 0) {
		err = rp_diag_fail(d, rp_from_errno(errno), path, 0,
		    "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (canon != NULL)
		strbuf_addstr(canon, w.canon.len > 0 ? w.canon.buf : "/");
out:
	if (fd >= 0)
		close(fd);
	walk_release(&w);
	return err;
}

int
zk_root_open_file(const struct zk_root *r, const char *path, int *fd,
    struct stat *st, struct rp_diag *d)
{
	struct walk w = { .canon = STRBUF_INIT, .rest = STRBUF_INIT };
	char name[256];
	struct stat a, b;
	int pfd = -1, parent, rfd = -1, err;

	*fd = -1;
	err = walk_path(r, &w, path, 1, &pfd, &parent, name, sizeof(name), d);
	if (err != 0)
		goto out;
	if (fstat(pfd, &a) != 0) {
		err = rp_diag_fail(d, rp_from_errno(errno), path, 0,
		    "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(a.st_mode) || name[0] == '\0') {
		err = rp_diag_fail(d, RP_EINVAL, path, 0, "not a regular file");
		goto out;
	}
	rfd = openat(parent, name,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (rfd < 0) {
		err = rp_diag_fail(d, rp_from_errno(errno), path, 0,
		    "cannot open: %s", strerror(errno));
		goto out;
	}
	if (fstat(rfd, &b) != 0 || a.st_dev != b.st_dev ||
	    a.st_ino != b.st_ino) {
		err = rp_diag_fail(d, RP_EIO, path, 0,
		    "the file changed while it was opened");
		goto out;
	}
	if (st != NULL)
		*st = b;
	*fd = rfd;
	rfd = -1;
out:
	if (rfd >= 0)
		close(rfd);
	if (pfd >= 0)
		close(pfd);
	walk_release(&w);
	return err;
}

int
zk_root_read_file(const struct zk_root *r, const char *path, size_t cap,
    struct strbuf *out, struct stat *st, struct rp_diag *d)
{
	struct stat sb;
	size_t start = out->len, got = 0;
	ssize_t n;
	int fd = -1, err;

	err = zk_root_open_file(r, path, &fd, &sb, d);
	if (err != 0)
		goto out;
	if (sb.st_size < 0 || (unsigned long long)sb.st_size > cap) {
		err = rp_diag_fail(d, RP_ELIMIT, path, 0,
		    "file is larger than %zu bytes", cap);
		goto out;
	}
	strbuf_grow(out, (size_t)sb.st_size + 1);
	for (;;) {
		char chunk[65536];

		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = rp_diag_fail(d, rp_from_errno(errno), path, 0,
			    "read failed: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if ((size_t)n > cap - got) {
			err = rp_diag_fail(d, RP_ELIMIT, path, 0,
			    "file is larger than %zu bytes", cap);
			goto out;
		}
		got += (size_t)n;
		strbuf_add(out, chunk, (size_t)n);
	}
	if (st != NULL)
		*st = sb;
out:
	if (err != 0)
		strbuf_setlen(out, start);
	if (fd >= 0)
		close(fd);
	return err;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
zk_root_list(const struct zk_root *r, const char *path, size_t max,
    char ***names, size_t *n, struct rp_diag *d)
{
	struct walk w = { .canon = STRBUF_INIT, .rest = STRBUF_INIT };
	char name[256];
	char **v = NULL;
	size_t nv = 0, alloc = 0, i;
	struct dirent *de;
	DIR *dir = NULL;
	int pfd = -1, parent, dfd = -1, err;

	*names = NULL;
	*n = 0;
	err = walk_path(r, &w, path, 1, &pfd, &parent, name, sizeof(name), d);
	if (err != 0)
		goto out;
	dfd = name[0] == '\0' ?
	    openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) :
	    openat(parent, name,
	        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		err = rp_diag_fail(d, rp_from_errno(errno), path, 0,
		    "cannot list directory: %s", strerror(errno));
		goto out;
	}
	dir = fdopendir(dfd);
	if (dir == NULL) {
		err = rp_diag_fail(d, rp_from_errno(errno), path, 0,
		    "cannot list directory: %s", strerror(errno));
		goto out;
	}
	dfd = -1;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (nv >= max) {
			err = rp_diag_fail(d, RP_ELIMIT, path, 0,
			    "more than %zu entries", max);
			goto out;
		}
		ALLOC_GROW(v, nv + 1, alloc);
		v[nv++] = xstrdup(de->d_name);
	}
	qsort(v, nv, sizeof(*v), cmp_name);
	*names = v;
	*n = nv;
	v = NULL;
	nv = 0;
out:
	for (i = 0; i < nv; i++)
		free(v[i]);
	free(v);
	if (dir != NULL)
		closedir(dir);
	if (dfd >= 0)
		close(dfd);
	if (pfd >= 0)
		close(pfd);
	walk_release(&w);
	return err;
}

void
zk_root_join(struct strbuf *out, const char *dir, const char *path)
{
	if (path[0] == '/' || dir == NULL || dir[0] == '\0') {
		strbuf_addstr(out, path);
		return;
	}
	strbuf_addstr(out, dir);
	if (out->len == 0 || out->buf[out->len - 1] != '/')
		strbuf_addch(out, '/');
	strbuf_addstr(out, path);
}
