#!/usr/bin/env bash
# Treatywatch against Datasette on this machine: the CCM's States list as an HTML page and as JSON,
# served by Treatywatch (gunicorn, production settings) and by Datasette from a SQLite file holding
# the same rows, loaded in one run with the same wrk settings, on 127.0.0.1 only.
# Usage: make bench   (or: bash bench/run.sh). Settings: see docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
GUNICORN="$(dirname "$PY")/gunicorn"
DATASETTE_VERSION="0.65.5"
DATASETTE_VENV="$ROOT/bench/.venv-datasette"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-3s}"
ROUNDS="${BENCH_ROUNDS:-2}"
WORKER_COUNTS="${BENCH_GUNICORN_WORKERS:-1 2}"
TREATY="${BENCH_TREATY:-ccm}"
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

# The load tool: Debian's wrk.
if ! command -v wrk >/dev/null 2>&1; then
    say "installing wrk"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk
fi

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

# Targets: "name|html url|json url"
TARGETS=()
FIRST_BASE=""
for workers in $WORKER_COUNTS; do
    port="$(free_port)"
    say "starting Treatywatch: gunicorn, $workers sync worker(s), 127.0.0.1:$port"
    # env execs gunicorn, so $! is gunicorn's master and the trap can stop it.
    "${PROD[@]}" "$GUNICORN" "$WSGI_APP" \
        --bind "127.0.0.1:$port" --workers "$workers" --worker-class sync \
        --log-level warning >"$RESULTS/logs/gunicorn-${workers}w.log" 2>&1 &
    PIDS+=("$!")
    base="http://127.0.0.1:$port"
    "$PY" bench/probe.py wait "$base/api/v1/treaties/$TREATY/states" 60
    [ -n "$FIRST_BASE" ] || FIRST_BASE="$base"
    TARGETS+=("treatywatch-${workers}w|$base/treaties/$TREATY/|$base/api/v1/treaties/$TREATY/states")
done

# The same rows, copied from Treatywatch's own API output, for Datasette.
"$PY" bench/export_rows.py "$FIRST_BASE/api/v1/treaties/$TREATY/states" "$WORK/register.db"
cp "$WORK/register.db" "$RESULTS/register.db"

port="$(free_port)"
say "starting Datasette $DATASETTE_VERSION: one process, --immutable, 127.0.0.1:$port"
"$DATASETTE_VENV/bin/datasette" serve --immutable "$WORK/register.db" \
    --host 127.0.0.1 --port "$port" >"$RESULTS/logs/datasette.log" 2>&1 &
PIDS+=("$!")
base="http://127.0.0.1:$port"
"$PY" bench/probe.py wait "$base/register/states.json" 60
TARGETS+=("datasette|$base/register/states?_size=max|$base/register/states.json?_shape=array&_size=max")

say "checking that every target serves 200 and every State"
for target in "${TARGETS[@]}"; do
    IFS='|' read -r name html json <<<"$target"
    "$PY" bench/probe.py check "$html" "$WORK/register.db" "$RESULTS/$name.html"
    "$PY" bench/probe.py check "$json" "$WORK/register.db" "$RESULTS/$name.json"
done

# Same wrk settings for every target; rounds interleave the targets so that drift hits all alike.
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v l="${LOAD_BEFORE%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    say "warning: load average $LOAD_BEFORE on $(nproc) CPUs; other work will skew the numbers"
fi
say "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP), $ROUNDS round(s)"
for round in $(seq 1 "$ROUNDS"); do
    for kind in html json; do
        for target in "${TARGETS[@]}"; do
            IFS='|' read -r name html json <<<"$target"
            url="$html"
            [ "$kind" = json ] && url="$json"
            wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
            out="$RESULTS/wrk/$name--$kind--r$round.txt"
            wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
                -s bench/report.lua "$url" >"$out"
            printf '    round %s  %-5s %-16s %s\n' "$round" "$kind" "$name" \
                "$(grep -m1 'Requests/sec' "$out" | tr -s ' ')"
        done
    done
done

"$PY" bench/compare.py "$RESULTS" \
    --meta "date=$(date -u +%Y-%m-%dT%H:%MZ)" \
    --meta "cpus=$(nproc), load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)" \
    --meta "wrk=-t$THREADS -c$CONNECTIONS -d$DURATION, warm-up $WARMUP, $ROUNDS round(s), median" \
    --meta "datasette=$DATASETTE_VERSION, one process, --immutable, default settings" \
    --meta "treatywatch=$WSGI_APP, $("$GUNICORN" --version 2>&1 | head -1), sync workers" \
    --meta "python=$("$PY" -c 'import platform; print(platform.python_version())')"
say "results in ${RESULTS#"$ROOT"/}"
