/*
 * yload.h - streaming loader for YAML and JSON documents (the libyaml
 * wrapper; no other module calls libyaml).
 *
 * The input is split into documents before libyaml sees it: a column-0
 * `---` (or a directive after content) starts a new document, and a JSON
 * stream (`{...}{...}` as jq -c writes it) is split where the brackets
 * balance.  Each document gets a fresh parser, so a broken document is an
 * error for that document only and loading continues with the next one.
 * Top-level `items:` sequences (kubectl List dumps) are streamed: every item
 * is handed out as a document of its own as soon as it is complete, so a
 * huge dump needs memory for one item at a time.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_YLOAD_H
#define RAMPART_UTIL_YLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/ynode.h"

struct yload_limits {
	uint64_t max_input; /* bytes in the whole input; 0 = 256 MiB */
	uint64_t max_doc;   /* bytes in one document (not a List); 16 MiB */
	unsigned max_depth; /* nesting; 256 */
	size_t max_scalar;  /* bytes in one scalar; 16 MiB */
	uint32_t max_nodes; /* nodes per document, aliases expanded; 4M */
	int stream_items;   /* hand out items[] of Lists one by one */
};

enum ydiag_kind {
	YDIAG_DUPLICATE_KEY, /* line = the key kept, line2 = the one dropped */
	YDIAG_UNKNOWN_TAG,
	YDIAG_YAML12_DIRECTIVE,
	YDIAG_ITEMS_NOT_LIST, /* items[] was streamed but kind is no List */
	YDIAG_BOM_INSIDE,
};

/* What went wrong with a document yload_next() returned an error for. */
enum yload_err {
	YERR_NONE,
	YERR_SYNTAX,   /* YAML or JSON syntax */
	YERR_TEMPLATE, /* syntax error in a document holding {{ ... }} */
	YERR_BINARY,   /* NUL byte near the start: not a text file */
	YERR_ENCODING, /* UTF-32, broken UTF-16, invalid UTF-8 */
	YERR_LIMIT,    /* size, depth, node or alias budget */
	YERR_TAG,      /* a tag Kubernetes cannot decode (!!binary) */
	YERR_IO,       /* read error */
};

struct ydiag {
	struct ydiag *next;
	enum ydiag_kind kind;
	uint32_t line, col, line2;
	const char *msg; /* arena */
};

struct ydoc {
	struct ynode *root;           /* never NULL when yload_next returns 1 */
	const char *name;             /* input name (borrowed from yload) */
	uint32_t index;               /* 1-based document number */
	int32_t item;                 /* index in a List's items[], or -1 */
	uint32_t line;                /* first line of the document */
	const char *list_kind;        /* kind of the enclosing List, if known */
	const char *list_api_version; /* its apiVersion, if known */
	const char *source;           /* last "# Source:" comment, or NULL */
	struct ydiag *diags;          /* warnings, allocated in the arena */
};

struct yload;

/* Defaults for every zero field of lim (lim may be NULL). */
void yload_limits_default(struct yload_limits *lim);

/*
 * Open path for loading (NULL or "-" reads standard input).  name is what
 * diagnostics and findings call the input.  Errors: RP_ENOENT, RP_EACCES,
 * RP_EIO (d says which file).  The caller frees *out with yload_free().
 */
int yload_open(struct yload **out /* OUT */, const char *path, const char *name,
    const struct yload_limits *lim, struct rp_diag *d) RP_MUST_CHECK;

/* The same over a memory buffer (copied). */
int yload_open_mem(struct yload **out /* OUT */, const void *data, size_t len,
    const char *name, const struct yload_limits *lim) RP_MUST_CHECK;

void yload_free(struct yload *y);

/*
 * Load the next document into arena a.  Returns 1 and fills doc, 0 at the
 * end of the input, or a negative error for one document (d has file, line
 * and message); after such an error the next call continues with the next
 * document.  Once a read error or the input limit is hit, later calls
 * return 0.  The arena may be reset between calls.
 */
int yload_next(struct yload *y, struct arena *a, struct ydoc *doc /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/* Documents that were empty or held only comments (skipped silently). */
uint32_t yload_empty_docs(const struct yload *y);

/* True when the input looked binary (NUL in its first 8 KiB); no docs. */
int yload_is_binary(const struct yload *y);

/* Kind of the error of the last yload_next() call (YERR_NONE after 1/0). */
enum yload_err yload_last_error(const struct yload *y);

/* "UTF-16LE" or "UTF-16BE" when the input was transcoded, else NULL. */
const char *yload_encoding(const struct yload *y);

/*
 * True when the n bytes at s hold Helm template source: "{{" followed by
 * a Helm built-in object or function ({{ .Values.x }}, {{- include "..." }},
 * {{ toYaml ... }}).  Rendered manifests legitimately contain other {{ }}
 * text (Prometheus alert templates, Argo Workflows parameters).
 */
int yload_helm_template(const char *s, size_t n);

/* Version string of the libyaml rampart runs with. */
const char *yload_library_version(void);

#endif
