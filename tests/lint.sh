#!/bin/sh
# lint.sh - project greps: libraries are called from their wrapper module
# only, programs are spawned without a shell, and no system()/popen().
#
# SPDX-License-Identifier: MIT
set -u
cd "$(dirname "$0")/.." || exit 2
bad=0

check() {
	# check PATTERN ALLOWED-FILE-REGEX MESSAGE
	hits=$(grep -nE "$1" src/*/*.c src/*/*.h 2>/dev/null | grep -vE "$2" || true)
	if [ -n "$hits" ]; then
		echo "lint: $3"
		echo "$hits" | sed 's/^/    /'
		bad=1
	fi
}

check '\byaml_(parser|event|document)_' '^src/util/yload\.c:' 'libyaml is called from src/util/yload.c only'
check '\bsqlite3_' '^src/util/db\.c:' 'SQLite is called from src/util/db.c only'
check '\bsasl_(client|server|dispose|listmech|encode|decode|setprop|getprop)' '^src/zk/sasl\.c:' 'Cyrus SASL is called from src/zk/sasl.c only'
check '\b(SSL_|SSL_CTX_)[a-z]' '^src/util/tls[a-z-]*\.c:' 'OpenSSL TLS is called from src/util/tls*.c only'
check '\b(system|popen)\s*\(' '^$' 'no system() or popen(): use the spawn wrapper'
check '\bexecv?p?e?\s*\(' '^src/util/spawn\.c:' 'programs run through src/util/spawn.c only'
check '\bexit\s*\(' '^src/cli/' 'only src/cli/ calls exit()'
exit $bad
