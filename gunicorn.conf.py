"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py 'challenges:create_app()'`.

Several app servers like this one run behind one reverse proxy, sharing one PostgreSQL and one
Redis (sessions are signed cookies; rate limits in RATELIMIT_STORAGE_URI, the page cache in
CACHE_URL) and one object store for the files (STORAGE_URL), so any server can answer any
request. Every value can be overridden with the
environment variable named beside it.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the app's work is CPU and short database queries; the reverse proxy buffers
# slow clients. Two per CPU, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load the app once in the master, before forking: the workers share its memory pages until
# they write to them, and a broken release fails at start, not in every worker.
preload_app = True
# A worker is replaced after this many requests (with some jitter, so not all at once), which
# bounds what any slow growth of memory can reach.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The reverse proxy in front sets X-Forwarded-*; the app trusts one hop (TRUST_PROXY=1).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"


def when_ready(server):
    """In the master, after the app is loaded and before the first workers are forked: the
    first requests' one-time work done once and shared (challenges.prefork)."""
    from flask import Flask

    from challenges.prefork import before_fork

    app = server.app.wsgi()
    before_fork(app if isinstance(app, Flask) else None)
