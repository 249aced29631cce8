/*
 * fuzz-nft-conf.c - libFuzzer harness for nft_conf_parse() (the
 * /etc/nftables.conf reader: tables, chains, policies, includes refused)
 * and the default-drop and allowlist evaluation of what it read.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>

#include "host/firewall.h"
#include "host/nft.h"
#include "util/strbuf.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned fams[] = { FW_FAM_IP4, FW_FAM_IP6 };
	struct fw_ruleset rs;
	struct rp_diag d;
	struct strbuf sb = STRBUF_INIT;
	size_t f, i;

	fw_ruleset_init(&rs, "fuzz");
	rp_diag_init(&d);
	if (nft_conf_parse(&rs, (const char *)data, size, "nftables.conf",
		NULL, &d) == 0) {
		for (f = 0; f < 2; f++) {
			struct fw_eval e;

			(void)fw_default_drop(&rs, fams[f], FW_HOOK_FORWARD,
			    NULL);
			fw_eval_init(&e);
			if (fw_evaluate(&rs, fams[f], FW_HOOK_INPUT, &e) != 0)
				e.truncated = 1;
			for (i = 0; i < e.n; i++) {
				strbuf_reset(&sb);
				fw_exposure_describe(&e.v[i], &sb);
			}
			fw_eval_release(&e);
		}
		fw_ruleset_canon(&rs, NULL, &sb);
	}
	strbuf_release(&sb);
	fw_ruleset_release(&rs);
	return 0;
}
