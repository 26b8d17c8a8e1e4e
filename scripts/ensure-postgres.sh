#!/usr/bin/env bash
# A PostgreSQL server for the tests.
#
#   scripts/ensure-postgres.sh CMD [ARGS...]   run CMD with TEST_POSTGRES_URL set, then stop the server
#   scripts/ensure-postgres.sh                 start a server, print its URL and leave it running
#
# TEST_POSTGRES_URL already set: that server is used as it is (its role needs CREATEDB; the tests
# make and drop their own databases) and nothing is started. Otherwise Debian's `postgresql` is
# installed when missing (as root), and a throwaway cluster is made in a temporary folder and
# started on a free loopback port with trust authentication and durability off (fsync,
# synchronous_commit, full_page_writes: a crash loses nothing the tests need). The server refuses
# to run as root, so as root it runs as the `postgres` system user, owner of that folder.
set -euo pipefail

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  if [ "$#" -eq 0 ]; then
    echo "$TEST_POSTGRES_URL"
    exit 0
  fi
  exec "$@"
fi

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

BINDIR="$(find_bindir || true)"
if [ -z "$BINDIR" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's postgresql for the PostgreSQL test pass" >&2
    apt-get update -qq
    # The package's own cluster (port 5432) is left alone; the tests make their own below.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    BINDIR="$(find_bindir || true)"
  fi
fi
if [ -z "$BINDIR" ]; then
  cat >&2 <<'MSG'
error: the PostgreSQL test pass needs PostgreSQL's server (initdb, pg_ctl).
Install it as root (sudo apt-get install postgresql), or point the tests at a server you have:
  TEST_POSTGRES_URL=postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB make test
MSG
  exit 1
fi

if [ "$(id -u)" = "0" ]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

PGROOT="$(mktemp -d "${TMPDIR:-/tmp}/cs-postgres.XXXXXX")"
if [ "$(id -u)" = "0" ]; then
  chown postgres: "$PGROOT"
fi
chmod 700 "$PGROOT"
DATA="$PGROOT/data"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
  as_pg "$BINDIR/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}

as_pg "$BINDIR/initdb" -D "$DATA" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  --no-sync >"$PGROOT/initdb.log" 2>&1 || {
  cat "$PGROOT/initdb.log" >&2
  rm -rf "$PGROOT"
  exit 1
}
OPTS="-c listen_addresses=127.0.0.1 -p $PORT -k $PGROOT -c fsync=off -c synchronous_commit=off"
OPTS="$OPTS -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB"
if ! as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$PGROOT/server.log" -o "$OPTS" -w -t 60 start >/dev/null; then
  cat "$PGROOT/server.log" >&2 || true
  stop
  exit 1
fi
as_pg "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U postgres cs_test

URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/cs_test"
if [ "$#" -eq 0 ]; then
  echo "$URL"
  echo "started in $DATA; stop with: $( [ "$(id -u)" = "0" ] && echo "runuser -u postgres -- ")$BINDIR/pg_ctl -D $DATA stop" >&2
  exit 0
fi

trap stop EXIT
trap 'exit 130' INT TERM
echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (throwaway, $DATA)" >&2
TEST_POSTGRES_URL="$URL" "$@"
