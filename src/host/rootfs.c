/*
 * rootfs.c - confined path resolution, reading, stat, ACLs, listing, glob.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/rootfs.h"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/xattr.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xmalloc.h"
#include "util/banned.h"

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

/* Depth of directories kept open during a component walk. */
#define WALK_MAX_DEPTH 256

static int
fail_errno(struct rp_diag *d, int err, const char *path, const char *what)
{
	return rp_diag_fail(d, rp_from_errno(err), path, 0, "%s: %s", what,
	    strerror(err));
}

int
rootfs_open(struct rootfs *rf, const char *dir, struct rp_diag *d)
{
	struct stat st;
	int fd;

	memset(rf, 0, sizeof(*rf));
	rf->fd = -1;
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail_errno(d, errno, dir, "cannot open the root");
	if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode)) {
		close(fd);
		return rp_diag_fail(d, RP_ENOTDIR, dir, 0,
		    "the root is not a directory");
	}
	rf->fd = fd;
	rf->dir = xstrdup(dir);
	return 0;
}

void
rootfs_close(struct rootfs *rf)
{
	if (rf->dir != NULL && rf->fd >= 0)
		close(rf->fd);
	FREE_AND_NULL(rf->dir);
	rf->fd = -1;
}

int
rootfs_is_system_root(const struct rootfs *rf)
{
	struct stat a, b;

	if (fstat(rf->fd, &a) != 0 || stat("/", &b) != 0)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

#ifdef SYS_openat2
/* 1 = resolved (fd or -errno in *res), 0 = openat2 unusable here. */
static int
open_with_openat2(const struct rootfs *rf, const char *path, int oflags,
    unsigned flags, int *res)
{
	struct open_how how;
	long fd;
	int tries;

	if (rf->no_openat2)
		return 0;
	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(oflags | O_CLOEXEC |
	    ((flags & ROOTFS_NOFOLLOW) ? O_NOFOLLOW : 0));
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	for (tries = 0; tries < 8; tries++) {
		fd = syscall(SYS_openat2, rf->fd, *path ? path : ".", &how,
		    sizeof(how));
		if (fd >= 0) {
			*res = (int)fd;
			return 1;
		}
		/* EAGAIN: a concurrent rename raced with ".." handling. */
		if (errno != EAGAIN)
			break;
	}
	if (errno == ENOSYS || errno == EPERM || errno == E2BIG)
		return 0; /* old kernel or a seccomp filter: walk instead */
	*res = -errno;
	return 1;
}
#endif

/*
 * The portable walk.  fds[0] is the root; fds[1..depth] are the directories
 * entered so far, so ".." pops one and can never go above the root.  A
 * symlink's target replaces the component: absolute targets restart at the
 * root.  Returns a descriptor or -errno.
 */
static int
open_by_walk(const struct rootfs *rf, const char *path, int oflags,
    unsigned flags)
{
	int fds[WALK_MAX_DEPTH + 1];
	size_t depth = 0, i;
	struct strbuf rest = STRBUF_INIT, link = STRBUF_INIT;
	int nlinks = 0, ret = -EINVAL;
	size_t pos = 0;

	fds[0] = rf->fd;
	strbuf_addstr(&rest, path);
	for (;;) {
		char comp[NAME_MAX + 1];
		size_t len;
		int fd, last, follow;
		struct stat st;

		while (rest.buf[pos] == '/')
			pos++;
		len = strcspn(rest.buf + pos, "/");
		if (len == 0) {
			/* The path names the directory we are in. */
			fd = openat(fds[depth], ".", oflags | O_CLOEXEC);
			ret = fd >= 0 ? fd : -errno;
			goto out;
		}
		if (len > NAME_MAX) {
			ret = -ENAMETOOLONG;
			goto out;
		}
		memcpy(comp, rest.buf + pos, len);
		comp[len] = '\0';
		pos += len;
		while (rest.buf[pos] == '/')
			pos++;
		last = rest.buf[pos] == '\0';
		if (strcmp(comp, ".") == 0 && !last)
			continue;
		if (strcmp(comp, "..") == 0 || strcmp(comp, ".") == 0) {
			if (strcmp(comp, "..") == 0 && depth > 0)
				close(fds[depth--]);
			if (last) {
				fd = openat(fds[depth], ".", oflags | O_CLOEXEC);
				ret = fd >= 0 ? fd : -errno;
				goto out;
			}
			continue;
		}
		fd = openat(fds[depth], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			ret = -errno;
			goto out;
		}
		if (fstat(fd, &st) != 0) {
			ret = -errno;
			close(fd);
			goto out;
		}
		follow = !last || !(flags & ROOTFS_NOFOLLOW);
		if (S_ISLNK(st.st_mode) && follow) {
			char target[4096];
			ssize_t n;

			n = readlinkat(fd, "", target, sizeof(target) - 1);
			close(fd);
			if (n < 0) {
				ret = -errno;
				goto out;
			}
			if (++nlinks > ROOTFS_MAX_SYMLINKS) {
				ret = -ELOOP;
				goto out;
			}
			target[n] = '\0';
			strbuf_reset(&link);
			strbuf_addstr(&link, target);
			strbuf_addch(&link, '/');
			strbuf_addstr(&link, rest.buf + pos);
			strbuf_reset(&rest);
			strbuf_addstr(&rest, link.buf);
			pos = 0;
			if (target[0] == '/') {
				while (depth > 0)
					close(fds[depth--]);
			}
			continue;
		}
		if (!last) {
			if (!S_ISDIR(st.st_mode)) {
				close(fd);
				ret = -ENOTDIR;
				goto out;
			}
			if (depth == WALK_MAX_DEPTH) {
				close(fd);
				ret = -ENAMETOOLONG;
				goto out;
			}
			fds[++depth] = fd;
			continue;
		}
		/* Last component: a real object, or a link we must not follow. */
		if (oflags & O_PATH) {
			if (S_ISLNK(st.st_mode) || !(oflags & O_DIRECTORY) ||
			    S_ISDIR(st.st_mode)) {
				ret = fd;
				goto out;
			}
			close(fd);
			ret = -ENOTDIR;
			goto out;
		}
		close(fd);
		fd = openat(fds[depth], comp, oflags | O_NOFOLLOW | O_CLOEXEC);
		ret = fd >= 0 ? fd : -errno;
		goto out;
	}
out:
	for (i = 1; i <= depth; i++)
		close(fds[i]);
	strbuf_release(&rest);
	strbuf_release(&link);
	return ret;
}

static int
resolve(const struct rootfs *rf, const char *path, int oflags, unsigned flags)
{
#ifdef SYS_openat2
	int res;

	if (open_with_openat2(rf, path, oflags, flags, &res))
		return res;
#endif
	return open_by_walk(rf, path, oflags, flags);
}

int
rootfs_openat(const struct rootfs *rf, const char *path, int oflags,
    unsigned flags, int *fd, struct rp_diag *d)
{
	int res;

	*fd = -1;
	if (rf->fd < 0)
		return rp_diag_fail(d, RP_EINTERNAL, path, 0, "root not open");
	res = resolve(rf, path, oflags, flags);
	if (res < 0)
		return fail_errno(d, -res, path, "cannot open");
	*fd = res;
	return 0;
}

int
rootfs_read(const struct rootfs *rf, const char *path, size_t cap,
    struct strbuf *out, struct rp_diag *d)
{
	size_t start = out->len, total = 0;
	struct stat st;
	int fd = -1, r = RP_EINTERNAL;

	if ((r = rootfs_openat(rf, path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0,
		 &fd, d)) != 0)
		return r;
	if (fstat(fd, &st) != 0) {
		r = fail_errno(d, errno, path, "cannot stat");
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = rp_diag_fail(d, RP_EINVAL, path, 0,
		    "is a directory, not a file");
		goto out;
	}
	if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
		r = rp_diag_fail(d, RP_EINVAL, path, 0,
		    "is not a regular file");
		goto out;
	}
	for (;;) {
		char chunk[8192];
		ssize_t n;

		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = fail_errno(d, errno, path, "cannot read");
			goto out;
		}
		if (n == 0)
			break;
		total += (size_t)n;
		if (total > cap) {
			r = rp_diag_fail(d, RP_ELIMIT, path, 0,
			    "larger than %zu bytes; not read", cap);
			goto out;
		}
		strbuf_add(out, chunk, (size_t)n);
	}
	r = 0;
out:
	if (r != 0)
		strbuf_setlen(out, start);
	if (fd >= 0)
		close(fd);
	return r;
}

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
rootfs_acl_decode(const void *data, size_t len, struct rootfs_stat *st)
{
	const unsigned char *p = data;
	size_t off;

	st->nacl = 0;
	if (len < 4 || (len - 4) % 8 != 0 || le32(p) != 2)
		return RP_EPARSE;
	for (off = 4; off < len; off += 8) {
		uint16_t tag = le16(p + off);

		switch (tag) {
		case ROOTFS_ACL_USER_OBJ:
		case ROOTFS_ACL_GROUP_OBJ:
		case ROOTFS_ACL_OTHER:
			break; /* mirrored in the mode bits */
		case ROOTFS_ACL_USER:
		case ROOTFS_ACL_GROUP:
		case ROOTFS_ACL_MASK:
			if (st->nacl == ROOTFS_ACL_MAX)
				return RP_EPARSE;
			st->acl[st->nacl].tag = tag;
			st->acl[st->nacl].perm = le16(p + off + 2) & 7;
			st->acl[st->nacl].id = le32(p + off + 4);
			st->nacl++;
			break;
		default:
			return RP_EPARSE;
		}
	}
	return 0;
}

static void
read_acl(const struct rootfs *rf, const char *path, struct rootfs_stat *st)
{
	unsigned char buf[8 * (ROOTFS_ACL_MAX + 4) + 4];
	ssize_t n;
	int fd = -1, oflags = O_RDONLY | O_NOCTTY | O_NONBLOCK;

	if (S_ISDIR(st->mode))
		oflags |= O_DIRECTORY;
	fd = resolve(rf, path, oflags, 0);
	if (fd < 0) {
		/* Readable metadata but unreadable file: no ACL verdict. */
		st->acl_err = rp_from_errno(-fd);
		return;
	}
	n = fgetxattr(fd, "system.posix_acl_access", buf, sizeof(buf));
	close(fd);
	if (n < 0) {
		if (errno != ENODATA && errno != ENOTSUP)
			st->acl_err = errno == ERANGE ? RP_ELIMIT
						      : rp_from_errno(errno);
		return;
	}
	if (rootfs_acl_decode(buf, (size_t)n, st) != 0)
		st->acl_err = RP_EPARSE;
}

int
rootfs_stat(const struct rootfs *rf, const char *path, unsigned flags,
    struct rootfs_stat *out, struct rp_diag *d)
{
	struct stat st;
	int fd = -1, r;

	memset(out, 0, sizeof(*out));
	if ((r = rootfs_openat(rf, path, O_PATH, flags, &fd, d)) != 0)
		return r;
	if (fstat(fd, &st) != 0) {
		r = fail_errno(d, errno, path, "cannot stat");
		close(fd);
		return r;
	}
	close(fd);
	out->mode = st.st_mode;
	out->uid = st.st_uid;
	out->gid = st.st_gid;
	out->size = st.st_size;
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->mtime = st.st_mtime;
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		read_acl(rf, path, out);
	return 0;
}

static void
add_perm(struct strbuf *out, unsigned perm)
{
	strbuf_addch(out, perm & 4 ? 'r' : '-');
	strbuf_addch(out, perm & 2 ? 'w' : '-');
	strbuf_addch(out, perm & 1 ? 'x' : '-');
}

void
rootfs_mode_str(const struct rootfs_stat *st, struct strbuf *out)
{
	size_t i;

	strbuf_addf(out, "%04o", (unsigned)(st->mode & 07777));
	for (i = 0; i < st->nacl; i++) {
		const struct rootfs_acl_entry *e = &st->acl[i];

		strbuf_addstr(out, i == 0 ? " +acl " : ",");
		switch (e->tag) {
		case ROOTFS_ACL_USER:
			strbuf_addf(out, "user:%u:", (unsigned)e->id);
			break;
		case ROOTFS_ACL_GROUP:
			strbuf_addf(out, "group:%u:", (unsigned)e->id);
			break;
		default:
			strbuf_addstr(out, "mask::");
			break;
		}
		add_perm(out, e->perm);
	}
}

int
rootfs_readlink(const struct rootfs *rf, const char *path, struct strbuf *out,
    struct rp_diag *d)
{
	char target[4096];
	struct stat st;
	ssize_t n;
	int fd = -1, r;

	if ((r = rootfs_openat(rf, path, O_PATH, ROOTFS_NOFOLLOW, &fd, d)) !=
	    0)
		return r;
	if (fstat(fd, &st) != 0 || !S_ISLNK(st.st_mode)) {
		close(fd);
		return rp_diag_fail(d, RP_EINVAL, path, 0, "not a symlink");
	}
	n = readlinkat(fd, "", target, sizeof(target) - 1);
	if (n < 0) {
		r = fail_errno(d, errno, path, "cannot read the link");
		close(fd);
		return r;
	}
	close(fd);
	strbuf_add(out, target, (size_t)n);
	return 0;
}

/* The target of /proc/self/fd/FD into out; 0 or -1. */
static int
fd_path(int fd, struct strbuf *out)
{
	char link[64], buf[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf));
	if (n <= 0 || (size_t)n >= sizeof(buf) || buf[0] != '/')
		return -1;
	strbuf_add(out, buf, (size_t)n);
	return 0;
}

int
rootfs_realpath(const struct rootfs *rf, const char *path, struct strbuf *out,
    struct rp_diag *d)
{
	struct strbuf full = STRBUF_INIT, top = STRBUF_INIT;
	size_t n;
	int fd = -1, r;

	if ((r = rootfs_openat(rf, path, O_PATH, 0, &fd, d)) != 0)
		return r;
	if (fd_path(fd, &full) != 0 || fd_path(rf->fd, &top) != 0) {
		r = rp_diag_fail(d, RP_EINTERNAL, path, 0,
		    "cannot resolve (is /proc mounted?)");
		goto out;
	}
	n = strcmp(top.buf, "/") == 0 ? 0 : top.len;
	if (strncmp(full.buf, top.buf, n) != 0 ||
	    (full.buf[n] != '/' && full.buf[n] != '\0')) {
		r = rp_diag_fail(d, RP_EINTERNAL, path, 0,
		    "resolved outside the root");
		goto out;
	}
	strbuf_addstr(out, full.buf[n] != '\0' ? full.buf + n : "/");
out:
	close(fd);
	strbuf_release(&full);
	strbuf_release(&top);
	return r;
}

static int
cmp_dirent(const void *a, const void *b)
{
	return strcmp(((const struct rootfs_dirent *)a)->name,
	    ((const struct rootfs_dirent *)b)->name);
}

int
rootfs_list(const struct rootfs *rf, const char *path,
    struct rootfs_dirent **ents, size_t *n, struct rp_diag *d)
{
	struct rootfs_dirent *v = NULL;
	size_t nv = 0, alloc = 0;
	struct dirent *de;
	DIR *dir;
	int fd = -1, r;

	*ents = NULL;
	*n = 0;
	if ((r = rootfs_openat(rf, path, O_RDONLY | O_DIRECTORY, 0, &fd, d)) !=
	    0)
		return r;
	dir = fdopendir(fd);
	if (dir == NULL) {
		r = fail_errno(d, errno, path, "cannot list");
		close(fd);
		return r;
	}
	errno = 0;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		ALLOC_GROW(v, nv + 1, alloc);
		v[nv].name = xstrdup(de->d_name);
		v[nv].type = de->d_type;
		nv++;
	}
	closedir(dir);
	if (nv > 0)
		qsort(v, nv, sizeof(*v), cmp_dirent);
	*ents = v;
	*n = nv;
	return 0;
}

void
rootfs_dirents_free(struct rootfs_dirent *ents, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
}

void
rootfs_paths_free(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

void
rootfs_join(struct strbuf *out, const char *dir, const char *name)
{
	if (name[0] == '/') {
		strbuf_addstr(out, name);
		return;
	}
	if (dir[0] != '/')
		strbuf_addch(out, '/');
	strbuf_addstr(out, dir);
	if (out->len == 0 || out->buf[out->len - 1] != '/')
		strbuf_addch(out, '/');
	strbuf_addstr(out, name);
}

static int
has_magic(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '[' || s[i] == '\\')
			return 1;
	return 0;
}

/* Remove backslash quoting from a literal component. */
static void
unquote(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		strbuf_addch(out, s[i]);
	}
}

struct glob_state {
	const struct rootfs *rf;
	char **v;
	size_t n, alloc;
};

/*
 * Match the components of pat (after the prefix dir, which exists) and
 * collect complete matches.  Literal components are checked with lstat-like
 * resolution; wildcard components list the directory.
 */
static void
glob_walk(struct glob_state *g, const char *dir, const char *pat)
{
	struct strbuf next = STRBUF_INIT, comp = STRBUF_INIT;
	struct rootfs_dirent *ents = NULL;
	size_t nents = 0, len, i;
	const char *rest;
	struct rp_diag d;
	int fd;

	while (*pat == '/')
		pat++;
	if (*pat == '\0') {
		ALLOC_GROW(g->v, g->n + 1, g->alloc);
		g->v[g->n++] = xstrdup(dir);
		return;
	}
	len = strcspn(pat, "/");
	rest = pat + len;
	if (!has_magic(pat, len)) {
		unquote(&comp, pat, len);
		rootfs_join(&next, dir, comp.buf);
		/* Like glob(3)'s lstat: a dangling last link still matches. */
		fd = resolve(g->rf, next.buf, O_PATH,
		    *rest == '\0' ? ROOTFS_NOFOLLOW : 0);
		if (fd >= 0) {
			close(fd);
			glob_walk(g, next.buf, rest);
		}
		goto out;
	}
	strbuf_add(&comp, pat, len);
	rp_diag_init(&d);
	if (rootfs_list(g->rf, dir, &ents, &nents, &d) != 0)
		goto out;
	for (i = 0; i < nents; i++) {
		if (fnmatch(comp.buf, ents[i].name, FNM_PERIOD) != 0)
			continue;
		strbuf_reset(&next);
		rootfs_join(&next, dir, ents[i].name);
		if (*rest != '\0') {
			/* Only directories (or links to them) can continue. */
			fd = resolve(g->rf, next.buf, O_PATH | O_DIRECTORY, 0);
			if (fd < 0)
				continue;
			close(fd);
		}
		glob_walk(g, next.buf, rest);
	}
out:
	rootfs_dirents_free(ents, nents);
	strbuf_release(&next);
	strbuf_release(&comp);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
rootfs_glob(const struct rootfs *rf, const char *pattern, char ***paths,
    size_t *n, struct rp_diag *d)
{
	struct glob_state g = { .rf = rf };

	*paths = NULL;
	*n = 0;
	if (rf->fd < 0)
		return rp_diag_fail(d, RP_EINTERNAL, pattern, 0,
		    "root not open");
	glob_walk(&g, "/", pattern);
	if (g.n > 1)
		qsort(g.v, g.n, sizeof(*g.v), cmp_str);
	*paths = g.v;
	*n = g.n;
	return 0;
}
