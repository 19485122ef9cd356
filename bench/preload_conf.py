"""BENCH_PRELOAD=1: the app and the hello-world are loaded in gunicorn's master and forked, with
production's hook before the fork (gunicorn.conf.py's when_ready: the warm-up and gc.freeze of
challenges.prefork), and none of production's other settings."""

import runpy
from pathlib import Path

preload_app = True
when_ready = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))[
    "when_ready"]
