# sourced by bin/zkEnv.sh
ZOO_LOG_DIR=/var/log/zookeeper
SERVER_JVMFLAGS="-Xmx1g -DmaxClientCnxns=10 -Dzookeeper.sslQuorum=true"
