/*
 * fuzz-iptables.c - libFuzzer harness for the iptables-save parser and the
 * firewall evaluation.
 *
 * The input is parsed as iptables-save text (IPv4 or IPv6, picked by the
 * first byte), then every hook is evaluated, the default-drop test and the
 * canonical dump run, and every slice is described, so a crash or leak in
 * src/host/iptables.c or firewall.c shows up.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>

#include "host/firewall.h"
#include "host/iptables.h"
#include "util/strbuf.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
exercise(const struct fw_ruleset *rs, unsigned fam)
{
	static const struct fw_allow allow[] = { { 6, 22, 22 },
		{ 17, 1194, 1194 }, { 1, 8, 8 } };
	static const enum fw_hook hooks[] = { FW_HOOK_INPUT, FW_HOOK_FORWARD,
		FW_HOOK_OUTPUT };
	struct strbuf sb = STRBUF_INIT;
	size_t h, i;

	for (h = 0; h < sizeof(hooks) / sizeof(hooks[0]); h++) {
		struct fw_eval e;

		(void)fw_default_drop(rs, fam, hooks[h], NULL);
		fw_eval_init(&e);
		if (fw_evaluate(rs, fam, hooks[h], &e) != 0)
			e.truncated = 1;
		for (i = 0; i < e.n; i++) {
			strbuf_reset(&sb);
			fw_exposure_describe(&e.v[i], &sb);
			(void)fw_exposure_outside(&e.v[i], allow, 3, &sb);
		}
		fw_eval_release(&e);
	}
	strbuf_reset(&sb);
	fw_ruleset_canon(rs, NULL, &sb);
	strbuf_release(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fw_ruleset rs;
	struct rp_diag d;
	unsigned fam = size > 0 && (data[0] & 1) ? FW_FAM_IP6 : FW_FAM_IP4;

	fw_ruleset_init(&rs, "fuzz");
	rp_diag_init(&d);
	if (iptables_parse(&rs, (const char *)data, size, fam, "fuzz", &d) ==
	    0)
		exercise(&rs, fam);
	fw_ruleset_release(&rs);
	return 0;
}
