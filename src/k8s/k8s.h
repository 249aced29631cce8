/*
 * k8s.h - the Kubernetes target: manifests (files, directories, stdin,
 * multi-document streams, List dumps) checked against BSI APP.4.4.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_K8S_K8S_H
#define RAMPART_K8S_K8S_H

#include <stddef.h>

#include "core/result.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/ynode.h"
#include "util/yload.h"

struct k8s_opts {
	const char *assume_namespace; /* namespace for objects without one */
	int strict;                   /* duplicate keys make a document invalid */
	const struct ynode *config;   /* the k8s: section of rampart.yaml */
	struct yload_limits limits;
};

/* Defaults; assume_namespace comes from $HELM_NAMESPACE when set. */
void k8s_opts_init(struct k8s_opts *o);

/*
 * Scan manifests at paths ("-" is standard input; directories are walked
 * recursively, .yaml/.yml/.json files in byte order, hidden directories
 * skipped, symlinks not followed).  Findings go to r; unreadable inputs
 * become error findings and coverage gaps, and the scan goes on.  Returns 0,
 * or a negative error when nothing could be started (d says why):
 * RP_EINVAL for an unknown setting in the k8s: section of the
 * configuration.
 */
int k8s_scan_paths(char *const *paths, size_t npaths, const struct k8s_opts *o,
    struct result *r, struct rp_diag *d) RP_MUST_CHECK;

/*
 * The same over a memory buffer called name (tests, fuzzing, embedding).
 * Errors: RP_EINVAL for a bad k8s: configuration section.
 */
int k8s_scan_mem(const void *data, size_t len, const char *name,
    const struct k8s_opts *o, struct result *r, struct rp_diag *d)
    RP_MUST_CHECK;

#endif
