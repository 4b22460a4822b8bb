#!/usr/bin/env bash
# Treatywatch against Datasette and nginx on this machine, in one run with the same wrk settings, on
# 127.0.0.1 only: the States API (the same URL again, and a different as_of on each request), the treaty
# page, the compliance API and page and a State's page (a different as_of on each request), each against
# Datasette serving the same rows from a SQLite file, and nginx serving the States answer as a static file.
# Usage: make bench   (or: bash bench/run.sh). Settings: see docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
export GRANIAN="$(dirname "$PY")/granian"
DATASETTE_VERSION="0.65.5"
DATASETTE_VENV="$ROOT/bench/.venv-datasette"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-3s}"
ROUNDS="${BENCH_ROUNDS:-3}"
WORKERS="${BENCH_WORKERS:-2}"
TREATY="${BENCH_TREATY:-ccm}"
STATE="${BENCH_STATE:-LTU}"
WSGI_APP="${BENCH_WSGI_APP:-treatywatch.wsgi:application}"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$ROOT/bench/results/$STAMP"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/treatywatch-bench.XXXXXX")"
mkdir -p "$RESULTS/wrk" "$RESULTS/logs"

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '==> %s\n' "$*"; }

if [ ! -x "$PY" ]; then
    echo "No project Python at $PY: run 'make install-dev' first (or use 'make bench')." >&2
    exit 1
fi

# The load tool and the static limit: Debian's wrk and nginx.
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# Datasette, pinned, in its own virtualenv so it cannot disturb the project's pinned dependencies.
if [ "$("$DATASETTE_VENV/bin/datasette" --version 2>/dev/null || true)" != "datasette, version $DATASETTE_VERSION" ]; then
    say "installing datasette==$DATASETTE_VERSION into bench/.venv-datasette"
    rm -rf "$DATASETTE_VENV"
    python3 -m venv "$DATASETTE_VENV"
    "$DATASETTE_VENV/bin/pip" install -q --upgrade pip
    "$DATASETTE_VENV/bin/pip" install -q "datasette==$DATASETTE_VERSION"
fi

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A throwaway database and static root: the developer's treatywatch.sqlite3 is never touched.
export DATABASE_URL="sqlite:///$WORK/treatywatch.sqlite3"
export DJANGO_STATIC_ROOT="$WORK/static"
say "building a fresh register in $WORK"
TREATYWATCH_ENV=development "$PY" manage.py migrate --noinput -v 0
TREATYWATCH_ENV=development "$PY" manage.py load_register -v 0

# Production settings (TREATYWATCH_ENV unset), relaxed only for plain http on the loopback interface.
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(60))')"
PROD=(env -u TREATYWATCH_ENV -u DJANGO_DEBUG
    DJANGO_SECRET_KEY="$SECRET_KEY"
    DJANGO_ALLOWED_HOSTS=127.0.0.1
    DJANGO_SECURE_SSL_REDIRECT=0
    DJANGO_SECURE_COOKIES=0
    DJANGO_HSTS_SECONDS=0)
"${PROD[@]}" "$PY" manage.py collectstatic --noinput -v 0

port="$(free_port)"
say "starting Treatywatch: scripts/serve.sh (granian), $WORKERS worker(s), 127.0.0.1:$port"
# env and the script exec granian, so $! is granian's main process and the trap can stop it.
"${PROD[@]}" TREATYWATCH_WSGI_APP="$WSGI_APP" scripts/serve.sh \
    --host 127.0.0.1 --port "$port" --workers "$WORKERS" \
    --log-level warning >"$RESULTS/logs/treatywatch.log" 2>&1 &
PIDS+=("$!")
TW="http://127.0.0.1:$port"
"$PY" bench/probe.py wait "$TW/api/v1/treaties/$TREATY/states" 60

# The same rows, copied from Treatywatch's own API output, for Datasette and nginx.
"$PY" bench/export_rows.py "$TW/api/v1/treaties/$TREATY/states" "$WORK/register.db" \
    "$TW/api/v1/treaties/$TREATY/compliance"
cp "$WORK/register.db" "$RESULTS/register.db"
STATE_ROWID="$("$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT rowid FROM states WHERE iso3 = ?", (sys.argv[2],)).fetchone()[0])' "$WORK/register.db" "$STATE")"

port="$(free_port)"
say "starting Datasette $DATASETTE_VERSION: one process, --immutable, 127.0.0.1:$port"
"$DATASETTE_VENV/bin/datasette" serve --immutable "$WORK/register.db" \
    --host 127.0.0.1 --port "$port" >"$RESULTS/logs/datasette.log" 2>&1 &
PIDS+=("$!")
DS="http://127.0.0.1:$port"
"$PY" bench/probe.py wait "$DS/register/states.json" 60

# nginx serves the States answer as a static file: its own config, prefix and logs in the temp dir.
mkdir -p "$WORK/nginx/html" "$WORK/nginx/logs"
"$PY" bench/probe.py check "$TW/api/v1/treaties/$TREATY/states" "$WORK/register.db" "$WORK/nginx/html/states.json" >/dev/null
chmod -R a+rX "$WORK"
port="$(free_port)"
cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes $WORKERS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    types { application/json json; }
    server {
        listen 127.0.0.1:$port;
        root $WORK/nginx/html;
    }
}
NGINX
say "starting nginx: $WORKERS worker(s), the States answer as a static file, 127.0.0.1:$port"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$RESULTS/logs/nginx.log" 2>&1 &
PIDS+=("$!")
NX="http://127.0.0.1:$port"
"$PY" bench/probe.py wait "$NX/states.json" 30

# The same answer from memory behind the same server settings: what the server alone allows.
port="$(free_port)"
say "starting scripts/serve.sh (granian): $WORKERS worker(s), the States answer from memory (bench/constant_app.py), 127.0.0.1:$port"
BENCH_CONSTANT_BODY="$WORK/nginx/html/states.json" TREATYWATCH_WSGI_APP=constant_app:application scripts/serve.sh \
    --working-dir "$ROOT/bench" --host 127.0.0.1 --port "$port" --workers "$WORKERS" \
    --log-level warning >"$RESULTS/logs/server-constant.log" 2>&1 &
PIDS+=("$!")
GC="http://127.0.0.1:$port"
"$PY" bench/probe.py wait "$GC/" 30

# Targets: "name|url|wrk script". random_as_of.lua adds a different as_of to each request.
STATIC=bench/report.lua
RANDOM_DAY=bench/random_as_of.lua
TARGETS=(
    "nginx-static-json|$NX/states.json|$STATIC"
    "server-constant-json|$GC/|$STATIC"
    "datasette-states-json|$DS/register/states.json?_shape=array&_size=max|$STATIC"
    "datasette-states-page|$DS/register/states?_size=max|$STATIC"
    "datasette-compliance-json|$DS/register/compliance.json?_shape=array&_size=max|$STATIC"
    "datasette-compliance-page|$DS/register/compliance?_size=max|$STATIC"
    "datasette-state-page|$DS/register/states/$STATE_ROWID|$STATIC"
    "treatywatch-states-api-same-url|$TW/api/v1/treaties/$TREATY/states|$STATIC"
    "treatywatch-states-api-random-day|$TW/api/v1/treaties/$TREATY/states|$RANDOM_DAY"
    "treatywatch-treaty-page-random-day|$TW/treaties/$TREATY/|$RANDOM_DAY"
    "treatywatch-compliance-api-random-day|$TW/api/v1/treaties/$TREATY/compliance|$RANDOM_DAY"
    "treatywatch-compliance-page-random-day|$TW/treaties/$TREATY/compliance/|$RANDOM_DAY"
    "treatywatch-state-page-random-day|$TW/states/$STATE/|$RANDOM_DAY"
)

say "checking that every target serves 200 (and the States lists every State)"
for target in "${TARGETS[@]}"; do
    IFS='|' read -r name url _script <<<"$target"
    case "$name" in
        *states-json | *states-page | *states-api*)
            "$PY" bench/probe.py check "$url" "$WORK/register.db" "$RESULTS/$name.body" ;;
        *random-day)
            "$PY" bench/probe.py wait "$url?as_of=2019-08-01" 10 ;;
        *)
            "$PY" bench/probe.py wait "$url" 10 ;;
    esac
done

# wrk stops with requests still queued at the server (a worker or Datasette answers them after the
# connections closed): wait for a fresh request to be answered, so one run's queue never slows the next.
drain() {
    "$PY" bench/probe.py wait "$1" 300 >/dev/null
}

# Same wrk settings for every target; rounds interleave the targets so that drift hits all alike.
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v l="${LOAD_BEFORE%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    say "warning: load average $LOAD_BEFORE on $(nproc) CPUs; other work will skew the numbers"
fi
say "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP), $ROUNDS round(s)"
for round in $(seq 1 "$ROUNDS"); do
    for target in "${TARGETS[@]}"; do
        IFS='|' read -r name url script <<<"$target"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" >/dev/null
        drain "$url"
        out="$RESULTS/wrk/$name--r$round.txt"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$script" "$url" >"$out"
        drain "$url"
        printf '    round %s  %-40s %s\n' "$round" "$name" "$(grep -m1 'Requests/sec' "$out" | tr -s ' ')"
    done
done

"$PY" bench/compare.py "$RESULTS" \
    --meta "date=$(date -u +%Y-%m-%dT%H:%MZ)" \
    --meta "cpus=$(nproc), load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)" \
    --meta "wrk=-t$THREADS -c$CONNECTIONS -d$DURATION, warm-up $WARMUP, $ROUNDS round(s), median" \
    --meta "datasette=$DATASETTE_VERSION, one process, --immutable, default settings" \
    --meta "nginx=$("$NGINX" -v 2>&1 | head -1), $WORKERS worker(s), access log off" \
    --meta "treatywatch=$WSGI_APP, $("$GRANIAN" --version 2>&1 | head -1) (scripts/serve.sh), $WORKERS workers" \
    --meta "python=$("$PY" -c 'import platform; print(platform.python_version())')"
say "results in ${RESULTS#"$ROOT"/}"
