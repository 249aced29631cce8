/*
 * shenv.h - shell variable assignments read without running a shell.
 *
 * ZooKeeper's JVM flags come from shell fragments that its start scripts
 * source: Debian's /etc/zookeeper/conf/environment and /etc/default/
 * zookeeper, upstream's conf/zookeeper-env.sh and conf/java.env.  rampart
 * never executes them.  It understands the part of POSIX sh these files
 * use: NAME=WORD assignments (optionally after export, several per line),
 * single and double quotes, backslash escapes and line continuations,
 * $NAME, ${NAME}, ${NAME-word} and ${NAME:-word}; assignments inside
 * if/then/else branches are taken as if the branch ran.  Command
 * substitutions and other expansions are kept as literal text and the
 * variable is marked unevaluated.  Other commands are skipped and counted.
 *
 * Every piece of a value remembers the file and line that contributed it,
 * so a -D flag assembled over several files (JAVA_OPTS="$JAVA_OPTS -D...")
 * is reported where it was written.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_SHENV_H
#define RAMPART_ZK_SHENV_H

#include <stddef.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"

#define ZK_SHENV_MAX_VALUE ((size_t)1 << 20) /* bytes of one value */
#define ZK_SHENV_MAX_VARS  10000

/* A run of a variable's value and where it was written. */
struct zk_shpiece {
	const char *text; /* from the arena, not NUL-terminated */
	size_t len;
	const char *file; /* borrowed from the parse call's arena copy */
	unsigned line;
};

enum zk_shvar_flag {
	ZK_SHVAR_UNEVALUATED = 1 << 0, /* holds $(...), `...` or ${x...} */
	ZK_SHVAR_CONDITIONAL = 1 << 1, /* assigned inside if/case/loop */
};

struct zk_shvar {
	const char *name;
	struct zk_shpiece *p;
	size_t np, alloc;
	size_t len;       /* total bytes */
	const char *file; /* last assignment */
	unsigned line;
	unsigned flags; /* enum zk_shvar_flag */
};

struct zk_shenv {
	struct arena *a; /* borrowed: strings live there */
	struct zk_shvar *v;
	size_t n, alloc;
	unsigned skipped; /* commands that were not assignments */
};

/* A word of a value after field splitting. */
struct zk_shword {
	const char *text; /* NUL-terminated, from the arena */
	const char *file;
	unsigned line;
};

void zk_shenv_init(struct zk_shenv *e, struct arena *a);
void zk_shenv_release(struct zk_shenv *e);

/*
 * Run the assignments of data (len bytes, file names it in diagnostics)
 * against e, as `. file` would.  An unterminated quote or substitution is
 * RP_EPARSE with the line where it started (the assignments before it are
 * kept, as the shell would have run them); a value over
 * ZK_SHENV_MAX_VALUE or too many variables is RP_ELIMIT.
 */
int zk_shenv_parse(struct zk_shenv *e, const char *data, size_t len,
    const char *file, struct rp_diag *d) RP_MUST_CHECK;

/* The variable, or NULL when it was never assigned. */
const struct zk_shvar *zk_shenv_get(const struct zk_shenv *e, const char *name);

/* The whole value, NUL-terminated, from the arena ("" for NULL v). */
const char *zk_shvar_value(const struct zk_shvar *v, struct arena *a);

/*
 * Split the value into words at blanks and newlines, as an unquoted
 * expansion is split.  *out is an array of the words (allocated with
 * xmalloc, caller frees the array; the strings live in a).  Returns the
 * number of words.
 */
size_t zk_shvar_split(const struct zk_shvar *v, struct arena *a,
    struct zk_shword **out /* OUT */);

#endif
