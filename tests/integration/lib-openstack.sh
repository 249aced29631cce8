# lib-openstack.sh - helpers of the OpenStack integration tests (sourced).
#
# SPDX-License-Identifier: MIT

# Service accounts of the scratch roots: name uid (group = same id).
OS_ACCOUNTS="keystone:301 nova:302 cinder:303 glance:304 neutron:305 manila:306 barbican:307 horizon:308 www-data:33"

# os_need_root: re-run the test as uid 0 (in a user namespace when not
# root).  Sets OS_IDS=1 when chown to arbitrary ids works (real root),
# otherwise every file stays root-owned (root:root is allowed by the rules).
os_need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		if [ -z "${RAMPART_IN_USERNS:-}" ] && unshare -r true 2>/dev/null; then
			RAMPART_IN_USERNS=1 exec unshare -r sh "$0" "$@"
		fi
		echo "needs root or unprivileged user namespaces (unshare -r)"
		exit 77
	fi
	t=$(mktemp)
	if chown 4242:4242 "$t" 2>/dev/null; then OS_IDS=1; else OS_IDS=0; fi
	rm -f "$t"
}

# os_id NAME: the uid/gid of an account of the scratch root (0 without ids).
os_id() {
	if [ "$OS_IDS" = 0 ]; then
		echo 0
		return
	fi
	for a in $OS_ACCOUNTS; do
		[ "${a%%:*}" = "$1" ] && { echo "${a#*:}"; return; }
	done
	echo 0
}

# os_accounts ROOT: /etc/passwd and /etc/group of the scratch root.
os_accounts() {
	mkdir -p "$1/etc"
	echo 'root:x:0:0:root:/root:/bin/bash' >"$1/etc/passwd"
	echo 'root:x:0:' >"$1/etc/group"
	for a in $OS_ACCOUNTS; do
		n=${a%%:*}
		i=${a#*:}
		echo "$n:x:$i:$i::/var/lib/$n:/usr/sbin/nologin" >>"$1/etc/passwd"
		echo "$n:x:$i:" >>"$1/etc/group"
	done
}

# os_own USER GROUP MODE PATH...: owner, group and mode as the package sets.
os_own() {
	u=$(os_id "$1")
	g=$(os_id "$2")
	m=$3
	shift 3
	chown "$u:$g" "$@" && chmod "$m" "$@"
}
