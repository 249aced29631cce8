/*
 * t-nft.c - unit tests for src/host/nft.c: `nft -j list ruleset` output
 * captured from real rulesets (tests/fixtures/host/fw/regen.sh) and hostile
 * JSON.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/firewall.h"
#include "host/iptables.h"
#include "host/nft.h"
#include "test.h"
#include "util/strbuf.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, len);
}

static char *
exposed(const struct fw_ruleset *rs, unsigned fam, enum fw_hook hook)
{
	struct fw_eval e;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	fw_eval_init(&e);
	if (fw_evaluate(rs, fam, hook, &e) != 0)
		strbuf_addstr(&sb, "TRUNCATED ");
	for (i = 0; i < e.n; i++) {
		struct strbuf one = STRBUF_INIT;

		if (fw_exposure_outside(&e.v[i], NULL, 0, &one)) {
			strbuf_addf(&sb, "%s[%s", sb.len ? " " : "", one.buf);
			if (e.v[i].qual != NULL)
				strbuf_addf(&sb, " if %s", e.v[i].qual);
			if (e.v[i].uncertain)
				strbuf_addstr(&sb, " ?");
			strbuf_addch(&sb, ']');
		}
		strbuf_release(&one);
	}
	fw_eval_release(&e);
	if (getenv("T_FW_DEBUG") != NULL)
		fprintf(stderr, "exposed: %s\n", sb.buf);
	return strbuf_detach(&sb, NULL);
}

static void
test_native(void)
{
	struct fw_ruleset rs;
	struct rp_diag d;
	size_t len;
	char *text = slurp("tests/fixtures/host/fw/ctl.json", &len), *s;

	CHECK(text != NULL);
	if (text == NULL)
		return;
	fw_ruleset_init(&rs, "nft");
	rp_diag_init(&d);
	CHECK(nft_json_parse(&rs, text, len, "ctl.json", &d) == 0);
	CHECK(rs.nunknown == 0);
	CHECK(fw_default_drop(&rs, FW_FAM_IP4, FW_HOOK_INPUT, NULL) == 1);
	CHECK(fw_default_drop(&rs, FW_FAM_IP6, FW_HOOK_INPUT, NULL) == 1);
	CHECK(fw_default_drop(&rs, FW_FAM_IP4, FW_HOOK_FORWARD, NULL) == 0);
	s = exposed(&rs, FW_FAM_IP4, FW_HOOK_INPUT);
	CHECK_STR(s,
	    "[tcp/22 if in tun*, ip saddr @mgmt] "
	    "[tcp/10050 if in tun*, ip saddr @mgmt] "
	    "[icmp type 8 if limit] [udp/53] "
	    "[tcp/443 if from 10.0.0.0/8]");
	free(s);
	s = exposed(&rs, FW_FAM_IP6, FW_HOOK_INPUT);
	CHECK_STR(s, "[ipv6-icmp types 5-132,138-140,144-147,150-255] [udp/53]");
	free(s);
	/* The nat chain does not filter; forward accepts everything. */
	s = exposed(&rs, FW_FAM_IP4, FW_HOOK_FORWARD);
	CHECK_STR(s,
	    "[icmp types 0-2,4-10,13-255, tcp/all ports, udp/all ports, "
	    "dccp/all ports, ipv6-icmp/all types, sctp/all ports, "
	    "udplite/all ports, 249 other protocols]");
	free(s);
	fw_ruleset_release(&rs);
	free(text);
}

/*
 * iptables-nft rules show "xt" statements in nft's JSON; the same table read
 * through iptables-save replaces them.
 */
static void
test_xt_merge(void)
{
	struct fw_ruleset rs, ipt;
	struct rp_diag d;
	size_t len, slen;
	char *text = slurp("tests/fixtures/host/fw/xt.json", &len), *s;
	char *save = slurp("tests/fixtures/host/fw/xt.save", &slen);

	CHECK(text != NULL && save != NULL);
	if (text == NULL || save == NULL)
		return;
	fw_ruleset_init(&rs, "nft");
	rp_diag_init(&d);
	CHECK(nft_json_parse(&rs, text, len, "xt.json", &d) == 0);
	CHECK(rs.nunknown == 3); /* conntrack, multiport, icmp */
	s = exposed(&rs, FW_FAM_IP4, FW_HOOK_INPUT);
	CHECK(strstr(s, "?]") != NULL);
	free(s);
	fw_ruleset_init(&ipt, "iptables-save");
	CHECK(iptables_parse(&ipt, save, slen, FW_FAM_IP4, "xt.save", &d) ==
	    0);
	fw_ruleset_take_table(&rs, &ipt, "filter", FW_FAM_IP4);
	CHECK(rs.nunknown == 0);
	s = exposed(&rs, FW_FAM_IP4, FW_HOOK_INPUT);
	/*
	 * ssh-in returns 10/8 and accepts the rest: 80, 443 and 1000-2000
	 * are open to everyone else.
	 */
	CHECK_STR(s,
	    "[tcp/22 if in tun0, from 192.0.2.10/32] [udp/1194] "
	    "[tcp/80] [tcp/443] [tcp/1000-2000] [icmp type 8]");
	free(s);
	fw_ruleset_release(&ipt);
	fw_ruleset_release(&rs);
	free(text);
	free(save);
}

/*
 * A real capture with IPv4 and IPv6 tables both holding xt statements
 * (bastion-good of tests/fixtures/host/net): every such table is replaced
 * by the iptables-save reading, the IPv6 one included.
 */
static void
test_prefer_readable(void)
{
	struct fw_ruleset rs, ipt;
	struct rp_diag d;
	size_t len, l4, l6, i, k, unknown = 0;
	char *text = slurp("tests/fixtures/host/net/bastion-good/live-ipt.json",
	    &len);
	char *v4 = slurp("tests/fixtures/host/net/bastion-good/live.v4", &l4);
	char *v6 = slurp("tests/fixtures/host/net/bastion-good/live.v6", &l6);
	char *s;

	CHECK(text != NULL && v4 != NULL && v6 != NULL);
	if (text == NULL || v4 == NULL || v6 == NULL)
		return;
	fw_ruleset_init(&rs, "nft");
	rp_diag_init(&d);
	CHECK(nft_json_parse(&rs, text, len, "live-ipt.json", &d) == 0);
	CHECK(rs.nunknown > 0);
	fw_ruleset_init(&ipt, "iptables-save");
	CHECK(iptables_parse(&ipt, v4, l4, FW_FAM_IP4, "live.v4", &d) == 0);
	CHECK(iptables_parse(&ipt, v6, l6, FW_FAM_IP6, "live.v6", &d) == 0);
	CHECK(fw_ruleset_prefer_readable(&rs, &ipt) == 2);
	for (i = 0; i < rs.nchains; i++)
		for (k = 0; k < rs.chains[i].nrules; k++)
			if (rs.chains[i].rules[k].unknown != NULL)
				unknown++;
	CHECK(unknown == 0);
	s = exposed(&rs, FW_FAM_IP6, FW_HOOK_INPUT);
	/* Neighbour discovery and ICMP errors carry no service. */
	CHECK_STR(s, "[tcp/22]");
	free(s);
	s = exposed(&rs, FW_FAM_IP4, FW_HOOK_INPUT);
	CHECK_STR(s, "[tcp/22 if from 198.51.100.0/24]");
	free(s);
	/* Nothing left to replace the second time. */
	CHECK(fw_ruleset_prefer_readable(&rs, &ipt) == 0);
	fw_ruleset_release(&ipt);
	fw_ruleset_release(&rs);
	free(text);
	free(v4);
	free(v6);
}

static void
test_bad_json(void)
{
	static const struct {
		const char *text;
		const char *msg;
	} bad[] = {
		{ "{\"nftables\": 3}",
		    "no \"nftables\" array: not `nft -j list ruleset` output" },
		{ "[1, 2]",
		    "no \"nftables\" array: not `nft -j list ruleset` output" },
		{ "{\"nftables\": [{\"rule\": {\"family\": \"ip\", \"table\": "
		  "\"t\", \"chain\": \"c\", \"expr\": []}}]}",
		    "rule of unknown chain ip t c" },
		{ "{\"nftables\": [{\"chain\": {\"family\": \"ip\", \"table\": "
		  "\"t\", \"name\": \"c\", \"hook\": \"input\", \"policy\": "
		  "\"maybe\"}}]}",
		    "unknown chain policy \"maybe\"" },
		{ "{\"nftables\": [{\"chain\": {\"family\": \"ip\", \"table\": "
		  "\"t\", \"name\": \"c\"}}, {\"rule\": {\"family\": \"ip\", "
		  "\"table\": \"t\", \"chain\": \"c\", \"expr\": [{\"match\": "
		  "{\"op\": \"==\", \"left\": {\"ct\": {\"key\": \"state\"}}, "
		  "\"right\": \"sleepy\"}}]}}]}",
		    "unknown ct state in \"ct state sleepy\"" },
		{ "{\"nftables\": [{\"a\": 1, \"b\": 2}]}",
		    "ruleset entry is not a one-key object" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fw_ruleset rs;
		struct rp_diag d;

		fw_ruleset_init(&rs, "nft");
		rp_diag_init(&d);
		CHECK(nft_json_parse(&rs, bad[i].text, strlen(bad[i].text),
			  "bad.json", &d) == RP_EPARSE);
		CHECK_STR(d.msg, bad[i].msg);
		if (getenv("T_FW_DEBUG") != NULL)
			fprintf(stderr, "%s\n", d.msg);
		fw_ruleset_release(&rs);
	}
	/* Broken JSON says where. */
	{
		struct fw_ruleset rs;
		struct rp_diag d;
		static const char t[] = "{\"nftables\": [\n{\"table\": {]\n]}";

		fw_ruleset_init(&rs, "nft");
		rp_diag_init(&d);
		CHECK(nft_json_parse(&rs, t, strlen(t), "bad.json", &d) < 0);
		CHECK(d.line == 2);
		fw_ruleset_release(&rs);
	}
}

int
main(void)
{
	TEST_RUN(test_native);
	TEST_RUN(test_xt_merge);
	TEST_RUN(test_prefer_readable);
	TEST_RUN(test_bad_json);
	return test_report();
}
