/*
 * check-images.c - image references (APP.4.4.A12, supporting; reference
 * §2.3 I): mutable tags, digest pinning, and registries outside the
 * allow-list of rampart.yaml (k8s: registries: [...]).  All container
 * classes are checked.
 *
 * Reference grammar: [registry[:port]/]path[:tag][@digest].  The first
 * path component is a registry when it contains '.' or ':' or is
 * "localhost"; otherwise the registry is docker.io, and single-component
 * names live under library/.
 *
 * SPDX-License-Identifier: MIT
 */
#include <fnmatch.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/wl.h"

#include "util/banned.h"

static const enum rule_id image_rules[] = {
	RULE_K8S_IMAGE_TAG_MUTABLE,
	RULE_K8S_IMAGE_NOT_DIGEST_PINNED,
	RULE_K8S_IMAGE_REGISTRY_NOT_ALLOWED,
};

struct image_ref {
	const char *registry; /* normalised: docker.io for Docker Hub */
	const char *repo;     /* library/nginx */
	const char *tag;      /* NULL when absent */
	const char *digest;   /* NULL when absent */
};

/* Split ref into its parts (strings in the scratch arena). */
static void
image_parse(struct k8s_ctx *ctx, const char *ref, struct image_ref *out)
{
	const char *at = strchr(ref, '@'), *slash, *colon, *name;
	size_t len = at != NULL ? (size_t)(at - ref) : strlen(ref);
	char *s = arena_strndup(ctx->scratch, ref, len);
	char *first_slash;

	memset(out, 0, sizeof(*out));
	if (at != NULL)
		out->digest = at + 1;
	slash = strrchr(s, '/');
	colon = strrchr(s, ':');
	if (colon != NULL && (slash == NULL || colon > slash)) {
		out->tag = colon + 1;
		s[colon - s] = '\0';
	}
	first_slash = strchr(s, '/');
	name = s;
	if (first_slash != NULL) {
		size_t n = (size_t)(first_slash - s);

		if (memchr(s, '.', n) != NULL || memchr(s, ':', n) != NULL ||
		    (n == 9 && memcmp(s, "localhost", 9) == 0)) {
			*first_slash = '\0';
			out->registry = s;
			name = first_slash + 1;
		}
	}
	if (out->registry == NULL ||
	    strcmp(out->registry, "index.docker.io") == 0 ||
	    strcmp(out->registry, "registry-1.docker.io") == 0)
		out->registry = "docker.io";
	if (strcmp(out->registry, "docker.io") == 0 &&
	    strchr(name, '/') == NULL)
		out->repo = k8s_fmt(ctx, "library/%s", name);
	else
		out->repo = name;
}

/* Does the allow-list entry match registry/repo? */
static int
allowed_by(const char *entry, const struct image_ref *r, const char *full)
{
	size_t n = strlen(entry);

	while (n > 0 && entry[n - 1] == '/')
		n--;
	if (strlen(r->registry) == n && strncmp(entry, r->registry, n) == 0)
		return 1;
	if (strncmp(full, entry, n) == 0 && (full[n] == '/' || full[n] == '\0'))
		return 1;
	return fnmatch(entry, full, 0) == 0 ||
	    fnmatch(entry, r->registry, 0) == 0;
}

struct image_state {
	int loaded;
	const char **allow; /* k8s: registries: */
	size_t nallow;
};

static void
image_object(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	struct image_state *st;
	struct wl_verdicts w;
	struct k8s_citer it;
	struct k8s_container c;
	size_t nallow, i;
	const char **allow;

	if (o->pod_spec == NULL)
		return;
	st = k8s_state(ctx, "images", sizeof(*st));
	if (!st->loaded) {
		st->allow = k8s_config_strv(ctx, "registries", &st->nallow);
		st->loaded = 1;
	}
	allow = st->allow;
	nallow = st->nallow;
	wl_begin(&w, image_rules, ARRAY_SIZE(image_rules));
	k8s_citer_init(&it, o, K8S_C_ALL);
	while (k8s_citer_next(&it, &c)) {
		const struct ynode *img = ynode_get(c.node, "image");
		const char *ref = wl_str(img), *path;
		struct image_ref r;
		const char *full;

		if (ref == NULL || ref[0] == '\0')
			continue; /* the schema rules report a missing image */
		path = k8s_cpath(o, &c, "image");
		image_parse(ctx, ref, &r);
		full = k8s_fmt(ctx, "%s/%s", r.registry, r.repo);
		wl_eval(&w, RULE_K8S_IMAGE_TAG_MUTABLE);
		if (r.digest == NULL &&
		    (r.tag == NULL || strcmp(r.tag, "latest") == 0))
			wl_fail(&w, ctx, &o->ref, RULE_K8S_IMAGE_TAG_MUTABLE,
			    -1, img, path, ref,
			    "a version tag or an @sha256 digest",
			    r.tag == NULL ?
			        "%s %s: image %s has no tag, so it means :latest and changes with every push" :
			        "%s %s: image %s uses the moving tag latest",
			    k8s_cclass_name(c.cls), c.name, ref);
		wl_eval(&w, RULE_K8S_IMAGE_NOT_DIGEST_PINNED);
		if (r.digest == NULL || strncmp(r.digest, "sha256:", 7) != 0)
			wl_fail(&w, ctx, &o->ref,
			    RULE_K8S_IMAGE_NOT_DIGEST_PINNED, -1, img, path,
			    ref, "name@sha256:DIGEST",
			    "%s %s: image %s is not pinned by digest",
			    k8s_cclass_name(c.cls), c.name, ref);
		wl_eval(&w, RULE_K8S_IMAGE_REGISTRY_NOT_ALLOWED);
		if (strcmp(r.registry, "k8s.gcr.io") == 0) {
			wl_fail(&w, ctx, &o->ref,
			    RULE_K8S_IMAGE_REGISTRY_NOT_ALLOWED, -1, img, path,
			    r.registry, "registry.k8s.io",
			    "%s %s: image %s comes from the frozen k8s.gcr.io registry, which gets no updates",
			    k8s_cclass_name(c.cls), c.name, ref);
			continue;
		}
		if (nallow == 0)
			continue;
		for (i = 0; i < nallow; i++)
			if (allowed_by(allow[i], &r, full))
				break;
		if (i == nallow)
			wl_fail(&w, ctx, &o->ref,
			    RULE_K8S_IMAGE_REGISTRY_NOT_ALLOWED, -1, img, path,
			    full,
			    "a registry of k8s: registries: in rampart.yaml",
			    "%s %s: image %s comes from %s, which is not on the allow-list",
			    k8s_cclass_name(c.cls), c.name, ref, r.registry);
	}
	wl_end(&w, ctx, &o->ref);
}

static const char *const images_keys[] = { "registries", NULL };

const struct k8s_check k8s_check_images = {
	.name = "images",
	.object = image_object,
	.config_keys = images_keys,
};
