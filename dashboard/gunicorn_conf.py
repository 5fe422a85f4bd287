"""Gunicorn's settings, in one place for every way the dashboard is served in production:

- `dashboard --host --port --db` (dashboard/cli.py) passes `settings(bind, workers)` to gunicorn;
- the Docker image runs `gunicorn --config python:dashboard.gunicorn_conf --bind 0.0.0.0:8050 dashboard.wsgi:server`,
  and gunicorn reads the module-level names at the bottom of this file.

`dashboard --dev` (Flask's reloading development server) is the only way to turn Flask's debugger on: nothing
here or in dashboard/wsgi.py sets `debug`, and gunicorn never calls `app.run`, so FLASK_DEBUG and DASH_DEBUG in
the environment have no effect on a gunicorn-served dashboard (tests/dashboard/test_serve.py checks this).
"""

from __future__ import annotations

import ctypes
import gc
import os
from typing import Any

from dashboard.core import settings as app_settings

DEFAULT_BIND = app_settings.BIND.default
WORKERS_ENV = app_settings.WORKERS.name

# Workers: 2, for the 2-core machine the dashboard is sized for. Gunicorn's rule of thumb, 2 x cores + 1 = 5,
# is for workers that mostly wait on I/O. Ours mostly compute (pandas, Plotly figures, JSON serialisation under
# the GIL; DuckDB answers from a local file in milliseconds), so more processes than cores add no throughput,
# only memory: a worker holds Dash, Plotly, pandas and its caches in ~250-350 MB, plus ~550 MB (PSS) for its warm
# Chromium (two loaded image pages) once it has rendered an image export, so 5 workers would ask for ~4 GB where 2
# need ~1.7 GB. Waiting
# (slow clients, an image render, the lock of the single-flight page cache) is covered by THREADS per worker
# instead, and a worker being recycled (MAX_REQUESTS) leaves the other one serving. A fixed default rather than
# os.cpu_count(): in a container that reports the host's cores, not the container's CPU quota.
# Override with `dashboard --workers N` or SOCIALTAL_WORKERS=N (e.g. on a 4-core machine with memory to spare).
DEFAULT_WORKERS = 2

# Threads per worker (gunicorn's gthread worker): requests that wait do not block the worker's other requests.
# They share one read-only DuckDB connection per worker, a cursor each (dashboard/warehouse/queries.py).
THREADS = 4

# A worker that has not checked in with the master for this long (hung, or its main loop starved of the GIL) is
# killed and replaced. With threads (gthread) a single slow request does not trip it; the slowest legitimate work
# is a slide deck or a first image export (Chromium's cold start, 5-10 s on 2 busy cores): 60 s leaves room.
TIMEOUT_S = 60

# On SIGTERM (docker stop, a deploy), SIGHUP or a recycle, a worker stops accepting and finishes the requests in
# flight for up to this long before it is killed. Docker's default stop grace period is 10 s: give the container
# `docker stop -t 35` (compose: `stop_grace_period: 35s`) for the full 30 s.
GRACEFUL_TIMEOUT_S = 30

# Keep-alive of idle connections from a load balancer or nginx. It must be longer than the balancer's own idle
# timeout for upstream connections (the nginx example in README sets `keepalive_timeout 4s`), so that the balancer
# closes an idle connection first and never sends a request on one gunicorn has just closed (a 502).
KEEPALIVE_S = 5

# Recycle a worker after this many requests (plus up to JITTER more, drawn per worker, so both workers are not
# recycled together). This bounds slow memory growth (allocator fragmentation from large frames and figures,
# Chromium) even though every cache of ours is bounded. A page view is 20-30 requests (HTML, bundles, callbacks),
# so a worker lives for some hundreds of page views; a new worker is forked from the preloaded app in well under
# a second and warms its caches on its first requests.
MAX_REQUESTS = 5000
MAX_REQUESTS_JITTER = 1000

# Preload: the master imports Dash, Plotly and pandas and builds the app once; the workers are forked from it and
# share those pages copy-on-write (less memory per worker, and a recycled worker starts at once). This is safe
# because create_app opens nothing: the DuckDB connection is opened lazily by a worker on its first query
# (warehouse/queries.py, Warehouse._cursor), and Chromium for image exports is started on the first export, so no
# connection, thread or browser is ever shared across a fork (tests/dashboard/test_serve.py checks create_app).
PRELOAD_APP = True


# Malloc arenas per worker: glibc gives threads arenas of their own (up to 8 per core), and memory freed in one
# arena does not serve another, so a worker's 4 threads drawing large figures each hold on to their own high-water
# mark. Two arenas, as MALLOC_ARENA_MAX=2 would set: worker peak under bench/web.py 413 -> 374 MB (2026-12-03).
MALLOC_ARENAS = 2
# Blocks from this size up are mapped on their own and go back to the system when freed. glibc starts at 128 KB but
# raises its threshold to the size of any mapped block freed (up to 32 MB), so after the first asset (plotly.js is
# 1.4 MB, read and compressed per process) such buffers came from the heap, which then kept its high-water mark:
# a fixed threshold took the worker's peak under bench/web.py from 305-317 MB to 273 MB (2026-12-04).
MMAP_THRESHOLD_BYTES = 256 * 1024
_M_ARENA_MAX = -8  # mallopt's parameter numbers (glibc's malloc.h)
_M_MMAP_THRESHOLD = -3


def tune_malloc(_server: object = None, _worker: object = None) -> None:
    """gunicorn's post_fork hook: set the worker's arena limit and mmap threshold before its threads start (glibc
    only; elsewhere, e.g. musl or macOS, there is nothing to set). It overrides MALLOC_ARENA_MAX and
    MALLOC_MMAP_THRESHOLD_: change MALLOC_ARENAS and MMAP_THRESHOLD_BYTES instead."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
    libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def freeze_startup_objects(_server: object = None, _worker: object = None) -> None:
    """gunicorn's pre_fork hook, in the master: the preloaded app's objects (Dash, plotly, pandas: ~145,000 that
    the garbage collector tracks) move to its permanent generation, so a worker's full collection walks only what
    the worker made. Measured in process: a full collection 100 ms -> 3 ms; under bench/web.py such pauses held
    all four threads of a worker in the middle of cold views. The objects live as long as the process anyway; it
    also keeps the collector from writing to pages the workers share with the master (Python's gc.freeze docs)."""
    gc.freeze()


def worker_count(requested: int | None = None) -> int:
    """`--workers`, else SOCIALTAL_WORKERS, else DEFAULT_WORKERS."""
    if requested is None:
        value = app_settings.WORKERS.read().strip()
        if not value:
            return DEFAULT_WORKERS
        try:
            requested = int(value)
        except ValueError:
            raise ValueError(f"{WORKERS_ENV}={value!r} is not a whole number of workers") from None
    if requested < 1:
        raise ValueError(f"at least one worker is needed, not {requested}")
    return requested


def settings(bind: str = DEFAULT_BIND, workers: int | None = None) -> dict[str, Any]:
    """Every gunicorn setting the dashboard uses, by gunicorn's own names."""
    return {
        "bind": bind,
        "workers": worker_count(workers),
        "threads": THREADS,
        "timeout": TIMEOUT_S,
        "graceful_timeout": GRACEFUL_TIMEOUT_S,
        "keepalive": KEEPALIVE_S,
        "max_requests": MAX_REQUESTS,
        "max_requests_jitter": MAX_REQUESTS_JITTER,
        "preload_app": PRELOAD_APP,
        # No gunicorn access log: it writes the client's address and user agent. The dashboard writes its own
        # JSON line per request without them (dashboard/web/request_log.py). Gunicorn's error log stays, on stderr.
        "accesslog": None,
        "errorlog": "-",
        # Workers' heartbeat files in memory: on a container's overlay filesystem a write can stall long enough
        # for the master to think a worker hung.
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
        # No `gunicornc` control socket: nothing uses it, and two servers of one user would share its path.
        "control_socket_disable": True,
        "pre_fork": freeze_startup_objects,
        "post_fork": tune_malloc,
    }


# Read by gunicorn from `--config python:dashboard.gunicorn_conf` (a --bind or other flag on the command line wins).
globals().update(settings(app_settings.BIND.read()))
