/*
 * config.h - a ZooKeeper server's effective configuration, read offline.
 *
 * The server's settings come from zoo.cfg (java.util.Properties), its
 * dynamic configuration file, and JVM -D flags assembled by the start
 * scripts from shell fragments (Debian: /etc/zookeeper/conf/environment
 * then /etc/default/zookeeper for the init script's JAVA_OPTS; upstream:
 * conf/zookeeper-env.sh and conf/java.env for zkServer.sh's
 * SERVER_JVMFLAGS and JVMFLAGS).  ZooKeeper merges them in a fixed way:
 *   - core keys (C) are read from zoo.cfg only; -D does nothing for them;
 *   - every other zoo.cfg key K becomes the system property zookeeper.K
 *     after the JVM started, so zoo.cfg wins over -Dzookeeper.K (P);
 *   - some properties are read only as -D with their exact name (J), so a
 *     zoo.cfg line for them becomes zookeeper.<name> and is ignored.
 * zk_config_load() reproduces that merge and records where every value
 * came from (file and line), every line that has no effect, and every file
 * it could not read; zk_config_check() turns it into findings.
 *
 * Every setting of the reference table is declared once in ZK_SETTINGS
 * below: it drives the merge, the defaults and `rampart zk config --dump`.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_CONFIG_H
#define RAMPART_ZK_CONFIG_H

#include <sys/stat.h>

#include <stddef.h>

#include "core/result.h"
#include "host/rootfs.h"
#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "zk/jaas.h"
#include "zk/props.h"
#include "zk/shenv.h"

/* Where a setting can be given. */
enum zk_via {
	ZK_VIA_CORE, /* zoo.cfg (or the dynamic file) only */
	ZK_VIA_PROP, /* zoo.cfg key, or -Dzookeeper.<key>; zoo.cfg wins */
	ZK_VIA_JVM,  /* -D<name> only */
};

/* How the server reads the value. */
enum zk_stype {
	ZK_T_STR,    /* any text */
	ZK_T_INT,    /* Integer.parseInt: anything else stops the server */
	ZK_T_CBOOL,  /* core boolean: true/false (any case), else no start */
	ZK_T_BOOL,   /* Boolean.parseBoolean: only "true" (any case) is true */
	ZK_T_PATH,   /* a file or directory */
	ZK_T_SECRET, /* a password or hash: never printed */
	ZK_T_LIST,   /* comma-separated */
	ZK_T_HOST,   /* a host name or address */
};

enum zk_sflag {
	ZK_SF_SEC = 1 << 0,         /* security relevant */
	ZK_SF_PREFIX = 1 << 1,      /* a family: key.N (authProvider.1, ...) */
	ZK_SF_FILE = 1 << 2,        /* names a file that must exist */
	ZK_SF_SECRET_FILE = 1 << 3, /* ... and that file holds a secret */
};

/*
 * X(SYM, key, via, type, default, flags, since)
 *   key      zoo.cfg spelling for C and P (the property is "zookeeper."
 *            key for P); the exact property name for J
 *   default  what the server uses when nothing is set (NULL: unset)
 *   since    first release that reads it
 */
#define ZK_SETTINGS(X)                                                         \
	X(CLIENT_PORT, "clientPort", CORE, INT, NULL, ZK_SF_SEC, "3.0")        \
	X(CLIENT_PORT_ADDRESS, "clientPortAddress", CORE, HOST, NULL,          \
	    ZK_SF_SEC, "3.3")                                                  \
	X(SECURE_CLIENT_PORT, "secureClientPort", CORE, INT, NULL, ZK_SF_SEC,  \
	    "3.5.5")                                                           \
	X(SECURE_CLIENT_PORT_ADDRESS, "secureClientPortAddress", CORE, HOST,   \
	    NULL, ZK_SF_SEC, "3.5.5")                                          \
	X(SERVER_CNXN_FACTORY, "serverCnxnFactory", PROP, STR,                 \
	    "org.apache.zookeeper.server.NIOServerCnxnFactory", ZK_SF_SEC,     \
	    "3.5")                                                             \
	X(CLIENT_PORT_UNIFICATION, "client.portUnification", PROP, BOOL,       \
	    "false", ZK_SF_SEC, "3.5.7")                                       \
	X(SSL_CLIENT_AUTH, "ssl.clientAuth", PROP, STR, "need", ZK_SF_SEC,     \
	    "3.5.7")                                                           \
	X(SSL_QUORUM_CLIENT_AUTH, "ssl.quorum.clientAuth", PROP, STR, "need",  \
	    ZK_SF_SEC, "3.5.7")                                                \
	X(SSL_KEYSTORE_LOCATION, "ssl.keyStore.location", PROP, PATH, NULL,    \
	    ZK_SF_SEC | ZK_SF_FILE | ZK_SF_SECRET_FILE, "3.5.5")               \
	X(SSL_KEYSTORE_PASSWORD, "ssl.keyStore.password", PROP, SECRET, NULL,  \
	    ZK_SF_SEC, "3.5.5")                                                \
	X(SSL_KEYSTORE_PASSWORD_PATH, "ssl.keyStore.passwordPath", PROP, PATH, \
	    NULL, ZK_SF_SEC | ZK_SF_FILE | ZK_SF_SECRET_FILE, "3.8.0")         \
	X(SSL_KEYSTORE_TYPE, "ssl.keyStore.type", PROP, STR, NULL, 0, "3.5.5") \
	X(SSL_TRUSTSTORE_LOCATION, "ssl.trustStore.location", PROP, PATH,      \
	    NULL, ZK_SF_SEC | ZK_SF_FILE, "3.5.5")                             \
	X(SSL_TRUSTSTORE_PASSWORD, "ssl.trustStore.password", PROP, SECRET,    \
	    NULL, ZK_SF_SEC, "3.5.5")                                          \
	X(SSL_TRUSTSTORE_PASSWORD_PATH, "ssl.trustStore.passwordPath", PROP,   \
	    PATH, NULL, ZK_SF_SEC | ZK_SF_FILE | ZK_SF_SECRET_FILE, "3.8.0")   \
	X(SSL_TRUSTSTORE_TYPE, "ssl.trustStore.type", PROP, STR, NULL, 0,      \
	    "3.5.5")                                                           \
	X(SSL_QUORUM_KEYSTORE_LOCATION, "ssl.quorum.keyStore.location", PROP,  \
	    PATH, NULL, ZK_SF_SEC | ZK_SF_FILE | ZK_SF_SECRET_FILE, "3.5.5")   \
	X(SSL_QUORUM_KEYSTORE_PASSWORD, "ssl.quorum.keyStore.password", PROP,  \
	    SECRET, NULL, ZK_SF_SEC, "3.5.5")                                  \
	X(SSL_QUORUM_KEYSTORE_PASSWORD_PATH,                                   \
	    "ssl.quorum.keyStore.passwordPath", PROP, PATH, NULL,              \
	    ZK_SF_SEC | ZK_SF_FILE | ZK_SF_SECRET_FILE, "3.8.0")               \
	X(SSL_QUORUM_KEYSTORE_TYPE, "ssl.quorum.keyStore.type", PROP, STR,     \
	    NULL, 0, "3.5.5")                                                  \
	X(SSL_QUORUM_TRUSTSTORE_LOCATION, "ssl.quorum.trustStore.location",    \
	    PROP, PATH, NULL, ZK_SF_SEC | ZK_SF_FILE, "3.5.5")                 \
	X(SSL_QUORUM_TRUSTSTORE_PASSWORD, "ssl.quorum.trustStore.password",    \
	    PROP, SECRET, NULL, ZK_SF_SEC, "3.5.5")                            \
	X(SSL_QUORUM_TRUSTSTORE_PASSWORD_PATH,                                 \
	    "ssl.quorum.trustStore.passwordPath", PROP, PATH, NULL,            \
	    ZK_SF_SEC | ZK_SF_FILE | ZK_SF_SECRET_FILE, "3.8.0")               \
	X(SSL_QUORUM_TRUSTSTORE_TYPE, "ssl.quorum.trustStore.type", PROP, STR, \
	    NULL, 0, "3.5.5")                                                  \
	X(SSL_PROTOCOL, "ssl.protocol", PROP, STR, "TLSv1.3", ZK_SF_SEC,       \
	    "3.5.5")                                                           \
	X(SSL_ENABLED_PROTOCOLS, "ssl.enabledProtocols", PROP, LIST, NULL,     \
	    ZK_SF_SEC, "3.5.5")                                                \
	X(SSL_CIPHERSUITES, "ssl.ciphersuites", PROP, LIST, NULL, ZK_SF_SEC,   \
	    "3.5.5")                                                           \
	X(SSL_QUORUM_PROTOCOL, "ssl.quorum.protocol", PROP, STR, "TLSv1.3",    \
	    ZK_SF_SEC, "3.5.5")                                                \
	X(SSL_QUORUM_ENABLED_PROTOCOLS, "ssl.quorum.enabledProtocols", PROP,   \
	    LIST, NULL, ZK_SF_SEC, "3.5.5")                                    \
	X(SSL_QUORUM_CIPHERSUITES, "ssl.quorum.ciphersuites", PROP, LIST,      \
	    NULL, ZK_SF_SEC, "3.5.5")                                          \
	X(SSL_HOSTNAME_VERIFICATION, "ssl.hostnameVerification", PROP, BOOL,   \
	    "true", ZK_SF_SEC, "3.5.5")                                        \
	X(SSL_QUORUM_HOSTNAME_VERIFICATION, "ssl.quorum.hostnameVerification", \
	    PROP, BOOL, "true", ZK_SF_SEC, "3.5.5")                            \
	X(SSL_CLIENT_HOSTNAME_VERIFICATION, "ssl.clientHostnameVerification",  \
	    PROP, BOOL, "false", ZK_SF_SEC, "3.9.4")                           \
	X(SSL_QUORUM_CLIENT_HOSTNAME_VERIFICATION,                             \
	    "ssl.quorum.clientHostnameVerification", PROP, BOOL, "true",       \
	    ZK_SF_SEC, "3.9.4")                                                \
	X(SSL_ALLOW_REVERSE_DNS, "ssl.allowReverseDnsLookup", PROP, BOOL,      \
	    "false", ZK_SF_SEC, "3.8.6")                                       \
	X(SSL_QUORUM_ALLOW_REVERSE_DNS, "ssl.quorum.allowReverseDnsLookup",    \
	    PROP, BOOL, "true", ZK_SF_SEC, "3.8.6")                            \
	X(SSL_CRL, "ssl.crl", PROP, BOOL, "false", ZK_SF_SEC, "3.5.5")         \
	X(SSL_OCSP, "ssl.ocsp", PROP, BOOL, "false", ZK_SF_SEC, "3.5.5")       \
	X(SSL_AUTH_PROVIDER, "ssl.authProvider", PROP, STR, "x509", ZK_SF_SEC, \
	    "3.5.5")                                                           \
	X(FIPS_MODE, "fips-mode", PROP, BOOL, "false", ZK_SF_SEC, "3.8.2")     \
	X(SSL_QUORUM, "sslQuorum", CORE, CBOOL, "false", ZK_SF_SEC, "3.5.5")   \
	X(PORT_UNIFICATION, "portUnification", CORE, CBOOL, "false",           \
	    ZK_SF_SEC, "3.5.5")                                                \
	X(QUORUM_SASL, "quorum.auth.enableSasl", CORE, CBOOL, "false",         \
	    ZK_SF_SEC, "3.4.10")                                               \
	X(QUORUM_LEARNER_SASL, "quorum.auth.learnerRequireSasl", CORE, CBOOL,  \
	    "false", ZK_SF_SEC, "3.4.10")                                      \
	X(QUORUM_SERVER_SASL, "quorum.auth.serverRequireSasl", CORE, CBOOL,    \
	    "false", ZK_SF_SEC, "3.4.10")                                      \
	X(QUORUM_PRINCIPAL, "quorum.auth.kerberos.servicePrincipal", CORE,     \
	    STR, "zkquorum/localhost", ZK_SF_SEC, "3.4.10")                    \
	X(QUORUM_LEARNER_CONTEXT, "quorum.auth.learner.saslLoginContext",      \
	    CORE, STR, "QuorumLearner", ZK_SF_SEC, "3.4.10")                   \
	X(QUORUM_SERVER_CONTEXT, "quorum.auth.server.saslLoginContext", CORE,  \
	    STR, "QuorumServer", ZK_SF_SEC, "3.4.10")                          \
	X(QUORUM_LISTEN_ALL, "quorumListenOnAllIPs", CORE, CBOOL, "false",     \
	    ZK_SF_SEC, "3.4.6")                                                \
	X(AUTH_PROVIDER, "authProvider", PROP, STR, NULL,                      \
	    ZK_SF_SEC | ZK_SF_PREFIX, "3.0")                                   \
	X(REQUIRE_CLIENT_AUTH_SCHEME, "requireClientAuthScheme", PROP, STR,    \
	    NULL, ZK_SF_SEC, "-")                                              \
	X(SESSION_REQUIRE_SASL, "sessionRequireClientSASLAuth", PROP, BOOL,    \
	    "false", ZK_SF_SEC, "3.5.9")                                       \
	X(ENFORCE_AUTH, "enforce.auth.enabled", PROP, BOOL, "false",           \
	    ZK_SF_SEC, "3.7")                                                  \
	X(ENFORCE_AUTH_SCHEMES, "enforce.auth.schemes", PROP, LIST, NULL,      \
	    ZK_SF_SEC, "3.7")                                                  \
	X(ALLOW_SASL_FAILED, "allowSaslFailedClients", PROP, BOOL, "false",    \
	    ZK_SF_SEC, "3.4")                                                  \
	X(KRB_REMOVE_HOST, "kerberos.removeHostFromPrincipal", PROP, BOOL,     \
	    "false", ZK_SF_SEC, "3.4")                                         \
	X(KRB_REMOVE_REALM, "kerberos.removeRealmFromPrincipal", PROP, BOOL,   \
	    "false", ZK_SF_SEC, "3.4")                                         \
	X(AUTH_TO_LOCAL, "security.auth_to_local", PROP, STR, "DEFAULT",       \
	    ZK_SF_SEC, "3.4")                                                  \
	X(KRB_CANONICALIZE, "kerberos.canonicalizeHostNames", PROP, BOOL,      \
	    "false", ZK_SF_SEC, "3.7")                                         \
	X(SUPER_USER, "superUser", PROP, STR, NULL, ZK_SF_SEC, "3.4")          \
	X(SUPER_USER_N, "superUser", PROP, STR, NULL,                          \
	    ZK_SF_SEC | ZK_SF_PREFIX, "3.7")                                   \
	X(SUPER_DIGEST, "DigestAuthenticationProvider.superDigest", PROP,      \
	    SECRET, NULL, ZK_SF_SEC, "3.0")                                    \
	X(DIGEST_ENABLED, "DigestAuthenticationProvider.enabled", PROP, BOOL,  \
	    "true", ZK_SF_SEC, "3.7")                                          \
	X(DIGEST_ALG, "DigestAuthenticationProvider.digestAlg", PROP, STR,     \
	    "SHA1", ZK_SF_SEC, "3.7")                                          \
	X(X509_SUPER_USER, "X509AuthenticationProvider.superUser", PROP, STR,  \
	    NULL, ZK_SF_SEC, "3.5")                                            \
	X(SASL_SUPER_PASSWORD, "SASLAuthenticationProvider.superPassword",     \
	    PROP, SECRET, NULL, ZK_SF_SEC, "3.4")                              \
	X(LET_ANY_SASL, "letAnySaslUserDoX", PROP, STR, NULL, ZK_SF_SEC,       \
	    "3.5")                                                             \
	X(ENSEMBLE_AUTH_NAME, "ensembleAuthName", PROP, STR, NULL, ZK_SF_SEC,  \
	    "3.6")                                                             \
	X(IP_XFF, "IPAuthenticationProvider.usexforwardedfor", PROP, BOOL,     \
	    "false", ZK_SF_SEC, "3.9.3")                                       \
	X(SKIP_ACL, "skipACL", PROP, STR, "no", ZK_SF_SEC, "3.0")              \
	X(ADMIN_ENABLE, "admin.enableServer", PROP, STR, "true", ZK_SF_SEC,    \
	    "3.5")                                                             \
	X(ADMIN_ADDRESS, "admin.serverAddress", PROP, HOST, "0.0.0.0",         \
	    ZK_SF_SEC, "3.5")                                                  \
	X(ADMIN_PORT, "admin.serverPort", PROP, INT, "8080", ZK_SF_SEC, "3.5") \
	X(ADMIN_FORCE_HTTPS, "admin.forceHttps", PROP, BOOL, "false",          \
	    ZK_SF_SEC, "3.7.1")                                                \
	X(ADMIN_PORT_UNIFICATION, "admin.portUnification", PROP, BOOL,         \
	    "false", ZK_SF_SEC, "3.6")                                         \
	X(ADMIN_NEED_CLIENT_AUTH, "admin.needClientAuth", PROP, BOOL, "false", \
	    ZK_SF_SEC, "3.9")                                                  \
	X(ADMIN_SNAPSHOT, "admin.snapshot.enabled", PROP, BOOL, "true",        \
	    ZK_SF_SEC, "3.9")                                                  \
	X(ADMIN_RESTORE, "admin.restore.enabled", PROP, BOOL, "true",          \
	    ZK_SF_SEC, "3.9")                                                  \
	X(FOUR_LW, "4lw.commands.whitelist", PROP, LIST, "srvr", ZK_SF_SEC,    \
	    "3.5.3")                                                           \
	X(METRICS_CLASS, "metricsProvider.className", CORE, STR,               \
	    "org.apache.zookeeper.metrics.impl.DefaultMetricsProvider",        \
	    ZK_SF_SEC, "3.6")                                                  \
	X(METRICS_HOST, "metricsProvider.httpHost", CORE, HOST, "0.0.0.0",     \
	    ZK_SF_SEC, "3.6")                                                  \
	X(METRICS_PORT, "metricsProvider.httpPort", CORE, INT, "7000", 0,      \
	    "3.6")                                                             \
	X(JMX_PORT, "com.sun.management.jmxremote.port", JVM, INT, NULL,       \
	    ZK_SF_SEC, "-")                                                    \
	X(JMX_AUTH, "com.sun.management.jmxremote.authenticate", JVM, BOOL,    \
	    "true", ZK_SF_SEC, "-")                                            \
	X(JMX_SSL, "com.sun.management.jmxremote.ssl", JVM, BOOL, "true",      \
	    ZK_SF_SEC, "-")                                                    \
	X(JMX_LOCAL_ONLY, "com.sun.management.jmxremote.local.only", JVM,      \
	    BOOL, "true", ZK_SF_SEC, "-")                                      \
	X(AUDIT_ENABLE, "audit.enable", PROP, BOOL, "false", ZK_SF_SEC, "3.6") \
	X(AUDIT_IMPL, "audit.impl.class", PROP, STR, NULL, 0, "3.6")           \
	X(MAX_CLIENT_CNXNS, "maxClientCnxns", CORE, INT, "60", ZK_SF_SEC,      \
	    "3.0")                                                             \
	X(MAX_CNXNS, "maxCnxns", PROP, INT, "0", 0, "3.6")                     \
	X(GLOBAL_OUTSTANDING, "globalOutstandingLimit", PROP, INT, "1000", 0,  \
	    "3.0")                                                             \
	X(JUTE_MAXBUFFER, "jute.maxbuffer", JVM, INT, "1048575", 0, "3.0")     \
	X(RECONFIG, "reconfigEnabled", CORE, CBOOL, "false", ZK_SF_SEC,        \
	    "3.5.3")                                                           \
	X(STANDALONE, "standaloneEnabled", CORE, CBOOL, "true", 0, "3.5")      \
	X(SNAPSHOT_TRUST_EMPTY, "snapshot.trust.empty", PROP, BOOL, "false",   \
	    0, "3.5.6")                                                        \
	X(SNAPSHOT_COMPRESSION, "snapshot.compression.method", PROP, STR, "",  \
	    0, "3.6")                                                          \
	X(DIGEST_TREE, "digest.enabled", PROP, BOOL, "true", 0, "3.6")         \
	X(CLOSE_SESSION_TXN, "closeSessionTxn.enabled", PROP, BOOL, "true", 0, \
	    "3.6")                                                             \
	X(SERIALIZE_LAST_ZXID, "serializeLastProcessedZxid.enabled", PROP,     \
	    BOOL, "true", 0, "3.9")                                            \
	X(EXTENDED_TYPES, "extendedTypesEnabled", PROP, BOOL, "false", 0,      \
	    "3.5.4")                                                           \
	X(DATA_DIR, "dataDir", CORE, PATH, NULL, ZK_SF_SEC, "3.0")             \
	X(DATA_LOG_DIR, "dataLogDir", CORE, PATH, NULL, ZK_SF_SEC, "3.0")      \
	X(AUTOPURGE_RETAIN, "autopurge.snapRetainCount", CORE, INT, "3", 0,    \
	    "3.4")                                                             \
	X(AUTOPURGE_INTERVAL, "autopurge.purgeInterval", CORE, INT, "0", 0,    \
	    "3.4")                                                             \
	X(SASL_SERVER_CONFIG, "sasl.serverconfig", PROP, STR, "Server",        \
	    ZK_SF_SEC, "3.4.6")                                                \
	X(JAAS_CONFIG, "java.security.auth.login.config", JVM, PATH, NULL,     \
	    ZK_SF_SEC | ZK_SF_FILE, "-")                                       \
	X(KRB5_CONF, "java.security.krb5.conf", JVM, PATH, NULL,               \
	    ZK_SF_SEC | ZK_SF_FILE, "-")                                       \
	X(KRB5_DEBUG, "sun.security.krb5.debug", JVM, BOOL, "false",           \
	    ZK_SF_SEC, "-")                                                    \
	X(JGSS_DEBUG, "sun.security.jgss.debug", JVM, BOOL, "false",           \
	    ZK_SF_SEC, "-")                                                    \
	X(READONLY_MODE, "readonlymode.enabled", JVM, BOOL, "false", 0, "3.4") \
	X(TICK_TIME, "tickTime", CORE, INT, "3000", 0, "3.0")                  \
	X(INIT_LIMIT, "initLimit", CORE, INT, NULL, 0, "3.0")                  \
	X(SYNC_LIMIT, "syncLimit", CORE, INT, NULL, 0, "3.0")                  \
	X(MIN_SESSION_TIMEOUT, "minSessionTimeout", CORE, INT, NULL, 0, "3.3") \
	X(MAX_SESSION_TIMEOUT, "maxSessionTimeout", CORE, INT, NULL, 0, "3.3") \
	X(DYNAMIC_CONFIG_FILE, "dynamicConfigFile", CORE, PATH, NULL,          \
	    ZK_SF_FILE, "3.5")                                                 \
	X(PEER_TYPE, "peerType", CORE, STR, "participant", 0, "3.3")           \
	X(ELECTION_ALG, "electionAlg", CORE, INT, "3", 0, "3.0")               \
	X(LOCAL_SESSIONS, "localSessionsEnabled", CORE, CBOOL, "false", 0,     \
	    "3.5")                                                             \
	X(LOCAL_SESSIONS_UPGRADING, "localSessionsUpgradingEnabled", CORE,     \
	    CBOOL, "false", 0, "3.5")                                          \
	X(SYNC_ENABLED, "syncEnabled", CORE, CBOOL, "true", 0, "3.4")          \
	X(SSL_QUORUM_RELOAD, "sslQuorumReloadCertFiles", CORE, CBOOL, "false", \
	    0, "3.5.5")                                                        \
	X(CLIENT_BACKLOG, "clientPortListenBacklog", CORE, INT, NULL, 0,       \
	    "3.6")                                                             \
	X(OBSERVER_MASTER_PORT, "observerMasterPort", CORE, INT, NULL, 0,      \
	    "3.6")                                                             \
	X(LEARNER_MASTER_LIMIT, "connectToLearnerMasterLimit", CORE, INT,      \
	    NULL, 0, "3.6")                                                    \
	X(QUORUM_CNXN_THREADS, "quorum.cnxn.threads.size", CORE, INT, NULL, 0, \
	    "3.4.10")                                                          \
	X(ORACLE_PATH, "oraclePath", CORE, PATH, NULL, 0, "3.8")               \
	X(MULTI_ADDRESS, "multiAddress.enabled", CORE, CBOOL, "false", 0, "3.6")

enum zk_setting {
#define ZK_SETTING_ENUM(sym, ...) ZK_SET_##sym,
	ZK_SETTINGS(ZK_SETTING_ENUM)
#undef ZK_SETTING_ENUM
	ZK_SET__COUNT
};

struct zk_setting_def {
	const char *key;
	enum zk_via via;
	enum zk_stype type;
	const char *def; /* NULL: unset */
	unsigned flags;  /* enum zk_sflag */
	const char *since;
};

extern const struct zk_setting_def zk_setting_defs[ZK_SET__COUNT];

/* Zoo.cfg names from the admin guide that no code reads. */
#define ZK_DEAD_ALIASES(X)                                                 \
	X("requestThrottleLimit", "request_throttle_max_requests")         \
	X("requestThrottleStallTime", "request_throttle_stall_time")       \
	X("requestThrottleDropStale", "request_throttle_drop_stale")       \
	X("requestStaleLatencyCheck", "request_stale_latency_check")       \
	X("requestStaleConnectionCheck", "request_stale_connection_check") \
	X("throttledOpWaitTime", "throttled_op_wait_time")                 \
	X("connectionMaxTokens", "connection_throttle_tokens")             \
	X("connectionTokenFillTime", "connection_throttle_fill_time")      \
	X("connectionTokenFillCount", "connection_throttle_fill_count")    \
	X("connectionFreezeTime", "connection_throttle_freeze_time")       \
	X("connectionDropIncrease", "connection_throttle_drop_increase")   \
	X("connectionDropDecrease", "connection_throttle_drop_decrease")   \
	X("connectionDecreaseRatio", "connection_throttle_decrease_ratio")

/* Where an effective value came from. */
enum zk_src {
	ZK_SRC_DEFAULT, /* nothing set: the server's default */
	ZK_SRC_ZOOCFG,  /* zoo.cfg */
	ZK_SRC_DYNAMIC, /* the dynamic configuration file */
	ZK_SRC_JVM,     /* a -D flag of the server's JVM */
};

struct zk_value {
	const char *key;   /* as written ("authProvider.1", "zookeeper.x") */
	const char *value; /* trimmed as the server trims; NULL when unset */
	enum zk_src src;
	const char *file; /* NULL for defaults */
	unsigned line;
	const char *via; /* "JAVA_OPTS", "SERVER_JVMFLAGS", ... for -D */
};

/* A -D flag of the server's (or client's) JVM command line. */
struct zk_jvm_flag {
	const char *name;
	const char *value;
	const char *file;
	unsigned line;
	const char *var; /* the shell variable that carried it */
	int client;      /* CLIENT_JVMFLAGS: zkCli.sh only */
	int dead; /* the start script never passes it (java.env on Debian) */
};

/* A line that has no effect, found while merging. */
struct zk_dead {
	const char *key; /* as written */
	const char *file;
	unsigned line;
	const char *why;     /* one sentence */
	const char *instead; /* the working spelling, or NULL */
	int security;        /* it looks like a security setting */
	const char *value;   /* for evidence; NULL when secret */
};

/* A file rampart read (or tried to), with its status. */
enum zk_file_kind {
	ZK_FILE_ZOOCFG,
	ZK_FILE_DYNAMIC,
	ZK_FILE_ENV, /* sourced shell fragment */
	ZK_FILE_JAAS,
	ZK_FILE_KEYTAB,
	ZK_FILE_SECRET, /* password file, key store */
	ZK_FILE_TRUST,  /* trust store, krb5.conf */
	ZK_FILE_DATADIR,
};

struct zk_file {
	const char *path;  /* inside the root, as referenced */
	const char *canon; /* resolved inside the root; NULL if missing */
	enum zk_file_kind kind;
	const char *what;     /* "zoo.cfg", "keyTab of jaas section Server" */
	const char *ref_file; /* where it was referenced (NULL: well known) */
	unsigned ref_line;
	int exists;
	struct rootfs_stat st;     /* valid when exists */
	struct rootfs_stat dir_st; /* the directory holding it, when exists */
	int has_secret;     /* holds a password, hash or key */
	int required;       /* missing is a finding */
};

/* A server.N line. */
struct zk_server {
	const char *id;
	const char *value;
	const char *file;
	unsigned line;
	int observer;
	int client_port; /* from ";[addr:]port", 0 if none */
	const char *client_addr;
};

struct zk_config_opts {
	const char *conf_dir;     /* inside the root; NULL = detect */
	const char *zoo_cfg;      /* inside the root; NULL = detect */
	const char *service_user; /* NULL = "zookeeper" */
};

/* A user or group of the audited system (from its /etc/passwd, /etc/group). */
struct zk_ident {
	long id;
	const char *name;
	const char *home; /* users only */
};

struct zk_config {
	struct arena arena;
	const struct rootfs *root; /* borrowed */
	const char *service_user;
	long svc_uid, svc_gid; /* -1 when the user is unknown */
	struct zk_ident *users, *groups;
	size_t nusers, ausers, ngroups, agroups;

	int debian; /* Debian package layout */
	const char *conf_dir;
	const char *zoo_cfg;
	struct zk_props cfg; /* zoo.cfg entries */
	struct zk_props dyn; /* dynamic file entries */
	struct zk_shenv env;

	struct zk_jvm_flag *flags;
	size_t nflags, aflags;

	struct zk_value vals[ZK_SET__COUNT];
	struct zk_value *multi; /* members of prefix families */
	size_t nmulti, amulti;

	struct zk_server *servers;
	size_t nservers, aservers;

	struct zk_dead *dead;
	size_t ndead, adead;

	struct zk_file *files;
	size_t nfiles, afiles;

	struct rp_diag *problems; /* files that could not be read/parsed */
	size_t nproblems, aproblems;
	const char **parsed; /* files parsed without error */
	size_t nparsed, aparsed;

	const char *jaas_path; /* NULL when no JAAS file is configured */
	int jaas_loaded;
	struct zk_jaas jaas;

	const char *version;     /* "3.8.0-11+deb12u2" or NULL */
	const char *version_src; /* "dpkg package zookeeper" */
	int version_debian;      /* a Debian revision is part of it */
};

void zk_config_init(struct zk_config *c);
void zk_config_release(struct zk_config *c);

/*
 * Find and read a server's configuration under root.  Without
 * opts->conf_dir the Debian layout (/etc/zookeeper/conf) is tried first,
 * then the usual upstream install directories.  Returns RP_ENOENT (d says
 * where it looked) when no zoo.cfg exists; every other problem (an
 * unreadable or malformed file) is recorded in c->problems and loading
 * goes on, as the rest of the audit is still worth having.
 */
int zk_config_load(struct zk_config *c, const struct rootfs *root,
    const struct zk_config_opts *opts, struct rp_diag *d) RP_MUST_CHECK;

/* True when root holds a ZooKeeper server configuration. */
int zk_config_present(const struct rootfs *root);

/* The effective value of s (its default when unset; value NULL if none). */
const struct zk_value *zk_config_get(const struct zk_config *c,
    enum zk_setting s);

/* True when the setting was given explicitly. */
int zk_config_isset(const struct zk_config *c, enum zk_setting s);

/*
 * Boolean value as the server reads it: ZK_T_BOOL and ZK_T_CBOOL by
 * Java's rules (only "true", any case, is true), anything else by
 * whether the text equals "true".  Unset settings use their default.
 */
int zk_config_bool(const struct zk_config *c, enum zk_setting s);

/*
 * Integer value; *ok is 0 when the text is not an integer Java's
 * Integer.parseInt accepts (the server then refuses to start for core
 * keys).  Unset settings use the default (0 when there is none).
 */
long zk_config_int(const struct zk_config *c, enum zk_setting s, int *ok);

/* True when the value of s must never be printed. */
int zk_setting_secret(enum zk_setting s);

/*
 * Mask a value for output when key names a secret (by the table, or by a
 * name containing "password", "secret" or "digest").  Returns the value
 * itself or a fixed "****" text; never NULL.
 */
const char *zk_config_mask(const char *key, const char *value);

/*
 * Emit the findings of every zk config rule into r (passes counted).
 * scope names the audited system in the result's target list.
 */
void zk_config_check(const struct zk_config *c, struct result *r);

/*
 * What `rampart zk config` does: open root_dir as the audited system,
 * load its ZooKeeper configuration, add a "zk" target to r and emit the
 * findings.  Returns 0; RP_ENOENT when the root holds no configuration
 * (d says where rampart looked); another RP_E* when the root cannot be
 * opened.  Unreadable files inside the configuration are findings, not
 * errors.
 */
int zk_config_scan(const char *root_dir, const struct zk_config_opts *o,
    struct result *r, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Append a readable listing of every setting: effective value (secrets
 * masked), source file:line, default; then JVM flags, dead lines, files
 * and problems.
 */
void zk_config_dump(const struct zk_config *c, struct strbuf *out);

/* The user or group name of an id on the audited system, or NULL. */
const char *zk_config_user(const struct zk_config *c, long uid);
const char *zk_config_group(const struct zk_config *c, long gid);

/* The name of an enum value, for dumps. */
const char *zk_via_name(enum zk_via v);
const char *zk_src_name(enum zk_src s);

#endif
