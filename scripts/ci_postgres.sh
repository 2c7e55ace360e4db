#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the API storage/job tests and print the line to use it:
#   eval "$(bash scripts/ci_postgres.sh)"     # sets NPSLENS_TEST_POSTGRES_URL
#   bash scripts/ci_postgres.sh --stop        # stop it again
# Installs Debian's `postgresql` package when no server binaries are found. Idempotent: a running server is reused.
# Everything but the export line goes to stderr.
set -euo pipefail
PG_DIR=${NPSLENS_PG_DIR:-/tmp/npslens-pg}
PG_PORT=${NPSLENS_PG_PORT:-55432}
DB_USER=npslens
DB_PASS=npslens
DB_NAME=npslens

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN=$(find_bin)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "installing Debian's postgresql package" >&2
  if [ "$(id -u)" -ne 0 ]; then echo "error: need root to apt-get install postgresql" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi

# run the server as 'postgres' when we are root (initdb refuses root), else as ourselves
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
mkdir -p "$PG_DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; fi

RUNNING=0
as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1 && RUNNING=1
if [ "${1:-}" = "--stop" ]; then
  if [ "$RUNNING" = 1 ]; then as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >&2; fi
  exit 0
fi
if [ "$RUNNING" = 0 ]; then
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    echo "initdb in $PG_DIR/data" >&2
    as_owner "$BIN/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  echo "starting PostgreSQL on 127.0.0.1:$PG_PORT" >&2
  as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >&2
fi

psql_admin() { as_owner "$BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASS'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2
fi
echo "export NPSLENS_TEST_POSTGRES_URL=postgresql+psycopg://$DB_USER:$DB_PASS@127.0.0.1:$PG_PORT/$DB_NAME"
