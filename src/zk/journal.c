/*
 * journal.c - write and parse the ACL change journal (see journal.h).
 *
 * Writing: every record is built in memory, handed to one write() call
 * (looping only on short writes) and synced, so that a crash leaves at
 * most one incomplete line at the end.  Parsing: every line is checked
 * against its CRC before any field is read; only the last line may be
 * incomplete.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/journal.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xmalloc.h"

#include "util/banned.h"

#define MAX_FIELDS 8

uint32_t
zk_crc32(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint32_t crc = 0xFFFFFFFFu;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= s[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

void
zk_journal_init(struct zk_journal *j)
{
	memset(j, 0, sizeof(*j));
	arena_init(&j->arena, 0);
}

void
zk_journal_release(struct zk_journal *j)
{
	free(j->e);
	arena_release(&j->arena);
	memset(j, 0, sizeof(*j));
}

/* Append s, percent-escaping '%', control bytes and the bytes in extra. */
static void
add_escaped(struct strbuf *sb, const char *s, const char *extra)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '%' || *p < 0x20 || *p == 0x7f ||
		    (extra != NULL && strchr(extra, *p) != NULL)) {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[*p >> 4]);
			strbuf_addch(sb, hex[*p & 15]);
		} else {
			strbuf_addch(sb, *p);
		}
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Decode a percent-escaped field of len bytes into an arena string.  A
 * '%' not followed by two hex digits, or an escaped NUL, is an error;
 * NULL is returned then.
 */
static char *
unescape(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1);
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (i + 2 >= len)
			return NULL;
		if (hexval((unsigned char)s[i + 1]) < 0 ||
		    hexval((unsigned char)s[i + 2]) < 0)
			return NULL;
		out[o] = (char)(hexval((unsigned char)s[i + 1]) * 16 +
		    hexval((unsigned char)s[i + 2]));
		if (out[o] == '\0')
			return NULL;
		o++;
		i += 2;
	}
	out[o] = '\0';
	return out;
}

void
zk_journal_acl_encode(struct strbuf *sb, const struct zk_acl *acl, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		strbuf_addf(sb, "%" PRId32 ":", acl[i].perms);
		add_escaped(sb, acl[i].scheme != NULL ? acl[i].scheme : "",
		    ",:\t");
		strbuf_addch(sb, ':');
		add_escaped(sb, acl[i].id != NULL ? acl[i].id : "", ",:\t");
	}
}

/* Parse a decimal int64 of exactly len bytes (optional '-'). */
static int
parse_i64(const char *s, size_t len, int64_t *out)
{
	int neg = 0;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || len - i > 19)
		return -1;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX + (uint64_t)neg)
		return -1;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static int
parse_i32(const char *s, size_t len, int32_t *out)
{
	int64_t v;

	if (parse_i64(s, len, &v) != 0 || v < INT32_MIN || v > INT32_MAX)
		return -1;
	*out = (int32_t)v;
	return 0;
}

int
zk_journal_acl_decode(const char *s, size_t len, struct arena *a,
    struct zk_acl **acl, size_t *n)
{
	struct zk_acl *v;
	size_t cnt = 1, i, k = 0, start = 0;

	*acl = NULL;
	*n = 0;
	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == ',')
			cnt++;
	v = arena_calloc(a, cnt, sizeof(*v));
	for (i = 0; i <= len; i++) {
		const char *e, *c1, *c2;
		size_t elen;

		if (i < len && s[i] != ',')
			continue;
		e = s + start;
		elen = i - start;
		c1 = memchr(e, ':', elen);
		if (c1 == NULL)
			return RP_EPARSE;
		c2 = memchr(c1 + 1, ':', elen - (size_t)(c1 + 1 - e));
		if (c2 == NULL ||
		    memchr(c2 + 1, ':', elen - (size_t)(c2 + 1 - e)) != NULL)
			return RP_EPARSE;
		if (parse_i32(e, (size_t)(c1 - e), &v[k].perms) != 0 ||
		    v[k].perms < 0 || v[k].perms > ZK_PERM_ALL)
			return RP_EPARSE;
		v[k].scheme = unescape(a, c1 + 1, (size_t)(c2 - c1 - 1));
		v[k].id = unescape(a, c2 + 1, elen - (size_t)(c2 + 1 - e));
		if (v[k].scheme == NULL || v[k].id == NULL ||
		    v[k].scheme[0] == '\0')
			return RP_EPARSE;
		k++;
		start = i + 1;
	}
	*acl = v;
	*n = k;
	return 0;
}

struct field {
	const char *p;
	size_t len;
};

/*
 * Split one line (without its newline) into tab-separated fields and check
 * the CRC in the last one.  Returns the number of fields before the CRC,
 * or -1 if the CRC is missing or wrong.
 */
static int
split_line(const char *line, size_t len, struct field *f, int maxf)
{
	const char *tab = NULL;
	uint32_t want = 0;
	size_t i, start = 0;
	int n = 0;

	for (i = len; i > 0; i--) {
		if (line[i - 1] == '\t') {
			tab = line + i - 1;
			break;
		}
	}
	if (tab == NULL || (size_t)(line + len - tab - 1) != 8)
		return -1;
	for (i = 1; i <= 8; i++) {
		int h = hexval((unsigned char)tab[i]);

		if (h < 0 || (tab[i] >= 'A' && tab[i] <= 'F'))
			return -1;
		want = want << 4 | (uint32_t)h;
	}
	if (zk_crc32(line, (size_t)(tab - line)) != want)
		return -1;
	len = (size_t)(tab - line);
	for (i = 0; i <= len; i++) {
		if (i < len && line[i] != '\t')
			continue;
		if (n == maxf)
			return maxf + 1;
		f[n].p = line + start;
		f[n].len = i - start;
		n++;
		start = i + 1;
	}
	return n;
}

static int
field_is(const struct field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->p, s, f->len) == 0;
}

static struct zk_jentry *
find_seq(struct zk_journal *j, uint64_t seq)
{
	size_t lo = 0, hi = j->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (j->e[mid].seq == seq)
			return &j->e[mid];
		if (j->e[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Parse the fields of one checked record.  0, or a message. */
static const char *
parse_record(struct zk_journal *j, const struct field *f, int nf, long line,
    size_t *cap)
{
	int64_t v;

	if (line == 1) {
		if (nf != 6 || !field_is(&f[0], ZK_JOURNAL_MAGIC))
			return "not a rampart ZooKeeper journal";
		if (parse_i64(f[1].p, f[1].len, &v) != 0 ||
		    v != ZK_JOURNAL_VERSION)
			return "unsupported journal version";
		j->server = unescape(&j->arena, f[2].p, f[2].len);
		j->ids = unescape(&j->arena, f[5].p, f[5].len);
		if (j->server == NULL || j->ids == NULL ||
		    parse_i64(f[3].p, f[3].len, &j->session) != 0 ||
		    parse_i64(f[4].p, f[4].len, &j->started) != 0)
			return "malformed header";
		return NULL;
	}
	if (nf >= 1 && field_is(&f[0], "I")) {
		struct zk_jentry *e;
		int64_t seq;

		if (nf != 7)
			return "intent record: wrong number of fields";
		if (parse_i64(f[1].p, f[1].len, &seq) != 0 || seq <= 0 ||
		    (uint64_t)seq <= j->max_seq)
			return "intent record: sequence number not increasing";
		if (j->n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			j->e = xreallocarray(j->e, *cap, sizeof(*j->e));
		}
		e = &j->e[j->n];
		memset(e, 0, sizeof(*e));
		e->seq = (uint64_t)seq;
		e->line = line;
		e->path = unescape(&j->arena, f[2].p, f[2].len);
		if (e->path == NULL || e->path[0] != '/')
			return "intent record: bad path";
		if (parse_i64(f[3].p, f[3].len, &e->czxid) != 0 ||
		    parse_i32(f[4].p, f[4].len, &e->pre_aversion) != 0)
			return "intent record: bad czxid or ACL version";
		if (zk_journal_acl_decode(f[5].p, f[5].len, &j->arena, &e->pre,
		        &e->npre) != 0 ||
		    zk_journal_acl_decode(f[6].p, f[6].len, &j->arena,
		        &e->target, &e->ntarget) != 0)
			return "intent record: malformed ACL";
		if (e->ntarget == 0)
			return "intent record: empty new ACL";
		j->max_seq = e->seq;
		j->n++;
		return NULL;
	}
	if (nf >= 1 && field_is(&f[0], "R")) {
		struct zk_jentry *e;
		int64_t seq;

		if (nf != 4)
			return "result record: wrong number of fields";
		if (parse_i64(f[1].p, f[1].len, &seq) != 0 || seq <= 0 ||
		    (e = find_seq(j, (uint64_t)seq)) == NULL)
			return "result record for an unknown intent";
		if (e->has_result)
			return "second result record for one intent";
		if (parse_i32(f[2].p, f[2].len, &e->err) != 0 ||
		    parse_i32(f[3].p, f[3].len, &e->post_aversion) != 0)
			return "result record: bad code or ACL version";
		e->has_result = 1;
		return NULL;
	}
	return "unknown record kind";
}

int
zk_journal_parse(struct zk_journal *j, const char *buf, size_t len,
    const char *name, struct rp_diag *d)
{
	struct field f[MAX_FIELDS];
	size_t pos = 0, cap = 0;
	long line = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen = nl != NULL ? (size_t)(nl - (buf + pos))
		                         : len - pos;
		int last = nl == NULL || (size_t)(nl - buf) + 1 == len;
		const char *why;
		int nf;

		line++;
		nf = nl != NULL ? split_line(buf + pos, llen, f, MAX_FIELDS)
		                : -1;
		if (nf < 0 || nf > MAX_FIELDS) {
			if (last && line > 1) {
				j->torn_tail = 1;
				j->torn_line = line;
				break;
			}
			if (line == 1 &&
			    (llen < strlen(ZK_JOURNAL_MAGIC) ||
			        memcmp(buf, ZK_JOURNAL_MAGIC,
			            strlen(ZK_JOURNAL_MAGIC)) != 0))
				return rp_diag_fail(d, RP_EPARSE, name, line,
				    "not a rampart ZooKeeper journal");
			return rp_diag_fail(d, RP_EPARSE, name, line,
			    nl == NULL ? "incomplete header line"
			               : "damaged record (CRC mismatch)");
		}
		if ((why = parse_record(j, f, nf, line, &cap)) != NULL)
			return rp_diag_fail(d, RP_EPARSE, name, line, "%s",
			    why);
		pos += llen + 1;
		j->valid_len = pos;
	}
	if (line == 0)
		return rp_diag_fail(d, RP_EPARSE, name, 0,
		    "empty file, not a journal");
	return 0;
}

int
zk_journal_load(struct zk_journal *j, const char *path, struct rp_diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	ssize_t n;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rp_diag_fail(d, rp_from_errno(errno), path, 0, "%s",
		    strerror(errno));
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (sb.len + (size_t)n > ZK_JOURNAL_MAX_BYTES) {
			close(fd);
			strbuf_release(&sb);
			return rp_diag_fail(d, RP_ELIMIT, path, 0,
			    "journal larger than %llu bytes",
			    (unsigned long long)ZK_JOURNAL_MAX_BYTES);
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	if (n < 0) {
		r = rp_diag_fail(d, rp_from_errno(errno), path, 0, "%s",
		    strerror(errno));
		close(fd);
		strbuf_release(&sb);
		return r;
	}
	close(fd);
	r = zk_journal_parse(j, sb.buf, sb.len, path, d);
	strbuf_release(&sb);
	return r;
}

/* Writing. */

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Finish the line in w->line with its CRC, write and sync it. */
static int
emit(struct zk_jwriter *w, struct rp_diag *d)
{
	uint32_t crc = zk_crc32(w->line.buf, w->line.len);

	strbuf_addf(&w->line, "\t%08" PRIx32 "\n", crc);
	if (write_all(w->fd, w->line.buf, w->line.len) != 0 ||
	    (!w->no_sync && fdatasync(w->fd) != 0))
		return rp_diag_fail(d, RP_EIO, NULL, 0,
		    "cannot write the journal: %s", strerror(errno));
	strbuf_reset(&w->line);
	return 0;
}

/*
 * Hold an exclusive lock on the journal while writing it, so that two
 * runs can never interleave their records in one file.
 */
static int
lock_journal(int fd, const char *path, struct rp_diag *d)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	return rp_diag_fail(d, RP_EEXIST, path, 0,
	    "the journal is in use by another rampart run");
}

static int
sync_dir_of(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int fd, r = 0;

	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir) {
		slash[1] = '\0';
	} else {
		*slash = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		r = -1;
	if (fd >= 0)
		close(fd);
	free(dir);
	return r;
}

int
zk_jwriter_create(struct zk_jwriter *w, const char *path, const char *server,
    int64_t session, int64_t started, const char *ids, struct rp_diag *d)
{
	memset(w, 0, sizeof(*w));
	strbuf_init(&w->line, 256);
	w->next_seq = 1;
	w->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC,
	    0600);
	if (w->fd < 0) {
		int e = errno;

		strbuf_release(&w->line);
		w->fd = -1;
		return rp_diag_fail(d, e == EEXIST ? RP_EEXIST : rp_from_errno(e),
		    path, 0, "%s",
		    e == EEXIST ? "the journal exists already (use --resume to "
		                  "continue it, or choose a new file)"
		                : strerror(e));
	}
	if (lock_journal(w->fd, path, d) != 0) {
		close(w->fd);
		w->fd = -1;
		strbuf_release(&w->line);
		return RP_EEXIST;
	}
	strbuf_addf(&w->line, "%s\t%d\t", ZK_JOURNAL_MAGIC,
	    ZK_JOURNAL_VERSION);
	add_escaped(&w->line, server != NULL ? server : "", "\t");
	strbuf_addf(&w->line, "\t%" PRId64 "\t%" PRId64 "\t", session,
	    started);
	add_escaped(&w->line, ids != NULL ? ids : "", "\t");
	if (emit(w, d) != 0 || fsync(w->fd) != 0 || sync_dir_of(path) != 0) {
		close(w->fd);
		w->fd = -1;
		strbuf_release(&w->line);
		return rp_diag_fail(d, RP_EIO, path, 0,
		    "cannot write or sync the journal");
	}
	return 0;
}

int
zk_jwriter_resume(struct zk_jwriter *w, const char *path,
    const struct zk_journal *j, struct rp_diag *d)
{
	memset(w, 0, sizeof(*w));
	strbuf_init(&w->line, 256);
	w->next_seq = j->max_seq + 1;
	w->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (w->fd < 0) {
		int e = errno;

		strbuf_release(&w->line);
		w->fd = -1;
		return rp_diag_fail(d, rp_from_errno(e), path, 0, "%s",
		    strerror(e));
	}
	if (lock_journal(w->fd, path, d) != 0) {
		close(w->fd);
		w->fd = -1;
		strbuf_release(&w->line);
		return RP_EEXIST;
	}
	if (ftruncate(w->fd, (off_t)j->valid_len) != 0 || fsync(w->fd) != 0) {
		int e = errno;

		close(w->fd);
		w->fd = -1;
		strbuf_release(&w->line);
		return rp_diag_fail(d, RP_EIO, path, 0,
		    "cannot cut the torn last record: %s", strerror(e));
	}
	return 0;
}

int
zk_jwriter_intent(struct zk_jwriter *w, const char *path, int64_t czxid,
    int32_t aversion, const struct zk_acl *pre, size_t npre,
    const struct zk_acl *target, size_t ntarget, uint64_t *seq,
    struct rp_diag *d)
{
	*seq = w->next_seq++;
	strbuf_reset(&w->line);
	strbuf_addf(&w->line, "I\t%" PRIu64 "\t", *seq);
	add_escaped(&w->line, path, "\t");
	strbuf_addf(&w->line, "\t%" PRId64 "\t%" PRId32 "\t", czxid,
	    aversion);
	zk_journal_acl_encode(&w->line, pre, npre);
	strbuf_addch(&w->line, '\t');
	zk_journal_acl_encode(&w->line, target, ntarget);
	return emit(w, d);
}

int
zk_jwriter_result(struct zk_jwriter *w, uint64_t seq, int32_t err,
    int32_t post_aversion, struct rp_diag *d)
{
	strbuf_reset(&w->line);
	strbuf_addf(&w->line, "R\t%" PRIu64 "\t%" PRId32 "\t%" PRId32, seq,
	    err, post_aversion);
	return emit(w, d);
}

int
zk_jwriter_close(struct zk_jwriter *w, struct rp_diag *d)
{
	int r = 0;

	if (w->fd >= 0) {
		if (fsync(w->fd) != 0)
			r = rp_diag_fail(d, RP_EIO, NULL, 0,
			    "cannot sync the journal: %s", strerror(errno));
		if (close(w->fd) != 0 && r == 0)
			r = rp_diag_fail(d, RP_EIO, NULL, 0,
			    "cannot close the journal: %s", strerror(errno));
	}
	w->fd = -1;
	strbuf_release(&w->line);
	return r;
}
