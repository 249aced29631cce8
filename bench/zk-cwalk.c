/*
 * zk-cwalk.c - the peer for bench/zk: a pipelined tree walk written with
 * ZooKeeper's official C client (libzookeeper_mt), doing what `rampart zk
 * walk` does: getACL for every znode, getChildren where numChildren > 0,
 * at most WINDOW requests outstanding.
 *
 *   zk-cwalk HOST:PORT [WINDOW [SCHEME:CREDENTIAL]]
 *
 * Prints "nodes N errors E seconds S" on stdout.
 *
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zookeeper/zookeeper.h>

#include "util/banned.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static char **queue;
static size_t qlen, qcap;
static long outstanding, nodes, errors;
static int connected, auth_done, auth_rc;
static zhandle_t *zh;

static void
push(char *path)
{
	if (qlen == qcap) {
		qcap = qcap ? qcap * 2 : 1024;
		queue = realloc(queue, qcap * sizeof(*queue));
		if (queue == NULL)
			abort();
	}
	queue[qlen++] = path;
}

static void
watcher(zhandle_t *z, int type, int state, const char *path, void *ctx)
{
	(void)z;
	(void)path;
	(void)ctx;
	if (type == ZOO_SESSION_EVENT && state == ZOO_CONNECTED_STATE) {
		pthread_mutex_lock(&mu);
		connected = 1;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
	}
}

static void
auth_cb(int rc, const void *data)
{
	(void)data;
	pthread_mutex_lock(&mu);
	auth_done = 1;
	auth_rc = rc;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void
children_cb(int rc, const struct String_vector *names, const void *data)
{
	char *parent = (char *)(uintptr_t)data;
	size_t plen = strlen(parent);
	int i;

	pthread_mutex_lock(&mu);
	if (rc != ZOK) {
		errors++;
	} else {
		for (i = 0; i < names->count; i++) {
			size_t n = strlen(names->data[i]);
			char *p = malloc(plen + n + 2);

			if (p == NULL)
				abort();
			if (plen == 1)
				snprintf(p, plen + n + 2, "/%s", names->data[i]);
			else
				snprintf(p, plen + n + 2, "%s/%s", parent,
				    names->data[i]);
			push(p);
		}
	}
	outstanding--;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	free(parent);
}

static void
acl_cb(int rc, struct ACL_vector *acl, struct Stat *stat, const void *data)
{
	char *path = (char *)(uintptr_t)data;

	(void)acl;
	pthread_mutex_lock(&mu);
	if (rc != ZOK) {
		errors++;
	} else {
		nodes++;
		if (stat->numChildren > 0) {
			outstanding++;
			pthread_mutex_unlock(&mu);
			if (zoo_aget_children(zh, path, 0, children_cb, path) !=
			    ZOK) {
				pthread_mutex_lock(&mu);
				outstanding--;
				errors++;
				free(path);
			} else {
				pthread_mutex_lock(&mu);
			}
			path = NULL;
		}
	}
	outstanding--;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	free(path);
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	long window = argc > 2 ? strtol(argv[2], NULL, 10) : 128;
	char *root;

	if (argc < 2) {
		fprintf(stderr, "usage: zk-cwalk HOST:PORT [WINDOW [AUTH]]\n");
		return 2;
	}
	zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
	zh = zookeeper_init(argv[1], watcher, 30000, NULL, NULL, 0);
	if (zh == NULL)
		return 1;
	pthread_mutex_lock(&mu);
	while (!connected)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	if (argc > 3) {
		const char *colon = strchr(argv[3], ':');
		char scheme[64];

		if (colon == NULL || (size_t)(colon - argv[3]) >= sizeof(scheme))
			return 2;
		memcpy(scheme, argv[3], (size_t)(colon - argv[3]));
		scheme[colon - argv[3]] = '\0';
		zoo_add_auth(zh, scheme, colon + 1, (int)strlen(colon + 1),
		    auth_cb, NULL);
		pthread_mutex_lock(&mu);
		while (!auth_done)
			pthread_cond_wait(&cv, &mu);
		pthread_mutex_unlock(&mu);
		if (auth_rc != ZOK)
			return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	root = strdup("/");
	pthread_mutex_lock(&mu);
	push(root);
	while (qlen > 0 || outstanding > 0) {
		while (qlen > 0 && outstanding < window) {
			char *p = queue[--qlen];

			outstanding++;
			pthread_mutex_unlock(&mu);
			if (zoo_aget_acl(zh, p, acl_cb, p) != ZOK) {
				pthread_mutex_lock(&mu);
				outstanding--;
				errors++;
				free(p);
			} else {
				pthread_mutex_lock(&mu);
			}
		}
		if (qlen == 0 || outstanding >= window)
			pthread_cond_wait(&cv, &mu);
	}
	pthread_mutex_unlock(&mu);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("nodes %ld errors %ld seconds %.3f\n", nodes, errors,
	    (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	zookeeper_close(zh);
	free(queue);
	return errors > 0 ? 1 : 0;
}
