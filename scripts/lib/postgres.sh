# A private PostgreSQL for spid: its own data folder and a loopback port, started with pg_ctl
# (never the system service). Used by scripts/cluster and scripts/test. Sourced after setup.sh.

# Installs Debian's postgresql when it is missing.
setup_postgres() {
  ensure_apt_package postgresql postgresql
  spid_pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$spid_pg_bin" ] || [ ! -x "$spid_pg_bin/pg_ctl" ]; then
    say "error: PostgreSQL's programs are not under /usr/lib/postgresql/*/bin; install postgresql and try again."
    exit 1
  fi
}

# Runs a PostgreSQL program as the user that owns the data: PostgreSQL refuses to run as root.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Where the cluster for DIR lives: DIR itself, or, when root runs this and user postgres cannot
# reach DIR (a folder under /root, a private temporary folder), a folder of its own in /var/tmp.
pg_home() {
  local dir="$1"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
    dir="/var/tmp/spid-postgres-$(printf '%s' "$(cd "$dir" && pwd)" | md5sum | cut -c1-12)"
    mkdir -p "$dir"
  fi
  printf '%s\n' "$dir"
}

# start_postgres DIR PORT: creates (once) and starts a cluster in DIR on 127.0.0.1:PORT with a
# database "spid" that user "spid" may use without a password (trust, loopback only). Prints
# nothing; the URL is postgres://spid@127.0.0.1:PORT/spid.
start_postgres() {
  local dir port="$2"
  dir="$(pg_home "$1")"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_as_owner "$spid_pg_bin/initdb" -D "$dir/data" -U spid --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { say "error: initdb failed; see $dir/initdb.log"; exit 1; }
  fi
  pg_as_owner "$spid_pg_bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null \
    || { say "error: PostgreSQL did not start; see $dir/postgres.log"; exit 1; }
  pg_as_owner "$spid_pg_bin/psql" -h 127.0.0.1 -p "$port" -U spid -d postgres -Atqc \
    "SELECT 1 FROM pg_database WHERE datname = 'spid'" | grep -q 1 \
    || pg_as_owner "$spid_pg_bin/createdb" -h 127.0.0.1 -p "$port" -U spid spid
}

# postgres_data DIR: the data folder start_postgres DIR made (pg_ctl -D takes it).
postgres_data() { printf '%s/data\n' "$(pg_home "$1")"; }

# stop_postgres DIR: a fast shutdown (open transactions roll back); quiet when it is not running.
stop_postgres() {
  local dir
  dir="$(pg_home "$1")"
  [ -f "$dir/data/postmaster.pid" ] || return 0
  pg_as_owner "$spid_pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
