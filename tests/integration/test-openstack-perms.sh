#!/bin/sh
# test-openstack-perms.sh - owners and modes of OpenStack configuration
# files on scratch roots built here from tests/fixtures/host/openstack-*
# (git records neither owners nor modes, so the e2e cases cannot cover
# them).  Needs no network; test-openstack-debian.sh does the same against
# Debian's packages.
#
# SPDX-License-Identifier: MIT
set -u
: "${RAMPART:?}" "${TOP:?}"
. "$TOP/tests/integration/lib-openstack.sh"
os_need_root "$@"
command -v setfacl >/dev/null || { echo "setfacl missing (package acl)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ev=$TOP/build/evidence
mkdir -p "$ev"
fail=0

mkroot() {
	# mkroot DIR: the hardened fixture with the modes Debian's
	# openstack-pkg-tools sets (directory SVC:SVC 0750, files root:SVC 0640)
	cp -R "$TOP/tests/fixtures/host/openstack-hardened" "$1"
	os_accounts "$1"
	for d in "$1"/etc/*/; do
		d=${d%/}
		svc=${d##*/}
		[ "$svc" = openstack-dashboard ] && continue
		find "$d" -type f -exec chown "0:$(os_id "$svc")" {} + -exec chmod 0640 {} +
		os_own "$svc" "$svc" 0750 "$d"
	done
	os_own root www-data 0640 "$1"/etc/openstack-dashboard/local_settings.py \
	    "$1"/etc/openstack-dashboard/local_settings.d/*.py
}

scan() {
	"$RAMPART" host scan --root "$2" --only 'openstack/*-config-perms' \
	    --show-passed --format json >"$ev/openstack-perms-$1.json"
}

expect() {
	if ! grep -q -- "$2" "$ev/openstack-perms-$1.json"; then
		echo "FAIL $1: no match for $2"
		fail=1
	fi
}

good=$tmp/good
mkroot "$good"
scan good "$good"
code=$?
[ $code -eq 0 ] || { echo "FAIL good root: exit $code"; fail=1; }
for svc in keystone horizon nova cinder glance neutron manila barbican; do
	expect good "{\"id\":\"openstack/$svc-config-perms\",\"pass\":[1-9][0-9]*,\"fail\":0,"
done

bad=$tmp/bad
mkroot "$bad"
chmod 0644 "$bad/etc/keystone/keystone.conf"             # others may read
chmod 0660 "$bad/etc/nova/nova.conf"                     # group may write
chmod 0755 "$bad/etc/cinder"                             # directory open
chown 1000:1000 "$bad/etc/glance/glance-api.conf"        # unknown owner
setfacl -m u:1000:r "$bad/etc/neutron/neutron.conf"      # named ACL entry
chmod 2640 "$bad/etc/manila/manila.conf"                 # set-gid
chmod 0604 "$bad/etc/barbican/barbican.conf"             # smaller, not stricter
chmod 0666 "$bad/etc/openstack-dashboard/local_settings.py"
scan bad "$bad"
code=$?
[ $code -eq 1 ] || { echo "FAIL bad root: exit $code"; fail=1; }
expect bad '"file":"/etc/keystone/keystone.conf".*"message":"readable by others"'
expect bad '"file":"/etc/nova/nova.conf".*"message":"writable by group"'
expect bad '"file":"/etc/cinder".*"message":"readable by others"'
expect bad '"file":"/etc/glance/glance-api.conf".*"message":"not owned by an allowed account; group not allowed","evidence":"1000:1000 0640"'
expect bad '"file":"/etc/neutron/neutron.conf".*"message":"an ACL grants extra access"'
expect bad '"file":"/etc/manila/manila.conf".*"message":"set-id bits"'
expect bad '"file":"/etc/barbican/barbican.conf".*"message":"readable by others"'
expect bad '"file":"/etc/openstack-dashboard/local_settings.py".*"message":"writable by group and others; readable by others"'
for svc in keystone horizon nova cinder glance neutron manila barbican; do
	expect bad "{\"id\":\"openstack/$svc-config-perms\",\"pass\":[0-9]*,\"fail\":1,"
done
exit $fail
