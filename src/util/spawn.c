/*
 * spawn.c - run a program from an argv vector and capture its output.
 *
 * posix_spawnp() starts the child (glibc reports a failed exec as the return
 * value, so a missing program never looks like an exit status of 127).  The
 * parent polls both pipes until they close, then reaps the child; the
 * deadline covers the whole run.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/spawn.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/banned.h"

extern char **environ;

void
spawn_result_init(struct spawn_result *res)
{
	strbuf_init(&res->out, 0);
	strbuf_init(&res->err, 0);
	res->exited = 0;
	res->code = -1;
	res->signo = 0;
}

void
spawn_result_release(struct spawn_result *res)
{
	strbuf_release(&res->out);
	strbuf_release(&res->err);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Read what is available on fd into sb.  Returns 1 while the pipe is open,
 * 0 at end of file, RP_ELIMIT when sb would pass cap (unless trunc, where
 * the excess is dropped), RP_EIO on a read error.
 */
static int
drain(int fd, struct strbuf *sb, size_t cap, int trunc)
{
	char chunk[16384];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 1;
			return RP_EIO;
		}
		if (n == 0)
			return 0;
		if (sb->len + (size_t)n > cap) {
			if (!trunc)
				return RP_ELIMIT;
			if (sb->len < cap)
				strbuf_add(sb, chunk, cap - sb->len);
			continue;
		}
		strbuf_add(sb, chunk, (size_t)n);
	}
}

static void
reap(pid_t pid, struct spawn_result *res, int kill_first)
{
	int status;

	if (kill_first)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return;
	}
	if (WIFEXITED(status)) {
		res->exited = 1;
		res->code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		res->signo = WTERMSIG(status);
	}
}

int
spawn_run(const char *const *argv, const struct spawn_opts *o,
    struct spawn_result *res, struct rp_diag *d)
{
	posix_spawn_file_actions_t fa;
	int have_fa = 0, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	size_t out_cap = SPAWN_OUT_CAP_DEFAULT, err_cap = SPAWN_ERR_CAP_DEFAULT;
	int timeout = SPAWN_TIMEOUT_DEFAULT;
	long long deadline;
	pid_t pid = -1;
	int r = RP_EIO, e;
	struct pollfd pfd[2];

	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0')
		BUG("spawn_run without a program");
	if (o != NULL) {
		if (o->out_cap)
			out_cap = o->out_cap;
		if (o->err_cap)
			err_cap = o->err_cap;
		if (o->timeout_ms > 0)
			timeout = o->timeout_ms;
	}
	if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		r = rp_diag_fail(d, RP_EIO, argv[0], 0, "cannot create pipes: %s",
		    strerror(errno));
		goto out;
	}
	if ((e = posix_spawn_file_actions_init(&fa)) != 0) {
		r = rp_diag_fail(d, RP_EIO, argv[0], 0, "cannot spawn: %s",
		    strerror(e));
		goto out;
	}
	have_fa = 1;
	if ((e = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
		 O_RDONLY, 0)) != 0 ||
	    (e = posix_spawn_file_actions_adddup2(&fa, outp[1], 1)) != 0 ||
	    (e = posix_spawn_file_actions_adddup2(&fa, errp[1], 2)) != 0) {
		r = rp_diag_fail(d, RP_EIO, argv[0], 0, "cannot spawn: %s",
		    strerror(e));
		goto out;
	}
	/* posix_spawn's argv is char *const[] for historical reasons only. */
	e = posix_spawnp(&pid, argv[0], &fa, NULL,
	    (char *const *)(uintptr_t)argv, environ);
	if (e != 0) {
		pid = -1;
		if (e == ENOENT)
			r = rp_diag_fail(d, RP_ENOENT, argv[0], 0,
			    "program not found (is it installed and in PATH?)");
		else if (e == EACCES || e == EPERM)
			r = rp_diag_fail(d, RP_EACCES, argv[0], 0,
			    "program cannot be executed: %s", strerror(e));
		else
			r = rp_diag_fail(d, RP_EIO, argv[0], 0,
			    "cannot start program: %s", strerror(e));
		goto out;
	}
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	(void)fcntl(outp[0], F_SETFL, O_NONBLOCK);
	(void)fcntl(errp[0], F_SETFL, O_NONBLOCK);

	deadline = now_ms() + timeout;
	while (outp[0] >= 0 || errp[0] >= 0) {
		long long left = deadline - now_ms();
		int n, i;

		if (left <= 0) {
			reap(pid, res, 1);
			pid = -1;
			r = rp_diag_fail(d, RP_ETIMEDOUT, argv[0], 0,
			    "still running after %d ms; killed", timeout);
			goto out;
		}
		pfd[0].fd = outp[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = errp[0];
		pfd[1].events = POLLIN;
		n = poll(pfd, 2, left > 1000 ? 1000 : (int)left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = rp_diag_fail(d, RP_EIO, argv[0], 0, "poll: %s",
			    strerror(errno));
			goto out;
		}
		for (i = 0; i < 2; i++) {
			int *fd = i == 0 ? &outp[0] : &errp[0];
			int got;

			if (*fd < 0 || pfd[i].revents == 0)
				continue;
			if (i == 0)
				got = drain(*fd, &res->out, out_cap, 0);
			else
				got = drain(*fd, &res->err, err_cap, 1);
			if (got == RP_ELIMIT) {
				r = rp_diag_fail(d, RP_ELIMIT, argv[0], 0,
				    "output larger than %zu bytes; killed",
				    out_cap);
				goto out;
			}
			if (got < 0) {
				r = rp_diag_fail(d, RP_EIO, argv[0], 0,
				    "reading output: %s", strerror(errno));
				goto out;
			}
			if (got == 0) {
				close(*fd);
				*fd = -1;
			}
		}
	}
	reap(pid, res, 0);
	pid = -1;
	r = 0;
out:
	if (pid > 0)
		reap(pid, res, 1);
	if (have_fa)
		posix_spawn_file_actions_destroy(&fa);
	if (outp[0] >= 0)
		close(outp[0]);
	if (outp[1] >= 0)
		close(outp[1]);
	if (errp[0] >= 0)
		close(errp[0]);
	if (errp[1] >= 0)
		close(errp[1]);
	return r;
}
