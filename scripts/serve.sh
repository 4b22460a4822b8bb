#!/usr/bin/env bash
# Treatywatch's production server: granian serving treatywatch.wsgi:application with the settings that
# docs/benchmarks.md measures. Arguments are granian's own and are passed on, e.g.
#   scripts/serve.sh --host 127.0.0.1 --port 8000 --workers 3
# One Python thread per worker process: a worker's caches and database connection serve one request at a
# time, as they were written to. At most 16 requests held by a worker: a burst waits in the server, outside
# Python, instead of in a queue of threads where the slowest request delays all the others.
# Connections are kept alive between requests (HTTP/1.1), which a sync gunicorn worker cannot do.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
GRANIAN="${GRANIAN:-$ROOT/.venv/bin/granian}"

exec "$GRANIAN" --interface wsgi --working-dir "$ROOT" \
    --blocking-threads 1 --backpressure 16 --respawn-failed-workers \
    "$@" "${TREATYWATCH_WSGI_APP:-treatywatch.wsgi:application}"
