"""The most any WSGI application can answer behind the benchmark's server: the States answer as bytes held in
memory, no framework, no work. bench/run.sh serves it with scripts/serve.sh, as Treatywatch, so that the
same-URL figure can be read against what the server alone allows as well as against nginx."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

BODY = Path(os.environ["BENCH_CONSTANT_BODY"]).read_bytes()
HEADERS = [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", HEADERS)
    return [BODY]
