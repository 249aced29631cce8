/*
 * k8s-gen.c - write a large, realistic multi-document manifest stream for
 * bench/k8s/run.sh: Deployments, StatefulSets, CronJobs, Services,
 * ConfigMaps, ServiceAccounts, Roles, RoleBindings and NetworkPolicies
 * spread over namespaces, with a mix of hardened and sloppy workloads as
 * found in real repositories.  Deterministic: the same N gives the same
 * bytes.
 *
 *   k8s-gen N > corpus.yaml
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include "util/banned.h"

static unsigned long long rng = 88172645463325252ULL;

static unsigned
next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const namespaces[] = {
	"shop",
	"payments",
	"search",
	"billing",
	"identity",
	"catalog",
	"orders",
	"shipping",
	"analytics",
	"reporting",
	"ingest",
	"media",
	"notifications",
	"recommendations",
	"inventory",
	"support",
	"auth",
	"gateway",
	"kafka",
	"monitoring",
};

static void
deployment(unsigned i, const char *ns, int hardened, const char *kind)
{
	printf("---\n# Source: %s/templates/%s.yaml\n", ns, kind);
	printf(
	    "apiVersion: apps/v1\nkind: %s\nmetadata:\n  name: svc-%u\n"
	    "  namespace: %s\n  labels:\n    app.kubernetes.io/name: svc-%u\n"
	    "    app.kubernetes.io/part-of: %s\n    app.kubernetes.io/version: \"1.%u.%u\"\n",
	    kind, i, ns, i, ns, next(30), next(10));
	printf(
	    "  annotations:\n    deployment.kubernetes.io/revision: \"%u\"\n",
	    1 + next(40));
	printf("spec:\n  replicas: %u\n  selector:\n    matchLabels:\n"
	       "      app.kubernetes.io/name: svc-%u\n",
	    1 + next(4), i);
	if (kind[0] == 'S')
		printf("  serviceName: svc-%u\n", i);
	printf("  template:\n    metadata:\n      labels:\n"
	       "        app.kubernetes.io/name: svc-%u\n"
	       "        app.kubernetes.io/part-of: %s\n",
	    i, ns);
	printf("    spec:\n");
	if (hardened) {
		printf(
		    "      serviceAccountName: svc-%u\n"
		    "      automountServiceAccountToken: false\n"
		    "      securityContext:\n        runAsNonRoot: true\n"
		    "        runAsUser: %u\n        fsGroup: %u\n"
		    "        seccompProfile:\n          type: RuntimeDefault\n",
		    i, 10000 + next(1000), 10000 + next(1000));
		printf(
		    "      affinity:\n        podAntiAffinity:\n"
		    "          preferredDuringSchedulingIgnoredDuringExecution:\n"
		    "          - weight: 100\n            podAffinityTerm:\n"
		    "              topologyKey: topology.kubernetes.io/zone\n"
		    "              labelSelector:\n                matchLabels:\n"
		    "                  app.kubernetes.io/name: svc-%u\n",
		    i);
	}
	printf("      containers:\n      - name: app\n"
	       "        image: registry.example.com/%s/svc-%u:%u.%u.%u\n",
	    ns, i, next(5), next(20), next(50));
	printf("        imagePullPolicy: IfNotPresent\n        ports:\n"
	       "        - name: http\n          containerPort: 8080\n"
	       "          protocol: TCP\n");
	printf(
	    "        env:\n        - name: LOG_LEVEL\n          value: info\n"
	    "        - name: SERVICE_NAME\n          value: svc-%u\n",
	    i);
	if (next(4) == 0)
		printf("        - name: DB_PASSWORD\n          valueFrom:\n"
		       "            secretKeyRef:\n              name: db-%u\n"
		       "              key: password\n",
		    i);
	if (hardened || next(2)) {
		printf("        resources:\n          requests:\n"
		       "            cpu: %um\n            memory: %uMi\n"
		       "          limits:\n            cpu: \"%u\"\n"
		       "            memory: %uMi\n",
		    50 * (1 + next(8)), 64 * (1 + next(8)), 1 + next(2),
		    128 * (1 + next(8)));
		printf("        livenessProbe:\n          httpGet:\n"
		       "            path: /healthz\n            port: http\n"
		       "          periodSeconds: 20\n        readinessProbe:\n"
		       "          httpGet:\n            path: /ready\n"
		       "            port: http\n          periodSeconds: 5\n");
	}
	if (hardened)
		printf("        securityContext:\n"
		       "          allowPrivilegeEscalation: false\n"
		       "          readOnlyRootFilesystem: true\n"
		       "          capabilities:\n            drop: [\"ALL\"]\n"
		       "        volumeMounts:\n        - name: tmp\n"
		       "          mountPath: /tmp\n      volumes:\n"
		       "      - name: tmp\n        emptyDir: {}\n");
	else if (next(10) == 0)
		printf("        securityContext:\n          privileged: true\n"
		       "      hostNetwork: true\n");
}

static void
cronjob(unsigned i, const char *ns)
{
	printf(
	    "---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n"
	    "  name: job-%u\n  namespace: %s\nspec:\n"
	    "  schedule: \"%u %u * * *\"\n  concurrencyPolicy: Forbid\n"
	    "  jobTemplate:\n    spec:\n      backoffLimit: 2\n"
	    "      template:\n        spec:\n"
	    "          restartPolicy: OnFailure\n"
	    "          serviceAccountName: svc-%u\n"
	    "          containers:\n          - name: job\n"
	    "            image: registry.example.com/%s/job-%u:2.%u.0\n"
	    "            args: [\"--mode\", \"nightly\", \"--batch\", \"%u\"]\n"
	    "            resources:\n              requests: {cpu: 100m, memory: 128Mi}\n"
	    "              limits: {cpu: \"1\", memory: 512Mi}\n",
	    i, ns, next(60), next(24), i, ns, i, next(9), next(1000));
}

static void
service(unsigned i, const char *ns)
{
	printf(
	    "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%u\n"
	    "  namespace: %s\n  labels:\n    app.kubernetes.io/name: svc-%u\n"
	    "spec:\n  type: ClusterIP\n  selector:\n"
	    "    app.kubernetes.io/name: svc-%u\n  ports:\n  - name: http\n"
	    "    port: 80\n    targetPort: http\n    protocol: TCP\n",
	    i, ns, i, i);
}

static void
configmap(unsigned i, const char *ns)
{
	unsigned k, n = 3 + next(8);

	printf("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n"
	       "  name: svc-%u-config\n  namespace: %s\ndata:\n",
	    i, ns);
	for (k = 0; k < n; k++)
		printf("  setting_%u: \"value-%u-%u\"\n", k, i, next(100000));
	printf("  application.properties: |\n    server.port=8080\n"
	       "    spring.datasource.url=jdbc:postgresql://db-%u.%s:5432/app\n"
	       "    management.endpoints.web.exposure.include=health,info\n",
	    i, ns);
}

static void
rbac(unsigned i, const char *ns)
{
	printf(
	    "---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n"
	    "  name: svc-%u\n  namespace: %s\nautomountServiceAccountToken: false\n",
	    i, ns);
	printf("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
	       "metadata:\n  name: svc-%u\n  namespace: %s\nrules:\n"
	       "- apiGroups: [\"\"]\n  resources: [\"configmaps\"]\n"
	       "  verbs: [\"get\", \"list\", \"watch\"]\n",
	    i, ns);
	printf(
	    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n"
	    "metadata:\n  name: svc-%u\n  namespace: %s\nroleRef:\n"
	    "  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n"
	    "  name: svc-%u\nsubjects:\n- kind: ServiceAccount\n"
	    "  name: svc-%u\n  namespace: %s\n",
	    i, ns, i, i, ns);
}

static void
netpol(unsigned i, const char *ns)
{
	printf("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
	       "metadata:\n  name: svc-%u\n  namespace: %s\nspec:\n"
	       "  podSelector:\n    matchLabels:\n"
	       "      app.kubernetes.io/name: svc-%u\n"
	       "  policyTypes: [Ingress]\n  ingress:\n  - from:\n"
	       "    - podSelector:\n        matchLabels:\n"
	       "          app.kubernetes.io/name: gateway\n    ports:\n"
	       "    - protocol: TCP\n      port: 8080\n",
	    i, ns, i);
}

/*
 * One application of namespace ns: the shape a Helm chart renders (service
 * account, config, workload, Service, RBAC, NetworkPolicy), then on its
 * own a CronJob now and then.  Returns the number of documents written.
 */
static unsigned long
application(unsigned i, const char *ns)
{
	unsigned long docs = 0;
	int hardened = next(3) != 0;

	if (hardened) {
		rbac(i, ns);
		docs += 3;
	}
	configmap(i, ns);
	docs++;
	deployment(i, ns, hardened,
	    next(6) == 0 ? "StatefulSet" : "Deployment");
	docs++;
	service(i, ns);
	docs++;
	if (next(10) < 7) {
		netpol(i, ns);
		docs++;
	}
	if (next(5) == 0) {
		cronjob(i, ns);
		docs++;
	}
	return docs;
}

int
main(int argc, char **argv)
{
	unsigned long n, docs = 0;
	unsigned i = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: k8s-gen DOCUMENTS\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	while (docs < n) {
		const char *ns = namespaces[next(
		    sizeof(namespaces) / sizeof(namespaces[0]))];

		docs += application(++i, ns);
	}
	return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}
