/*
 * config.h - the configuration file (rampart.yaml).
 *
 *   level: standard            # basic | standard | elevated
 *   fail-on: medium            # info | low | medium | high | critical | none
 *   only: ["k8s/host-*"]        # rule globs
 *   skip: ["k8s/probe-*"]
 *   waivers:
 *     - rule: k8s/host-pid
 *       subject: "DaemonSet kube-system/node-exporter"
 *       justification: node exporter reads host processes
 *       expires: 2027-03-31
 *   k8s: { ... }  zk: { ... }  host: { ... }   # read by each target
 *
 * Command-line options win over the file.  Unknown keys are errors, so a
 * typo cannot silently turn a setting off.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CORE_CONFIG_H
#define RAMPART_CORE_CONFIG_H

#include "core/result.h"
#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/ynode.h"

struct config {
	struct arena arena;
	struct ynode *root; /* NULL when no file was loaded */
	char *path;
};

/* Options the command line already set (the file does not override). */
enum config_cli_set {
	CLI_SET_LEVEL = 1 << 0,
	CLI_SET_FAIL_ON = 1 << 1,
	CLI_SET_ONLY = 1 << 2,
	CLI_SET_SKIP = 1 << 3,
};

void config_init(struct config *c);
void config_release(struct config *c);

/*
 * Load path.  Errors (unreadable file, broken YAML, unknown key, bad value)
 * return RP_E* with file and line in d.
 */
int config_load(struct config *c, const char *path, struct rp_diag *d)
    RP_MUST_CHECK;

/* The mapping under a top-level key ("k8s", "zk", "host"), or NULL. */
const struct ynode *config_section(const struct config *c, const char *name);

/* Apply level, fail-on, only and skip unless cli_set says otherwise. */
int config_apply_policy(const struct config *c, struct policy *p,
    unsigned cli_set, struct rp_diag *d) RP_MUST_CHECK;

/* Append the file's waivers to the result. */
int config_apply_waivers(const struct config *c, struct result *r,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Read a list of strings (a sequence of scalars, or one scalar) at key of
 * map; *out is allocated (caller frees each and the array).
 */
int config_strv(const struct config *c, const struct ynode *map,
    const char *key, char ***out, size_t *n, struct rp_diag *d)
    RP_MUST_CHECK;

#endif
