/*
 * sshd.h - the effective sshd configuration, computed as OpenSSH 9.2p1
 * (Debian 12) computes it.
 *
 * sshd reads its configuration twice.  The first pass runs with no
 * connection: global lines are applied, Match blocks are only checked for
 * syntax (except "Match all"), Include is expanded in place with glob(3)
 * order and relative paths taken from /etc/ssh, and for each keyword the
 * first value obtained wins (a few keywords accumulate, a few take the
 * last value, a few take the whole list from their first line).  Built-in
 * defaults then fill what is unset and algorithm lists are assembled
 * against the compiled-in defaults (+list, -list, ^list, wildcards).  The
 * second pass evaluates the Match blocks for one connection (sshd -T -C
 * user=,host=,addr=...) and copies what the matching blocks set over the
 * global values.  This module does exactly that, reading files through a
 * caller-supplied loader so that it works under --root and on fuzz input.
 *
 * Every keyword sshd knows is declared once in SSHD_KEYWORDS below; the
 * table drives parsing, defaults, the Match copy-back and the dump in the
 * format and order of `sshd -T`, which tests compare with the real sshd.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_SSHD_H
#define RAMPART_HOST_SSHD_H

#include <stddef.h>

#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"

/* How a keyword's arguments are read. */
enum sshd_type {
	SSHD_T_FLAG,    /* yes | no */
	SSHD_T_MULTI,   /* one of a keyword-specific set of words */
	SSHD_T_INT,     /* non-negative decimal integer */
	SSHD_T_TIME,    /* sshd time format: 90, 2m, 1h30m */
	SSHD_T_OCTAL,   /* file mode mask */
	SSHD_T_STRING,  /* one word, kept as written */
	SSHD_T_PATH,    /* one path: ~ expanded, relative to the cwd */
	SSHD_T_LINE,    /* the rest of the line */
	SSHD_T_ALGS,    /* algorithm list with +, -, ^ and wildcards */
	SSHD_T_LIST,    /* several words */
	SSHD_T_SPECIAL, /* keyword-specific syntax */
};

/* Which value wins when a keyword appears more than once. */
enum sshd_policy {
	SSHD_P_FIRST, /* the first value obtained */
	SSHD_P_LAST,  /* every line overwrites (sshd does so for a few) */
	SSHD_P_ACCUM, /* every line adds to the list */
	SSHD_P_LIST1, /* the first line sets the whole list */
	SSHD_P_NONE,  /* not a setting (Include, Match) */
};

/* Where a keyword may appear; bits. */
enum sshd_scope {
	SSHD_S_GLOBAL = 1 << 0, /* the main section */
	SSHD_S_MATCH = 1 << 1,  /* inside Match; also copied from Match */
	SSHD_S_NODUMP = 1 << 2, /* sshd -T does not print it */
};

#define SSHD_S_ALL (SSHD_S_GLOBAL | SSHD_S_MATCH)

/*
 * X(ID, "name", type, policy, scope, "default") in the order sshd -T
 * prints them.  The default is parsed with the keyword's own parser; NULL
 * means unset ("none" in the dump).
 */
#define SSHD_KEYWORDS(X)                                                       \
	X(PORT, "port", SSHD_T_SPECIAL, SSHD_P_ACCUM, SSHD_S_GLOBAL, "22")     \
	X(ADDRESSFAMILY, "addressfamily", SSHD_T_MULTI, SSHD_P_FIRST,          \
	    SSHD_S_GLOBAL, "any")                                              \
	X(LISTENADDRESS, "listenaddress", SSHD_T_SPECIAL, SSHD_P_ACCUM,        \
	    SSHD_S_GLOBAL, NULL)                                               \
	X(USEPAM, "usepam", SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_GLOBAL, "no")    \
	X(LOGINGRACETIME, "logingracetime", SSHD_T_TIME, SSHD_P_FIRST,         \
	    SSHD_S_GLOBAL, "120")                                              \
	X(X11DISPLAYOFFSET, "x11displayoffset", SSHD_T_INT, SSHD_P_FIRST,      \
	    SSHD_S_ALL, "10")                                                  \
	X(MAXAUTHTRIES, "maxauthtries", SSHD_T_INT, SSHD_P_FIRST, SSHD_S_ALL,  \
	    "6")                                                               \
	X(MAXSESSIONS, "maxsessions", SSHD_T_INT, SSHD_P_FIRST, SSHD_S_ALL,    \
	    "10")                                                              \
	X(CLIENTALIVEINTERVAL, "clientaliveinterval", SSHD_T_TIME,             \
	    SSHD_P_FIRST, SSHD_S_ALL, "0")                                     \
	X(CLIENTALIVECOUNTMAX, "clientalivecountmax", SSHD_T_INT,              \
	    SSHD_P_FIRST, SSHD_S_ALL, "3")                                     \
	X(REQUIREDRSASIZE, "requiredrsasize", SSHD_T_INT, SSHD_P_FIRST,        \
	    SSHD_S_ALL, "1024")                                                \
	X(STREAMLOCALBINDMASK, "streamlocalbindmask", SSHD_T_OCTAL,            \
	    SSHD_P_LAST, SSHD_S_ALL, "0177")                                   \
	X(UNUSEDCONNECTIONTIMEOUT, "unusedconnectiontimeout", SSHD_T_SPECIAL,  \
	    SSHD_P_FIRST, SSHD_S_ALL, "none")                                  \
	X(PERMITROOTLOGIN, "permitrootlogin", SSHD_T_MULTI, SSHD_P_FIRST,      \
	    SSHD_S_ALL, "prohibit-password")                                   \
	X(IGNORERHOSTS, "ignorerhosts", SSHD_T_MULTI, SSHD_P_FIRST,            \
	    SSHD_S_ALL, "yes")                                                 \
	X(IGNOREUSERKNOWNHOSTS, "ignoreuserknownhosts", SSHD_T_FLAG,           \
	    SSHD_P_FIRST, SSHD_S_GLOBAL, "no")                                 \
	X(HOSTBASEDAUTHENTICATION, "hostbasedauthentication", SSHD_T_FLAG,     \
	    SSHD_P_FIRST, SSHD_S_ALL, "no")                                    \
	X(HOSTBASEDUSESNAMEFROMPACKETONLY, "hostbasedusesnamefrompacketonly",  \
	    SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_ALL, "no")                       \
	X(PUBKEYAUTHENTICATION, "pubkeyauthentication", SSHD_T_FLAG,           \
	    SSHD_P_FIRST, SSHD_S_ALL, "yes")                                   \
	X(KERBEROSAUTHENTICATION, "kerberosauthentication", SSHD_T_FLAG,       \
	    SSHD_P_FIRST, SSHD_S_ALL, "no")                                    \
	X(KERBEROSORLOCALPASSWD, "kerberosorlocalpasswd", SSHD_T_FLAG,         \
	    SSHD_P_FIRST, SSHD_S_GLOBAL, "yes")                                \
	X(KERBEROSTICKETCLEANUP, "kerberosticketcleanup", SSHD_T_FLAG,         \
	    SSHD_P_FIRST, SSHD_S_GLOBAL, "yes")                                \
	X(GSSAPIAUTHENTICATION, "gssapiauthentication", SSHD_T_FLAG,           \
	    SSHD_P_FIRST, SSHD_S_ALL, "no")                                    \
	X(GSSAPICLEANUPCREDENTIALS, "gssapicleanupcredentials", SSHD_T_FLAG,   \
	    SSHD_P_FIRST, SSHD_S_GLOBAL, "yes")                                \
	X(GSSAPIKEYEXCHANGE, "gssapikeyexchange", SSHD_T_FLAG, SSHD_P_FIRST,   \
	    SSHD_S_GLOBAL, "no")                                               \
	X(GSSAPISTRICTACCEPTORCHECK, "gssapistrictacceptorcheck",              \
	    SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_GLOBAL, "yes")                   \
	X(GSSAPISTORECREDENTIALSONREKEY, "gssapistorecredentialsonrekey",      \
	    SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_GLOBAL, "no")                    \
	X(GSSAPIKEXALGORITHMS, "gssapikexalgorithms", SSHD_T_SPECIAL,          \
	    SSHD_P_FIRST, SSHD_S_GLOBAL,                                       \
	    "gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,"    \
	    "gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-")          \
	X(PASSWORDAUTHENTICATION, "passwordauthentication", SSHD_T_FLAG,       \
	    SSHD_P_FIRST, SSHD_S_ALL, "yes")                                   \
	X(KBDINTERACTIVEAUTHENTICATION, "kbdinteractiveauthentication",        \
	    SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_ALL, "yes")                      \
	X(PRINTMOTD, "printmotd", SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_GLOBAL,    \
	    "yes")                                                             \
	X(PRINTLASTLOG, "printlastlog", SSHD_T_FLAG, SSHD_P_FIRST,             \
	    SSHD_S_GLOBAL, "yes")                                              \
	X(X11FORWARDING, "x11forwarding", SSHD_T_FLAG, SSHD_P_FIRST,           \
	    SSHD_S_ALL, "no")                                                  \
	X(X11USELOCALHOST, "x11uselocalhost", SSHD_T_FLAG, SSHD_P_FIRST,       \
	    SSHD_S_ALL, "yes")                                                 \
	X(PERMITTTY, "permittty", SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_ALL,       \
	    "yes")                                                             \
	X(PERMITUSERRC, "permituserrc", SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_ALL, \
	    "yes")                                                             \
	X(STRICTMODES, "strictmodes", SSHD_T_FLAG, SSHD_P_FIRST,               \
	    SSHD_S_GLOBAL, "yes")                                              \
	X(TCPKEEPALIVE, "tcpkeepalive", SSHD_T_FLAG, SSHD_P_FIRST,             \
	    SSHD_S_GLOBAL, "yes")                                              \
	X(PERMITEMPTYPASSWORDS, "permitemptypasswords", SSHD_T_FLAG,           \
	    SSHD_P_FIRST, SSHD_S_ALL, "no")                                    \
	X(COMPRESSION, "compression", SSHD_T_MULTI, SSHD_P_FIRST,              \
	    SSHD_S_GLOBAL, "yes")                                              \
	X(GATEWAYPORTS, "gatewayports", SSHD_T_MULTI, SSHD_P_FIRST,            \
	    SSHD_S_ALL, "no")                                                  \
	X(USEDNS, "usedns", SSHD_T_FLAG, SSHD_P_FIRST, SSHD_S_GLOBAL, "no")    \
	X(ALLOWTCPFORWARDING, "allowtcpforwarding", SSHD_T_MULTI,              \
	    SSHD_P_FIRST, SSHD_S_ALL, "yes")                                   \
	X(ALLOWAGENTFORWARDING, "allowagentforwarding", SSHD_T_FLAG,           \
	    SSHD_P_FIRST, SSHD_S_ALL, "yes")                                   \
	X(DISABLEFORWARDING, "disableforwarding", SSHD_T_FLAG, SSHD_P_FIRST,   \
	    SSHD_S_ALL, "no")                                                  \
	X(ALLOWSTREAMLOCALFORWARDING, "allowstreamlocalforwarding",            \
	    SSHD_T_MULTI, SSHD_P_FIRST, SSHD_S_ALL, "yes")                     \
	X(STREAMLOCALBINDUNLINK, "streamlocalbindunlink", SSHD_T_FLAG,         \
	    SSHD_P_FIRST, SSHD_S_ALL, "no")                                    \
	X(FINGERPRINTHASH, "fingerprinthash", SSHD_T_SPECIAL, SSHD_P_LAST,     \
	    SSHD_S_GLOBAL, "SHA256")                                           \
	X(EXPOSEAUTHINFO, "exposeauthinfo", SSHD_T_FLAG, SSHD_P_FIRST,         \
	    SSHD_S_ALL, "no")                                                  \
	X(PIDFILE, "pidfile", SSHD_T_PATH, SSHD_P_FIRST, SSHD_S_GLOBAL,        \
	    "/run/sshd.pid")                                                   \
	X(MODULIFILE, "modulifile", SSHD_T_PATH, SSHD_P_FIRST, SSHD_S_GLOBAL,  \
	    "/etc/ssh/moduli")                                                 \
	X(XAUTHLOCATION, "xauthlocation", SSHD_T_PATH, SSHD_P_FIRST,           \
	    SSHD_S_GLOBAL, "/usr/bin/xauth")                                   \
	X(CIPHERS, "ciphers", SSHD_T_ALGS, SSHD_P_FIRST, SSHD_S_GLOBAL, NULL)  \
	X(MACS, "macs", SSHD_T_ALGS, SSHD_P_FIRST, SSHD_S_GLOBAL, NULL)        \
	X(BANNER, "banner", SSHD_T_PATH, SSHD_P_FIRST, SSHD_S_ALL, NULL)       \
	X(FORCECOMMAND, "forcecommand", SSHD_T_LINE, SSHD_P_FIRST, SSHD_S_ALL, \
	    NULL)                                                              \
	X(CHROOTDIRECTORY, "chrootdirectory", SSHD_T_STRING, SSHD_P_FIRST,     \
	    SSHD_S_ALL, NULL)                                                  \
	X(TRUSTEDUSERCAKEYS, "trustedusercakeys", SSHD_T_PATH, SSHD_P_FIRST,   \
	    SSHD_S_ALL, NULL)                                                  \
	X(REVOKEDKEYS, "revokedkeys", SSHD_T_PATH, SSHD_P_FIRST, SSHD_S_ALL,   \
	    NULL)                                                              \
	X(SECURITYKEYPROVIDER, "securitykeyprovider", SSHD_T_SPECIAL,          \
	    SSHD_P_FIRST, SSHD_S_GLOBAL, "internal")                           \
	X(AUTHORIZEDPRINCIPALSFILE, "authorizedprincipalsfile",                \
	    SSHD_T_SPECIAL, SSHD_P_FIRST, SSHD_S_ALL, NULL)                    \
	X(VERSIONADDENDUM, "versionaddendum", SSHD_T_LINE, SSHD_P_FIRST,       \
	    SSHD_S_GLOBAL, NULL)                                               \
	X(AUTHORIZEDKEYSCOMMAND, "authorizedkeyscommand", SSHD_T_LINE,         \
	    SSHD_P_FIRST, SSHD_S_ALL, NULL)                                    \
	X(AUTHORIZEDKEYSCOMMANDUSER, "authorizedkeyscommanduser",              \
	    SSHD_T_STRING, SSHD_P_FIRST, SSHD_S_ALL, NULL)                     \
	X(AUTHORIZEDPRINCIPALSCOMMAND, "authorizedprincipalscommand",          \
	    SSHD_T_LINE, SSHD_P_FIRST, SSHD_S_ALL, NULL)                       \
	X(AUTHORIZEDPRINCIPALSCOMMANDUSER, "authorizedprincipalscommanduser",  \
	    SSHD_T_STRING, SSHD_P_FIRST, SSHD_S_ALL, NULL)                     \
	X(HOSTKEYAGENT, "hostkeyagent", SSHD_T_SPECIAL, SSHD_P_FIRST,          \
	    SSHD_S_GLOBAL, NULL)                                               \
	X(KEXALGORITHMS, "kexalgorithms", SSHD_T_ALGS, SSHD_P_FIRST,           \
	    SSHD_S_GLOBAL, NULL)                                               \
	X(CASIGNATUREALGORITHMS, "casignaturealgorithms", SSHD_T_ALGS,         \
	    SSHD_P_FIRST, SSHD_S_ALL, NULL)                                    \
	X(HOSTBASEDACCEPTEDALGORITHMS, "hostbasedacceptedalgorithms",          \
	    SSHD_T_ALGS, SSHD_P_FIRST, SSHD_S_ALL, NULL)                       \
	X(HOSTKEYALGORITHMS, "hostkeyalgorithms", SSHD_T_ALGS, SSHD_P_FIRST,   \
	    SSHD_S_GLOBAL, NULL)                                               \
	X(PUBKEYACCEPTEDALGORITHMS, "pubkeyacceptedalgorithms", SSHD_T_ALGS,   \
	    SSHD_P_FIRST, SSHD_S_ALL, NULL)                                    \
	X(LOGLEVEL, "loglevel", SSHD_T_SPECIAL, SSHD_P_FIRST, SSHD_S_ALL,      \
	    "INFO")                                                            \
	X(SYSLOGFACILITY, "syslogfacility", SSHD_T_SPECIAL, SSHD_P_FIRST,      \
	    SSHD_S_GLOBAL, "AUTH")                                             \
	X(AUTHORIZEDKEYSFILE, "authorizedkeysfile", SSHD_T_LIST,               \
	    SSHD_P_LIST1, SSHD_S_ALL,                                          \
	    ".ssh/authorized_keys .ssh/authorized_keys2")                      \
	X(HOSTKEY, "hostkey", SSHD_T_SPECIAL, SSHD_P_ACCUM, SSHD_S_GLOBAL,     \
	    "/etc/ssh/ssh_host_rsa_key /etc/ssh/ssh_host_ecdsa_key "           \
	    "/etc/ssh/ssh_host_ed25519_key")                                   \
	X(HOSTCERTIFICATE, "hostcertificate", SSHD_T_SPECIAL, SSHD_P_ACCUM,    \
	    SSHD_S_GLOBAL, NULL)                                               \
	X(ALLOWUSERS, "allowusers", SSHD_T_LIST, SSHD_P_ACCUM, SSHD_S_ALL,     \
	    NULL)                                                              \
	X(DENYUSERS, "denyusers", SSHD_T_LIST, SSHD_P_ACCUM, SSHD_S_ALL, NULL) \
	X(ALLOWGROUPS, "allowgroups", SSHD_T_LIST, SSHD_P_ACCUM, SSHD_S_ALL,   \
	    NULL)                                                              \
	X(DENYGROUPS, "denygroups", SSHD_T_LIST, SSHD_P_ACCUM, SSHD_S_ALL,     \
	    NULL)                                                              \
	X(ACCEPTENV, "acceptenv", SSHD_T_LIST, SSHD_P_ACCUM, SSHD_S_ALL, NULL) \
	X(SETENV, "setenv", SSHD_T_LIST, SSHD_P_LIST1, SSHD_S_ALL, NULL)       \
	X(AUTHENTICATIONMETHODS, "authenticationmethods", SSHD_T_LIST,         \
	    SSHD_P_LIST1, SSHD_S_ALL, "any")                                   \
	X(LOGVERBOSE, "logverbose", SSHD_T_LIST, SSHD_P_LIST1, SSHD_S_ALL,     \
	    NULL)                                                              \
	X(CHANNELTIMEOUT, "channeltimeout", SSHD_T_LIST, SSHD_P_LIST1,         \
	    SSHD_S_ALL, NULL)                                                  \
	X(SUBSYSTEM, "subsystem", SSHD_T_SPECIAL, SSHD_P_ACCUM, SSHD_S_GLOBAL, \
	    NULL)                                                              \
	X(MAXSTARTUPS, "maxstartups", SSHD_T_SPECIAL, SSHD_P_LAST,             \
	    SSHD_S_GLOBAL, "10:30:100")                                        \
	X(PERSOURCEMAXSTARTUPS, "persourcemaxstartups", SSHD_T_SPECIAL,        \
	    SSHD_P_LAST, SSHD_S_GLOBAL, "none")                                \
	X(PERSOURCENETBLOCKSIZE, "persourcenetblocksize", SSHD_T_SPECIAL,      \
	    SSHD_P_LAST, SSHD_S_GLOBAL, "32:128")                              \
	X(PERMITTUNNEL, "permittunnel", SSHD_T_MULTI, SSHD_P_FIRST,            \
	    SSHD_S_ALL, "no")                                                  \
	X(IPQOS, "ipqos", SSHD_T_SPECIAL, SSHD_P_LAST, SSHD_S_ALL,             \
	    "lowdelay throughput")                                             \
	X(REKEYLIMIT, "rekeylimit", SSHD_T_SPECIAL, SSHD_P_FIRST, SSHD_S_ALL,  \
	    "default none")                                                    \
	X(PERMITOPEN, "permitopen", SSHD_T_SPECIAL, SSHD_P_LIST1, SSHD_S_ALL,  \
	    NULL)                                                              \
	X(PERMITLISTEN, "permitlisten", SSHD_T_SPECIAL, SSHD_P_LIST1,          \
	    SSHD_S_ALL, NULL)                                                  \
	X(PERMITUSERENVIRONMENT, "permituserenvironment", SSHD_T_SPECIAL,      \
	    SSHD_P_FIRST, SSHD_S_GLOBAL, "no")                                 \
	X(PUBKEYAUTHOPTIONS, "pubkeyauthoptions", SSHD_T_SPECIAL,              \
	    SSHD_P_FIRST, SSHD_S_ALL, "none")                                  \
	X(DEBIANBANNER, "debianbanner", SSHD_T_FLAG, SSHD_P_FIRST,             \
	    SSHD_S_GLOBAL | SSHD_S_NODUMP, "yes")                              \
	X(RDOMAIN, "rdomain", SSHD_T_SPECIAL, SSHD_P_FIRST,                    \
	    SSHD_S_ALL | SSHD_S_NODUMP, NULL)                                  \
	X(INCLUDE, "include", SSHD_T_SPECIAL, SSHD_P_NONE,                     \
	    SSHD_S_ALL | SSHD_S_NODUMP, NULL)                                  \
	X(MATCH, "match", SSHD_T_SPECIAL, SSHD_P_NONE,                         \
	    SSHD_S_ALL | SSHD_S_NODUMP, NULL)

enum sshd_kw {
#define SSHD_KW_ENUM(id, name, type, policy, scope, def) SSHD_KW_##id,
	SSHD_KEYWORDS(SSHD_KW_ENUM)
#undef SSHD_KW_ENUM
	SSHD_KW__COUNT
};

/*
 * Other spellings sshd accepts: X("alias", ID).  Aliases are parsed as the
 * keyword they stand for.
 */
#define SSHD_ALIASES(X)                                              \
	X("challengeresponseauthentication", KBDINTERACTIVEAUTHENTICATION) \
	X("skeyauthentication", KBDINTERACTIVEAUTHENTICATION)        \
	X("hostdsakey", HOSTKEY)                                     \
	X("dsaauthentication", PUBKEYAUTHENTICATION)                 \
	X("pubkeyacceptedkeytypes", PUBKEYACCEPTEDALGORITHMS)        \
	X("hostbasedacceptedkeytypes", HOSTBASEDACCEPTEDALGORITHMS)  \
	X("keepalive", TCPKEEPALIVE)                                 \
	X("gssapicleanupcreds", GSSAPICLEANUPCREDENTIALS)

/*
 * Keywords sshd accepts and ignores (deprecated, not compiled in, or
 * ignored silently): X("name", scope).  sshd logs all but "protocol".
 */
#define SSHD_IGNORED(X)                                       \
	X("pamauthenticationviakbdint", SSHD_S_GLOBAL)        \
	X("serverkeybits", SSHD_S_GLOBAL)                     \
	X("keyregenerationinterval", SSHD_S_GLOBAL)           \
	X("rhostsauthentication", SSHD_S_GLOBAL)              \
	X("rhostsrsaauthentication", SSHD_S_ALL)              \
	X("rsaauthentication", SSHD_S_ALL)                    \
	X("kerberosgetafstoken", SSHD_S_GLOBAL)               \
	X("kerberostgtpassing", SSHD_S_GLOBAL)                \
	X("afstokenpassing", SSHD_S_GLOBAL)                   \
	X("gssusesessionccache", SSHD_S_GLOBAL)               \
	X("gssapiusesessioncredcache", SSHD_S_GLOBAL)         \
	X("checkmail", SSHD_S_GLOBAL)                         \
	X("permitblacklistedkeys", SSHD_S_GLOBAL)             \
	X("uselogin", SSHD_S_GLOBAL)                          \
	X("verifyreversemapping", SSHD_S_GLOBAL)              \
	X("reversemappingcheck", SSHD_S_GLOBAL)               \
	X("authorizedkeysfile2", SSHD_S_ALL)                  \
	X("useprivilegeseparation", SSHD_S_GLOBAL)            \
	X("protocol", SSHD_S_GLOBAL)

/* The value of one keyword and where it came from. */
struct sshd_value {
	int set;          /* a line or the built-in default set it */
	int num;          /* flag, multistate index, integer, seconds, mode */
	int num2, num3;   /* second and third numbers (MaxStartups ...) */
	long long big;    /* RekeyLimit bytes */
	char **v;         /* words (lists, strings, paths) */
	size_t n, alloc;
	const char **files; /* per word: file that set it; NULL = default */
	unsigned *lines;    /* per word: its line */
	const char *file;   /* where the value came from; NULL = default */
	unsigned line;
};

/* The connection a Match pass evaluates (sshd -T -C ...). */
struct sshd_conn {
	const char *user, *host, *addr, *laddr, *rdomain;
	int lport; /* -1 when not given */
	/*
	 * Reproduce sshd -T exactly: a LocalPort criterion without lport in
	 * the spec is then fatal, as it is for sshd (its default lport is 0).
	 * Without it, an unknown field simply does not match.
	 */
	int sshd_test;
};

/*
 * Parse an sshd -C spec ("user=u,host=h,addr=a,laddr=..,lport=..,
 * rdomain=..") into c.  The strings point into buf, which the caller
 * allocates (a copy of spec) and frees.  Returns 0 or RP_EINVAL.
 */
int sshd_conn_parse(char *buf, struct sshd_conn *c /* OUT */) RP_MUST_CHECK;

/*
 * The file system seen by the configuration: load reads a file (whole,
 * capped), glob expands a pattern (sorted, like glob(3) with no flags),
 * home gives the home directory of a user (NULL user: the user sshd runs
 * as, root), groups lists the names of the groups user belongs to
 * (primary and supplementary; the caller frees each name and the array;
 * -1 when there is no such user).  glob, home and groups may be NULL.
 */
struct sshd_fs {
	int (*load)(void *arg, const char *path, struct strbuf *out,
	    struct rp_diag *d);
	int (*glob)(void *arg, const char *pattern, char ***paths, size_t *n);
	const char *(*home)(void *arg, const char *user);
	int (*groups)(void *arg, const char *user, char ***names, size_t *n);
	void *arg;
};

/* A diagnostic about the configuration, in file order. */
struct sshd_diag {
	const char *file;
	unsigned line;
	char *msg;
	int fatal; /* sshd refuses to start (a "Bad configuration option") */
};

/* A Match line of the configuration. */
struct sshd_match {
	const char *file;
	unsigned line;
	char *criteria; /* the text after "Match" */
	int all;        /* "Match all" */
};

/* A keyword set again later with another value that sshd ignores. */
struct sshd_conflict {
	enum sshd_kw kw;
	const char *file; /* the ignored line */
	unsigned line;
	char *value;      /* its value as written */
};

struct sshd_config;

/*
 * Read the configuration starting at path (normally /etc/ssh/sshd_config)
 * through fs, run the first pass and fill defaults.  Problems sshd would
 * report are collected as diagnostics (sshd_config_diags()); the result is
 * still computed from everything that could be read.  Returns 0 and *out
 * (free with sshd_config_free()), or RP_ENOENT etc. when path itself
 * cannot be read (d names it).
 */
int sshd_config_load(struct sshd_config **out, const char *path,
    const struct sshd_fs *fs, struct rp_diag *d) RP_MUST_CHECK;

void sshd_config_free(struct sshd_config *c);

/*
 * The configuration for one connection: the Match pass for conn (NULL or
 * all fields unset: sshd -T without -C, so only "Match all" applies).
 * With force_match >= 0, the Match line of that index (sshd_config_match())
 * matches whatever the connection; others are evaluated normally.  Returns
 * a new config (free with sshd_config_free()); diagnostics of the pass are
 * appended to it.
 */
struct sshd_config *sshd_config_for(const struct sshd_config *base,
    const struct sshd_conn *conn, long force_match);

/* The value of keyword kw (never NULL). */
const struct sshd_value *sshd_get(const struct sshd_config *c,
    enum sshd_kw kw);

/* The value as sshd -T prints it, without the keyword ("without-password",
 * "120", a list joined by commas or blanks); appended to out. */
void sshd_value_str(const struct sshd_config *c, enum sshd_kw kw,
    struct strbuf *out);

const char *sshd_kw_name(enum sshd_kw kw);

/* Diagnostics, Match lines and ignored duplicates. */
const struct sshd_diag *sshd_config_diags(const struct sshd_config *c,
    size_t *n /* OUT */);
const struct sshd_match *sshd_config_matches(const struct sshd_config *c,
    size_t *n /* OUT */);
const struct sshd_conflict *sshd_config_conflicts(
    const struct sshd_config *c, size_t *n /* OUT */);

/* The files read, in order (main file first). */
const char *const *sshd_config_files(const struct sshd_config *c,
    size_t *n /* OUT */);

/*
 * Append the configuration in the format and order of `sshd -T`: one
 * lower-case keyword and its value per line.  ListenAddress entries are
 * printed for numeric addresses only (a host name would need DNS).
 */
void sshd_config_dump(const struct sshd_config *c, struct strbuf *out);

/*
 * Split an algorithm list value into names; true when name is in it.
 */
int sshd_alg_listed(const struct sshd_config *c, enum sshd_kw kw,
    const char *name);

#endif
