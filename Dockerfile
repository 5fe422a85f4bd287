# Socialtal: the dashboard served by gunicorn, with the demo warehouse built at image build time.
# Real data: keep /app/data on a named volume and run `etl run` in the container on a schedule (README,
# "Operations"). The code lives in /opt/socialtal, owned by root and read-only to the server; /app/data holds
# only the warehouse (and its lock and temporary files), so a volume there never hides code or reference data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SOCIALTAL_DB=/app/data/socialtal.duckdb

# Debian's Chromium renders chart images (kaleido); no browser is downloaded at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/*
ENV BROWSER_PATH=/usr/bin/chromium

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin socialtal
WORKDIR /opt/socialtal

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml constraints.txt README.md ./
COPY etl ./etl
COPY dashboard ./dashboard
RUN pip install -c constraints.txt -e .

# Read at run time from beside the code (etl/settings.py, dashboard/core/settings.py): not in the volume.
COPY queries ./queries
COPY data/reference ./data/reference
COPY data/demo ./data/demo

# The demo warehouse, owned by the user that serves it and that runs `etl run` (which writes its temporary file
# and lock next to the warehouse, so the directory itself must be writable). This must come before VOLUME:
# changes to a volume's path after its VOLUME line are discarded. A fresh named volume starts as a copy of this
# directory, owner included; a bind-mounted host directory does not (make it writable by uid 10001 and run
# `etl run` or `etl run --demo` once).
RUN mkdir -p /app/data \
    && etl run --demo --db "$SOCIALTAL_DB" \
    && chown -R socialtal:socialtal /app/data
VOLUME /app/data

WORKDIR /app
USER socialtal
EXPOSE 8050
# /health: 200 while a warehouse can be read, 503 otherwise (urlopen raises on 503, so the check fails).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8050/health', timeout=4)"
# Workers, threads, timeouts, recycling and logging: dashboard/gunicorn_conf.py, the same as `dashboard`.
# SOCIALTAL_WORKERS=N overrides the worker count. Give `docker stop -t 35` for a full graceful shutdown.
# The workers share page renders in a private directory under /tmp (dashboard/web/render_cache.py; another place with
# SOCIALTAL_RENDER_CACHE=/dir), warmed in the background when they first meet a new warehouse.
CMD ["gunicorn", "--config", "python:dashboard.gunicorn_conf", "--bind", "0.0.0.0:8050", "dashboard.wsgi:server"]
