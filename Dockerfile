# Socialtal: the dashboard served by gunicorn, with the demo warehouse built at image build time.
# Real data: mount a volume on /app/data and run `etl run` in the container (see README).
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
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml constraints.txt README.md ./
COPY etl ./etl
COPY dashboard ./dashboard
RUN pip install -c constraints.txt -e .

COPY queries ./queries
COPY data/reference ./data/reference
COPY data/demo ./data/demo
RUN etl run --demo --db "$SOCIALTAL_DB" \
    && chown -R socialtal:socialtal /app/data

USER socialtal
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8050/healthz', timeout=4)"
CMD ["gunicorn", "--bind", "0.0.0.0:8050", "--workers", "2", "--threads", "4", "--timeout", "60", \
     "--access-logfile", "-", "dashboard.wsgi:server"]
