#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests (Debian's postgresql-15).
#   scripts/pg-test-server.sh start DIR   initdb in DIR/data, start on a free
#                                         loopback port (unix socket in DIR),
#                                         write the admin URL to DIR/url
#   scripts/pg-test-server.sh stop DIR    stop it and remove DIR
# PostgreSQL refuses to run as root; as root the server runs as the `postgres`
# system user, which owns DIR. fsync stays on (the default): the tests talk to
# PostgreSQL as it is deployed. Stopping is `-m immediate`: no shutdown
# checkpoint (with fsync on it takes minutes after a hundred CREATE DATABASEs),
# and the cluster is deleted right after.
set -euo pipefail
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin=${FOXO_PG_BIN:-/usr/lib/postgresql/15/bin}

as_owner() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi
}

case $cmd in
  start)
    [ -x "$bin/pg_ctl" ] || { echo "pg-test-server: $bin/pg_ctl not found (apt-get install postgresql)" >&2; exit 1; }
    # A previous run's server (a test run that was killed): stop it first.
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: ask the kernel for one, then give it to PostgreSQL (it
    # fails to start if someone took it meanwhile; then we try again).
    for attempt in 1 2 3 4 5; do
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
           -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=on" \
           start >/dev/null; then
        echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
        chmod 644 "$dir/url"
        cat "$dir/url"
        exit 0
      fi
    done
    cat "$dir/server.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
