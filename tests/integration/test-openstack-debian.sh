#!/bin/sh
# test-openstack-debian.sh - the OpenStack checklists against the
# configuration files Debian 12 really ships.
#
# The packages are fetched with `apt-get download` (nothing is installed or
# cached in the tree), unpacked with dpkg-deb into a scratch root, and the
# maintainer scripts' configuration steps are replayed: every
# `pkgos_write_new_conf SVC FILE` line of each postinst becomes the
# install(1) call that openstack-pkg-tools makes (directory SVC:SVC 0750,
# file root:SVC 0640), explicit chmod lines on /etc files are applied, and
# Horizon's local_settings.py is copied as its postinst copies it.  The
# stock root is scanned and the findings Debian's defaults must produce are
# asserted; then a copy is hardened as the Security Guide asks and must
# pass every OpenStack rule.
#
# SPDX-License-Identifier: MIT
set -u
: "${RAMPART:?}" "${TOP:?}"
. "$TOP/tests/integration/lib-openstack.sh"
os_need_root "$@"
for t in apt-get dpkg-deb; do
	command -v $t >/dev/null || { echo "$t missing"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ev=$TOP/build/evidence
mkdir -p "$ev"
fail=0

pkgs="keystone nova-common neutron-common cinder-common glance-common openstack-dashboard manila-common barbican-common"
mkdir -p "$tmp/debs"
chmod 0777 "$tmp/debs"
if ! (cd "$tmp/debs" && apt-get download $pkgs >"$tmp/apt.log" 2>&1); then
	tail -n 3 "$tmp/apt.log"
	echo "apt-get download failed (no Debian mirror reachable?)"
	exit 77
fi
stock=$tmp/stock
mkdir -p "$stock"
for d in "$tmp"/debs/*.deb; do
	dpkg-deb -x "$d" "$stock" || { echo "FAIL dpkg-deb -x $d"; exit 1; }
	p=$(dpkg-deb -f "$d" Package)
	dpkg-deb -e "$d" "$tmp/ctl-$p"
	echo "$p $(dpkg-deb -f "$d" Version)"
done
os_accounts "$stock"

# Replay the configuration steps of the maintainer scripts.
for ctl in "$tmp"/ctl-*; do
	p=${ctl##*/ctl-}
	[ -f "$ctl/postinst" ] || continue
	sed -n 's/^[[:space:]]*pkgos_write_new_conf \([a-z]*\) \([^ ]*\)$/\1 \2/p' \
	    "$ctl/postinst" | while read -r svc file; do
		src=$stock/usr/share/$p/$file
		[ -f "$src" ] || continue
		mkdir -p "$stock/etc/$svc"
		os_own "$svc" "$svc" 0750 "$stock/etc/$svc"
		cp "$src" "$stock/etc/$svc/$file"
		os_own root "$svc" 0640 "$stock/etc/$svc/$file"
	done
	sed -n 's|^[[:space:]]*chmod \([0-7]*\) \(/etc/[a-z]*/[^ ]*\.conf\)$|\1 \2|p' \
	    "$ctl/postinst" | while read -r mode file; do
		[ -e "$stock$file" ] && chmod "$mode" "$stock$file"
	done
done
# openstack-dashboard's postinst: cp the example, install -D the snippets.
dash=$stock/etc/openstack-dashboard
cp "$stock/usr/share/openstack-dashboard/examples/local_settings.py" "$dash/"
chmod 0644 "$dash/local_settings.py"
for f in "$stock"/usr/share/openstack-dashboard-debian-settings.d/*.py; do
	install -D "$f" "$dash/local_settings.d/$(basename "$f")"
done
# Files shipped inside the packages keep the .deb's root:root and modes.
chown -R 0:0 "$stock/usr"
# A message-queue password as the debconf questions would set it.
sed -i 's|^#transport_url = rabbit://$|transport_url = rabbit://openstack:StockRabbitPw1@ctl:5672/|' \
    "$stock/etc/nova/nova.conf"

scan() {
	# scan NAME ROOT: JSON result to the evidence directory
	"$RAMPART" host scan --root "$2" --only 'openstack/*' --show-passed \
	    --format json --output "$ev/openstack-debian-$1.json"
}

expect() {
	# expect NAME PATTERN: the result of NAME contains PATTERN
	if ! grep -q -- "$2" "$ev/openstack-debian-$1.json"; then
		echo "FAIL $1: no match for $2"
		fail=1
	fi
}

expect_not() {
	if grep -q -- "$2" "$ev/openstack-debian-$1.json"; then
		echo "FAIL $1: unexpected match for $2"
		fail=1
	fi
}

scan stock "$stock"
code=$?
[ $code -eq 1 ] || { echo "FAIL stock root: exit $code"; fail=1; }
# Debian points keystonemiddleware at http://localhost:5000.
for s in nova:nova.conf cinder:cinder.conf glance:glance-api.conf \
    neutron:neutron.conf manila:manila.conf barbican:barbican.conf; do
	svc=${s%%:*}
	expect stock "\"rule\":\"openstack/$svc-authtoken-tls\",\"status\":\"fail\".*\"file\":\"/etc/$svc/${s#*:}\",\"line\":[0-9]*,.*\"evidence\":\"\\[keystone_authtoken\\] www_authenticate_uri = http://localhost:5000\""
	# debug is off by default everywhere.
	expect stock "{\"id\":\"openstack/$svc-debug\",\"pass\":1,\"fail\":0,"
done
# Files shipped in the .deb are root:root 0644; logging.conf of keystone
# is one of them (Check-Identity-02 fails on stock Debian).
expect stock '"rule":"openstack/keystone-config-perms","status":"fail".*"file":"/etc/keystone/logging.conf".*"evidence":"root:root 0644"'
expect stock '"rule":"openstack/nova-config-perms","status":"fail".*"file":"/etc/nova/rootwrap.conf".*"evidence":"root:root 0644"'
# neutron-common's postinst makes neutron.conf group-writable.
expect stock '"rule":"openstack/neutron-config-perms","status":"fail".*"file":"/etc/neutron/neutron.conf".*"message":"writable by group","evidence":"root:[a-z]* 0660"'
expect stock '"rule":"openstack/horizon-config-perms","status":"fail".*"file":"/etc/openstack-dashboard/local_settings.py".*"evidence":"root:root 0644"'
expect stock '"rule":"openstack/horizon-config-perms","status":"fail".*"file":"/etc/openstack-dashboard/local_settings.d/_0001_debian_debug.py".*"evidence":"root:root 0755"'
# Horizon's example leaves the cookie flags commented out.
expect stock '"rule":"openstack/horizon-cookie-flags","status":"fail".*"evidence":"CSRF_COOKIE_SECURE not set (default False)"'
expect stock '"rule":"openstack/horizon-proxy-ssl-header","status":"fail"'
expect stock '"rule":"openstack/neutron-use-ssl","status":"fail"'
expect stock '{"id":"openstack/horizon-debug","pass":1,"fail":0,'
expect stock '{"id":"openstack/horizon-iframe-embed","pass":1,"fail":0,'
# Keystone's shipped defaults satisfy its value checks.
for r in token-expiration admin-token insecure-debug token-provider \
    password-hashing max-request-body; do
	expect stock "{\"id\":\"openstack/keystone-$r\",\"pass\":[1-9][0-9]*,\"fail\":0,"
done
expect stock '{"id":"openstack/barbican-paste-authtoken","pass":1,"fail":0,'
expect stock '{"id":"openstack/config-invalid","pass":[1-9][0-9]*,"fail":0,'
expect_not stock 'StockRabbitPw1'

# Harden a copy as the Security Guide asks.
hard=$tmp/hard
cp -a "$stock" "$hard"
for f in "$hard"/etc/*/*.conf; do
	sed -i -e 's|^www_authenticate_uri = http://localhost:5000|www_authenticate_uri = https://keystone.example:5000|' \
	    -e 's|^auth_url = http://localhost:5000|auth_url = https://keystone.example:5000|' \
	    -e 's|^auth_url = http://127.0.0.1:5000|auth_url = https://keystone.example:5000|' "$f"
done
# A section may be opened again later in the file; oslo.config merges it.
printf '\n[DEFAULT]\nuse_ssl = true\n' >>"$hard/etc/neutron/neutron.conf"
cat >>"$hard/etc/openstack-dashboard/local_settings.py" <<'PY'
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')
ENFORCE_PASSWORD_CHECK = True
HORIZON_CONFIG["disable_password_reveal"] = True
HORIZON_CONFIG["password_validator"] = {
    "regex": r"^(?=.*\d)(?=.*[a-z])(?=.*[A-Z]).{12,}$",
    "help_text": _("At least 12 characters with digits and both cases."),
}
PY
for svc in keystone nova cinder glance neutron manila barbican; do
	d=$hard/etc/$svc
	find "$d" -mindepth 1 -type d -exec chmod 0750 {} +
	find "$d" -type f -exec chmod 0640 {} +
	g=$(os_id "$svc")
	find "$d" -exec chown "0:$g" {} +
	os_own "$svc" "$svc" 0750 "$d"
done
os_own root www-data 0640 "$hard"/etc/openstack-dashboard/local_settings.py \
    "$hard"/etc/openstack-dashboard/local_settings.d/*.py
scan hard "$hard"
code=$?
[ $code -eq 0 ] || { echo "FAIL hardened root: exit $code"; fail=1; }
expect_not hard '"status":"fail","severity"'
for id in $("$RAMPART" rules --format json | sed -n 's/^ *{"id":"\(openstack\/[^"]*\)".*/\1/p'); do
	expect hard "{\"id\":\"$id\",\"pass\":[1-9][0-9]*,\"fail\":0,"
done
expect_not hard 'StockRabbitPw1'
exit $fail
