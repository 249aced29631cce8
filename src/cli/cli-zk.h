/*
 * cli-zk.h - the connection options every live ZooKeeper command takes.
 *
 *   --server H:P[,H:P...][/chroot]   ensemble members (required)
 *   --auth SCHEME:CRED               AuthPacket, e.g. digest:USER:PASS
 *                                    (repeatable)
 *   --auth-file FILE                 the same spec read from FILE (first
 *                                    line), so the secret is not in argv
 *   $RAMPART_ZK_AUTH                 used when neither is given
 *   --sasl MECH                      DIGEST-MD5 or GSSAPI
 *   --sasl-user USER                 DIGEST-MD5 user
 *   --sasl-password-file FILE        DIGEST-MD5 password (or
 *                                    $RAMPART_ZK_SASL_PASSWORD)
 *   --principal P, --keytab F        GSSAPI client principal and keytab
 *   --sasl-service NAME              server principal service (zookeeper)
 *   --sasl-host HOST                 server principal host (default: the
 *                                    canonical name of the dialled host)
 *   --sasl-no-canonicalize           use the dialled name as it is
 *   --tls, --ca F, --cert F, --key F TLS with a CA file and an optional
 *                                    client certificate (x509 auth)
 *   --tls-no-verify-hostname         accept a certificate for another name
 *   --session-timeout MS, --connect-timeout MS, --window N
 *
 * Secrets never appear in messages: auth specs are shown masked.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CLI_CLI_ZK_H
#define RAMPART_CLI_CLI_ZK_H

#include <getopt.h>
#include <stddef.h>

#include "util/strbuf.h"
#include "zk/conn.h"

#define CLI_ZK_MAX_AUTH 8

struct cli_zk {
	struct zk_server *servers; /* owned */
	size_t nservers;
	char *chroot;           /* owned, from the connect string */
	struct zk_conn_opts co; /* points into the fields below */
	struct zk_auth auth[CLI_ZK_MAX_AUTH];
	size_t nauth;
	char *sasl_password; /* owned, wiped on release */
	const char *auth_file;
	const char *sasl_password_file;
	const char *server_spec;
};

/* Option ids, after the command-specific ones. */
enum cli_zk_opt {
	OPT_ZK_SERVER = 768,
	OPT_ZK_AUTH,
	OPT_ZK_AUTH_FILE,
	OPT_ZK_SASL,
	OPT_ZK_SASL_USER,
	OPT_ZK_SASL_PASSWORD_FILE,
	OPT_ZK_PRINCIPAL,
	OPT_ZK_KEYTAB,
	OPT_ZK_SASL_SERVICE,
	OPT_ZK_SASL_HOST,
	OPT_ZK_SASL_NO_CANON,
	OPT_ZK_TLS,
	OPT_ZK_CA,
	OPT_ZK_CERT,
	OPT_ZK_KEY,
	OPT_ZK_TLS_NO_VERIFY_HOSTNAME,
	OPT_ZK_SESSION_TIMEOUT,
	OPT_ZK_CONNECT_TIMEOUT,
	OPT_ZK_WINDOW,
};

#define CLI_ZK_LONG                                                           \
	{ "server", required_argument, NULL, OPT_ZK_SERVER },                 \
	    { "auth", required_argument, NULL, OPT_ZK_AUTH },                 \
	    { "auth-file", required_argument, NULL, OPT_ZK_AUTH_FILE },       \
	    { "sasl", required_argument, NULL, OPT_ZK_SASL },                 \
	    { "sasl-user", required_argument, NULL, OPT_ZK_SASL_USER },       \
	    { "sasl-password-file", required_argument, NULL,                  \
		    OPT_ZK_SASL_PASSWORD_FILE },                              \
	    { "principal", required_argument, NULL, OPT_ZK_PRINCIPAL },       \
	    { "keytab", required_argument, NULL, OPT_ZK_KEYTAB },             \
	    { "sasl-service", required_argument, NULL, OPT_ZK_SASL_SERVICE }, \
	    { "sasl-host", required_argument, NULL, OPT_ZK_SASL_HOST },       \
	    { "sasl-no-canonicalize", no_argument, NULL,                      \
		    OPT_ZK_SASL_NO_CANON },                                   \
	    { "tls", no_argument, NULL, OPT_ZK_TLS },                         \
	    { "ca", required_argument, NULL, OPT_ZK_CA },                     \
	    { "cert", required_argument, NULL, OPT_ZK_CERT },                 \
	    { "key", required_argument, NULL, OPT_ZK_KEY },                   \
	    { "tls-no-verify-hostname", no_argument, NULL,                    \
		    OPT_ZK_TLS_NO_VERIFY_HOSTNAME },                          \
	    { "session-timeout", required_argument, NULL,                     \
		    OPT_ZK_SESSION_TIMEOUT },                                 \
	    { "connect-timeout", required_argument, NULL,                     \
		    OPT_ZK_CONNECT_TIMEOUT },                                 \
	{                                                                     \
		"window", required_argument, NULL, OPT_ZK_WINDOW              \
	}

#define CLI_ZK_HELP                                                                     \
	"Connection options:\n"                                                         \
	"      --server H:P[,H:P...][/CHROOT]  ensemble members (required)\n"           \
	"      --auth SCHEME:CRED   send an AuthPacket, e.g. digest:USER:PASS\n"        \
	"                           (repeatable; prefer --auth-file)\n"                 \
	"      --auth-file FILE     read SCHEME:CRED from the first line of FILE\n"     \
	"                           ($RAMPART_ZK_AUTH is used when neither is given)\n" \
	"      --sasl MECH          SASL mechanism: DIGEST-MD5 or GSSAPI\n"             \
	"      --sasl-user USER     DIGEST-MD5 user name\n"                             \
	"      --sasl-password-file FILE  DIGEST-MD5 password\n"                        \
	"                           (or $RAMPART_ZK_SASL_PASSWORD)\n"                   \
	"      --principal P        Kerberos client principal\n"                        \
	"      --keytab FILE        Kerberos client keytab (else the ticket cache,\n"   \
	"                           $KRB5CCNAME)\n"                                     \
	"      --sasl-service NAME  server principal service (zookeeper)\n"             \
	"      --sasl-host HOST     server principal host (default: canonical\n"        \
	"                           name of the server dialled)\n"                      \
	"      --sasl-no-canonicalize  use the dialled host name as it is\n"            \
	"      --tls                connect with TLS (secureClientPort)\n"              \
	"      --ca FILE            CA bundle that signs the server certificates\n"     \
	"      --cert FILE, --key FILE  client certificate and key (x509 auth)\n"       \
	"      --tls-no-verify-hostname  accept a server certificate issued for\n"      \
	"                           another name (unsafe)\n"                            \
	"      --session-timeout MS requested session timeout (30000)\n"                \
	"      --connect-timeout MS per server, including authentication (10000)\n"     \
	"      --window N           outstanding requests per connection (128)\n"

void cli_zk_init(struct cli_zk *z);

/* Wipe secrets and free everything. */
void cli_zk_release(struct cli_zk *z);

/*
 * Handle a connection option.  Returns 1 if opt was one, 0 if not, or -1
 * after printing a usage error.
 */
int cli_zk_opt(struct cli_zk *z, int opt, const char *arg);

/*
 * After option parsing: require --server, read --auth-file,
 * --sasl-password-file and the environment, check that the options fit
 * together.  Returns 0, or an exit code after printing the error.
 */
int cli_zk_ready(struct cli_zk *z, const char *cmd_name);

/*
 * Append an ACL as "scheme:id:perms" entries joined by ',' ("(none)" when
 * empty), digest hashes masked.
 */
void cli_zk_acl_text(struct strbuf *sb, const struct zk_acl *acl, size_t n);

/* The same as a JSON array of strings. */
void cli_zk_acl_json(struct strbuf *sb, const struct zk_acl *acl, size_t n);

/* The session's identities (whoAmI) as "scheme:id" joined by ',', masked. */
void cli_zk_ids_text(struct strbuf *sb, const struct zk_client_info *ids,
    size_t n);

/*
 * Read a whole file of at most max bytes into sb.  Prints the error and
 * returns -1 on failure.
 */
int cli_zk_read_file(const char *path, size_t max, struct strbuf *sb);

#endif
