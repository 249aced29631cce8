#!/bin/sh
# test-zk-scan-components.sh - `rampart zk scan` against a real ZooKeeper
# holding the znode layouts of every component with a built-in profile
# (zk-tree.py LAYOUTS): first as the components create them without
# security (world:anyone:cdrwa), then with the ACLs of their hardening
# guides.  Profiles are detected from marker znodes.  The open tree must
# give the baseline findings on the expected paths, the secure tree none;
# every ACL rampart reports is compared with what kazoo reads.
#
# SPDX-License-Identifier: MIT
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
RAMPART=${RAMPART:-$TOP/rampart}
. "$TOP/tests/integration/lib-zk.sh"
zk_init

fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
ok() {
	echo "ok: $*"
}

EV=$TOP/build/evidence
mkdir -p "$EV"
T=$ZK_TMP
TREE="$TOP/tests/integration/zk-tree.py"
CHECK="$TOP/tests/integration/zk-scan-check.py"
COMPONENTS="zookeeper kafka hbase hdfs yarn solr ranger atlas oozie hive nifi storm druid clickhouse patroni"

zk_use_superdigest super 'sd-s3cret'
zk_use_tls want || exit 1
zk_start_standalone || exit 1
printf 'digest:super:sd-s3cret\n' >"$T/auth"

# layout MODE: build the layout and keep the session (ephemeral nodes)
# open until unhold.
layout() {
	rm -f "$T/hold"
	mkfifo "$T/hold"
	zk_py "$TREE" layout "$ZK_SERVER" "$1" $COMPONENTS --auth super:sd-s3cret \
		--hold <"$T/hold" >"$T/ready" 2>"$T/layout.err" &
	HOLD_PID=$!
	exec 3>"$T/hold"
	i=0
	while ! grep -q ready "$T/ready" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 $HOLD_PID 2>/dev/null; then
			cat "$T/layout.err"
			return 1
		fi
		sleep 0.1
	done
}
unhold() {
	exec 3>&-
	wait $HOLD_PID
}

scan() {
	name=$1
	shift
	"$RAMPART" zk scan --server "$ZK_SERVER" --auth-file "$T/auth" \
		--format json --output "$EV/$name.json" --format text \
		--output "$T/$name.txt" "$@" 2>"$T/$name.err"
}

# --- open: what the components create without security -----------------
layout open || exit 1
scan zk-scan-components-open
rc=$?
zk_py "$TREE" acls "$ZK_SERVER" --auth super:sd-s3cret >"$T/open-acls.json"
unhold
[ $rc -eq 1 ] && ok "open tree: exit 1" || bad "open tree: exit $rc $(cat "$T/zk-scan-components-open.err")"

zk_py "$CHECK" "$EV/zk-scan-components-open.json" --acls "$T/open-acls.json" \
	fail:zk/baseline-acl-too-open:/zookeeper \
	fail:zk/baseline-acl-too-open:/zookeeper/quota \
	nofail:zk/baseline-acl-too-open:/zookeeper/config \
	nofail:zk/acl-no-admin:/zookeeper/config \
	fail:zk/baseline-acl-too-open:/kafka \
	fail:zk/baseline-sensitive-readable:/kafka/config/users/alice \
	fail:zk/baseline-sensitive-readable:/kafka/delegation_token/tokens \
	nofail:zk/baseline-sensitive-readable:/kafka/brokers/topics/t1 \
	nofail:zk/baseline-acl-too-open:/kafka/consumers/g1 \
	fail:zk/acl-world-write:/kafka/consumers/g1 \
	'detail:zk/acl-world-write:/kafka/consumers/g1:open by design' \
	fail:zk/acl-world-write:/kafka/brokers/ids/1 \
	nofail:zk/baseline-*:/kafka/brokers/ids/1 \
	fail:zk/baseline-acl-missing-principal:/kafka/admin \
	'detail:zk/baseline-acl-missing-principal:/kafka/admin:sasl:kafka lacks cdrwa' \
	fail:zk/baseline-acl-too-open:/hbase \
	fail:zk/baseline-sensitive-readable:/hbase/tokenauth/keys \
	fail:zk/baseline-sensitive-readable:/hbase/acl/t1 \
	nofail:zk/baseline-sensitive-readable:/hbase/rs \
	nofail:zk/baseline-*:/hbase/master \
	fail:zk/baseline-acl-too-open:/hadoop-ha/ns1/ActiveBreadCrumb \
	nofail:zk/baseline-*:/hadoop-ha/ns1/ActiveStandbyElectorLock \
	fail:zk/baseline-sensitive-readable:/rmstore/ZKRMStateRoot/RMDTSecretManagerRoot/RMDTMasterKeysRoot \
	fail:zk/baseline-acl-too-open:/yarn-leader-election/cluster1 \
	fail:zk/baseline-sensitive-readable:/solr/security.json \
	fail:zk/baseline-sensitive-readable:/solr-infra/security.json \
	fail:zk/baseline-acl-too-open:/solr/collections/c1 \
	'detail:zk/baseline-acl-too-open:/solr-infra/configs:profile solr at /solr-infra' \
	fail:zk/baseline-acl-too-open:/ranger_audits/collections \
	fail:zk/baseline-acl-too-open:/apache_atlas/active_server_info \
	fail:zk/baseline-acl-too-open:/oozie/services \
	fail:zk/baseline-sensitive-readable:/zkdtsm-oozie/ZKDTSMRoot \
	fail:zk/baseline-acl-too-open:/hiveserver2 \
	fail:zk/baseline-sensitive-readable:/hivedelegation/METASTORE/keys \
	fail:zk/baseline-acl-too-open:/nifi/components/0b6e1c2a \
	fail:zk/baseline-sensitive-readable:/storm/credentials/topo1 \
	fail:zk/baseline-acl-too-open:/druid/loadQueue \
	fail:zk/baseline-sensitive-readable:/clickhouse/task_queue/ddl \
	fail:zk/baseline-acl-too-open:/clickhouse/tables/01 \
	fail:zk/baseline-acl-too-open:/service/pg1/config \
	nofail:zk/baseline-*:/service/pg1/leader \
	pass:zk/acl-no-admin pass:zk/acl-ip pass:zk/acl-digest-malformed \
	pass:zk/acl-perms-invalid pass:zk/subtree-unreadable \
	pass:zk/baseline-acl-too-open ||
	bad "open tree assertions"

# --- secure: the hardening guides' ACLs -----------------------------------
layout secure || exit 1
scan zk-scan-components-secure
rc=$?
zk_py "$TREE" acls "$ZK_SERVER" --auth super:sd-s3cret >"$T/secure-acls.json"
unhold
zk_py "$CHECK" "$EV/zk-scan-components-secure.json" --acls "$T/secure-acls.json" \
	'nofail:zk/baseline-*:*' \
	pass:zk/baseline-acl-too-open pass:zk/baseline-sensitive-readable \
	pass:zk/baseline-acl-missing-principal pass:zk/baseline-acl-extra-identity \
	nofail:zk/acl-world-write:/kafka \
	fail:zk/acl-world-write:/kafka/consumers/g1 \
	fail:zk/acl-world-write:/storm \
	fail:zk/acl-open-parent:/storm \
	'detail:zk/acl-open-parent:/storm:child /storm/credentials' \
	pass:zk/acl-open-parent \
	fail:zk/acl-digest-plaintext:/clickhouse/task_queue/ddl \
	nofail:zk/acl-digest-plaintext:/rmstore/ZKRMStateRoot \
	absent:123456789 absent:ch-pw-1 absent:sd-s3cret ||
	bad "secure tree assertions"
grep -q 'clickhouse:<masked>' "$T/zk-scan-components-secure.txt" &&
	! grep -q "$(zk_digest clickhouse ch-pw-1 | cut -d: -f2)" \
		"$EV/zk-scan-components-secure.json" "$T/zk-scan-components-secure.txt" &&
	ok "digest hashes are masked" || bad "digest hash printed"

# --- explicit profiles, a user-defined profile, principal mapping ------------
cat >"$T/profiles.yaml" <<'YAML'
profiles:
  - name: kafka
    title: Kafka as this site runs it
    roots: [/kafka]
    markers: [/brokers/ids]
    service: sasl:kafka
    rules:
      - path: /config/users/**
        acl: ${svc}:cdrwa
        sensitive: true
      - path: /**
        acl: ${svc}:cdrwa,${admin}:cdrwa
YAML
scan zk-scan-components-profile-file --profile-file "$T/profiles.yaml" \
	--profile kafka --admin sasl:ops --path /kafka
zk_py "$CHECK" "$EV/zk-scan-components-profile-file.json" \
	fail:zk/baseline-acl-missing-principal:/kafka/admin \
	'detail:zk/baseline-acl-missing-principal:/kafka/admin:sasl:ops lacks cdrwa' \
	nofail:zk/baseline-acl-missing-principal:/kafka/config/users/alice \
	'nofail:zk/baseline-*:/hbase' ||
	bad "profile file"
scan zk-scan-components-principal --profile hbase --path /hbase \
	--principal-map hbase=sasl:hbase/_HOST@RAMPART.TEST \
	--remove-host-from-principal false --remove-realm-from-principal false
zk_py "$CHECK" "$EV/zk-scan-components-principal.json" \
	fail:zk/baseline-acl-missing-principal:/hbase/rs \
	'detail:zk/baseline-acl-missing-principal:/hbase/rs:sasl:hbase/*@RAMPART.TEST lacks cdrwa' \
	fail:zk/baseline-acl-extra-identity:/hbase/rs \
	fail:zk/acl-sasl-unmatchable:/hbase/rs ||
	bad "principal mapping"

# Bad profile file and unknown profile: usage errors naming the problem.
printf 'profiles:\n  - name: x\n    roots: [/x]\n    service: sasl:x\n    rules:\n      - path: /**\n        acl: bogus\n' >"$T/bad.yaml"
"$RAMPART" zk scan --server "$ZK_SERVER" --profile-file "$T/bad.yaml" 2>"$T/err"
[ $? -eq 2 ] && grep -q 'bad.yaml:6' "$T/err" && ok "bad profile file: $(cat "$T/err")" ||
	bad "bad profile file: $(cat "$T/err")"
"$RAMPART" zk scan --server "$ZK_SERVER" --profile nosuch 2>"$T/err"
[ $? -eq 2 ] && grep -q "unknown profile 'nosuch'" "$T/err" && ok "unknown profile" ||
	bad "unknown profile: $(cat "$T/err")"
exit $fail
