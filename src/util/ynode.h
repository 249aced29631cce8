/*
 * ynode.h - the document tree every YAML or JSON input is loaded into.
 *
 * Nodes live in an arena owned by whoever loaded the document.  Every node
 * keeps the line and column it came from.  Scalars keep their source text;
 * their meaning (null, bool, int, string) is resolved on demand with the
 * YAML 1.1 rules Kubernetes' own decoder applies, so `hostPID: yes` is true
 * and a quoted "true" is a string that can be coerced with a diagnostic.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_YNODE_H
#define RAMPART_UTIL_YNODE_H

#include <stddef.h>
#include <stdint.h>

enum ynode_type {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};

enum ynode_flag {
	YNODE_QUOTED = 1 << 0,    /* quoted or block scalar: always a string */
	YNODE_TAG_STR = 1 << 1,   /* !!str */
	YNODE_TAG_INT = 1 << 2,   /* !!int */
	YNODE_TAG_BOOL = 1 << 3,  /* !!bool */
	YNODE_TAG_NULL = 1 << 4,  /* !!null */
	YNODE_TAG_FLOAT = 1 << 5, /* !!float */
	YNODE_TAG_OTHER = 1 << 6, /* a tag rampart does not interpret */
	YNODE_BUILDING = 1 << 7,  /* loader-internal: not complete yet */
	YNODE_ANCHORED = 1 << 8,  /* carries an anchor that aliases use */
	YNODE_MERGED = 1 << 9,    /* map had merge keys resolved */
};

struct ynode;

struct ypair {
	struct ynode *key; /* always a scalar */
	struct ynode *val;
};

struct ynode {
	uint8_t type;   /* enum ynode_type */
	uint16_t flags; /* enum ynode_flag */
	uint32_t line;  /* 1-based */
	uint32_t col;   /* 1-based, in characters */
	uint32_t n;     /* scalar length in bytes, or number of items/pairs */
	uint32_t size; /* nodes in this subtree, aliases expanded (saturates) */
	union {
		const char *s; /* NUL-terminated scalar text */
		struct ynode **items;
		struct ypair *pairs;
	} u;
};

/* How a scalar resolves under Kubernetes' YAML 1.1 rules. */
enum yscalar_kind {
	YS_NULL,
	YS_BOOL,
	YS_INT,
	YS_FLOAT,
	YS_STR,
};

/* What a typed accessor found. */
enum yget {
	YGET_UNSET = 0,   /* absent or null: "unset" for every rule */
	YGET_OK = 1,      /* the expected type */
	YGET_YAML11 = 2,  /* ok, but a YAML 1.1-only spelling (yes/on/0644) */
	YGET_COERCED = 3, /* wrong type (e.g. "true" quoted) but coercible */
	YGET_INVALID = 4, /* wrong type and not coercible */
};

enum yscalar_kind ynode_kind(const struct ynode *n);

/* Scalar text, or NULL when n is NULL or not a scalar. */
const char *ynode_str(const struct ynode *n);

/* True for absent nodes and scalars that resolve to null. */
int ynode_is_null(const struct ynode *n);

/* Value of key in map n (the last one wins), or NULL. */
struct ynode *ynode_get(const struct ynode *n, const char *key);

/*
 * Follow a dotted path of keys ("spec.template.spec").  Keys that contain
 * dots must be looked up with ynode_get().  Returns NULL when any step is
 * missing or not a map; an empty path returns n itself.
 */
struct ynode *ynode_path(const struct ynode *n, const char *path);

/* Item i of sequence n, or NULL. */
struct ynode *ynode_item(const struct ynode *n, size_t i);

/* Number of items of a sequence or pairs of a map; 0 otherwise. */
size_t ynode_len(const struct ynode *n);

/* Scalar string value of key in map n, or NULL (null counts as NULL). */
const char *ynode_get_str(const struct ynode *n, const char *key);

/* Resolve n as a boolean (see enum yget). */
enum yget ynode_bool(const struct ynode *n, int *out /* OUT */);

/* Resolve n as an integer (decimal, 0x, 0o, 0b, YAML 1.1 octal, _). */
enum yget ynode_int(const struct ynode *n, long long *out /* OUT */);

/* Parse s with the YAML 1.1 integer rules; 0 on success. */
int yscalar_parse_int(const char *s, long long *out /* OUT */,
    int *yaml11 /* OUT */);

/* Parse s with the YAML 1.1 boolean rules; 0 on success. */
int yscalar_parse_bool(const char *s, int *out /* OUT */,
    int *yaml11 /* OUT */);

#endif
