/*
 * secret.c - Secrets kept as manifests, StorageClasses without encryption
 * and backup tooling (reference §2.3 L and O; APP.4.4.A2, A5, A20).
 *
 * Secret values never leave this file: findings name the keys only, never
 * a value, not even base64.
 *
 * k8s/backup-solution-missing is judged only when the input holds
 * CustomResourceDefinitions (a cluster export or a platform repository):
 * then a backup tool's CRDs, a Velero Schedule or Backup, or a CronJob
 * taking etcd snapshots should be among the objects.  Without CRDs the
 * scanned manifests say nothing about the cluster's backups, and the rule
 * reports not assessable.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "k8s/check.h"
#include "k8s/index.h"
#include "util/strbuf.h"

#include "util/banned.h"

/* Key names of data and stringData: "tls.crt, tls.key" (never values). */
static size_t
secret_keys(const struct k8s_object *obj, struct strbuf *sb)
{
	static const char *const fields[] = { "data", "stringData" };
	size_t n = 0, i, j;

	for (i = 0; i < 2; i++) {
		const struct ynode *m = ynode_get(obj->root, fields[i]);

		if (m == NULL || m->type != YNODE_MAP)
			continue;
		for (j = 0; j < m->n; j++) {
			if (n < 8)
				strbuf_addf(sb, "%s%s", n ? ", " : "",
				    m->u.pairs[j].key->u.s);
			else if (n == 8)
				strbuf_addstr(sb, ", ...");
			n++;
		}
	}
	return n;
}

static void
secret_in_manifest(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct strbuf keys = STRBUF_INIT;
	const struct ynode *at;
	size_t n;

	n = secret_keys(obj, &keys);
	if (n == 0) {
		k8s_pass(ctx, &obj->ref, RULE_K8S_SECRET_IN_MANIFEST);
		strbuf_release(&keys);
		return;
	}
	at = ynode_get(obj->root, "data");
	if (at == NULL || at->type != YNODE_MAP || at->n == 0)
		at = ynode_get(obj->root, "stringData");
	k8s_fail(ctx, &obj->ref, RULE_K8S_SECRET_IN_MANIFEST, -1, at,
	    at == ynode_get(obj->root, "data") ? "data" : "stringData",
	    k8s_fmt(ctx, "keys: %s", keys.buf),
	    "a SealedSecret, an ExternalSecret or injection by a secret manager",
	    "Secret with %zu value%s kept as a plain manifest (only base64-encoded); keys: %s",
	    n, n == 1 ? "" : "s", keys.buf);
	strbuf_release(&keys);
}

/*
 * Provisioners whose encryption is a StorageClass parameter, and those
 * that always encrypt at rest.
 */
static const struct {
	const char *provisioner;
	const char *param; /* NULL: encrypted at rest by the platform */
	const char *value;
} sc_table[] = {
	{ "ebs.csi.aws.com", "encrypted", "true" },
	{ "kubernetes.io/aws-ebs", "encrypted", "true" },
	{ "rbd.csi.ceph.com", "encrypted", "true" },
	{ "driver.longhorn.io", "encrypted", "true" },
	{ "pd.csi.storage.gke.io", NULL, NULL },
	{ "disk.csi.azure.com", NULL, NULL },
};

static void
storageclass(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	const struct ynode *prov = ynode_get(obj->root, "provisioner");
	const char *p = ynode_str(prov);
	const struct ynode *params = ynode_get(obj->root, "parameters");
	size_t i;

	for (i = 0; p != NULL && i < sizeof(sc_table) / sizeof(sc_table[0]);
	     i++) {
		const char *v;

		if (strcmp(p, sc_table[i].provisioner) != 0)
			continue;
		if (sc_table[i].param == NULL) {
			k8s_pass(ctx, &obj->ref,
			    RULE_K8S_STORAGECLASS_UNENCRYPTED);
			return;
		}
		v = ynode_get_str(params, sc_table[i].param);
		if (v != NULL && strcmp(v, sc_table[i].value) == 0) {
			k8s_pass(ctx, &obj->ref,
			    RULE_K8S_STORAGECLASS_UNENCRYPTED);
			return;
		}
		k8s_fail(ctx, &obj->ref, RULE_K8S_STORAGECLASS_UNENCRYPTED, -1,
		    v != NULL ? ynode_get(params, sc_table[i].param) : prov,
		    k8s_fmt(ctx, "parameters.%s", sc_table[i].param),
		    v != NULL ? v : "unset",
		    k8s_fmt(ctx, "\"%s\"", sc_table[i].value),
		    "provisioner %s creates unencrypted volumes unless parameters.%s is \"%s\"",
		    p, sc_table[i].param, sc_table[i].value);
		return;
	}
	k8s_na(ctx, &obj->ref, RULE_K8S_STORAGECLASS_UNENCRYPTED,
	    k8s_fmt(ctx,
	        "provisioner %s is not in rampart's table of encryption parameters: whether its volumes are encrypted is not assessable from the manifest",
	        p != NULL ? p : "(unset)"));
}

static void
secret_object(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	if (strcmp(obj->group, "") == 0 && strcmp(obj->kind, "Secret") == 0) {
		if (k8s_on(ctx, RULE_K8S_SECRET_IN_MANIFEST))
			secret_in_manifest(ctx, obj);
	} else if ((strcmp(obj->kind, "SealedSecret") == 0 &&
	               strcmp(obj->group, "bitnami.com") == 0) ||
	    (strcmp(obj->kind, "ExternalSecret") == 0 &&
	        strcmp(obj->group, "external-secrets.io") == 0)) {
		/* the expected alternative */
		k8s_pass(ctx, &obj->ref, RULE_K8S_SECRET_IN_MANIFEST);
	} else if (strcmp(obj->group, "storage.k8s.io") == 0 &&
	    strcmp(obj->kind, "StorageClass") == 0 &&
	    k8s_on(ctx, RULE_K8S_STORAGECLASS_UNENCRYPTED)) {
		storageclass(ctx, obj);
	}
}

static void
secret_finish(struct k8s_ctx *ctx)
{
	struct kx_index *x = kx_index(ctx);
	struct finding f;

	if (!k8s_on(ctx, RULE_K8S_BACKUP_SOLUTION_MISSING))
		return;
	if (x->backup_evidence != NULL) {
		k8s_pass(ctx, x->backup_evidence,
		    RULE_K8S_BACKUP_SOLUTION_MISSING);
		return;
	}
	f = k8s_finding(RULE_K8S_BACKUP_SOLUTION_MISSING,
	    x->ncrds == 0 ? STATUS_NA : STATUS_FAIL);
	f.object = "the scanned files";
	if (x->ncrds == 0) {
		f.message =
		    "no CustomResourceDefinitions in the scanned files: the manifests say nothing about the cluster's backup tooling (not assessable; check backups of volumes, cluster state and etcd by hand)";
	} else {
		f.message = k8s_fmt(ctx,
		    "the %zu CustomResourceDefinitions in the scanned files include no backup tool (Velero, OADP, Kasten, Stash, K8up), and no CronJob takes etcd snapshots",
		    x->ncrds);
		f.expected =
		    "a backup operator's CRDs or an etcd snapshot CronJob";
	}
	k8s_add(ctx, NULL, NULL, &f);
}

const struct k8s_check k8s_check_secrets = {
	.name = "secrets",
	.object = secret_object,
	.finish = secret_finish,
};
