"""`make bench`: the app beside a Flask hello-world, same virtualenv, same gunicorn settings.

Builds (once) the data set of bench/data.py, starts gunicorn with 2 sync workers for the app
and for bench/hello.py, and runs Debian's `wrk` against every request in alternating rounds
(hello-world first in each round). For each request it prints requests per second, p50 and p99
latency, the ratio to hello-world's requests per second in the same round, and the CPU time the
gunicorn workers spent per request (read from /proc before and after: the steadiest figure on a
shared machine). Medians over the rounds. Then the pure ranking at 1k, 10k and 50k proposals.

Settings (environment): BENCH_DATABASE_URL (default: a SQLite file in instance/bench/),
BENCH_DURATION seconds per measurement (5), BENCH_ROUNDS (3), BENCH_CONNECTIONS (16),
BENCH_ONLY (request names, separated by ";"), BENCH_RANKING (sizes, "1000,10000,50000"; "" skips),
BENCH_PRELOAD=1 (both servers loaded in the master and forked, as production does).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SECRET_KEY = "bench-secret-key-not-for-production"


@dataclass
class Target:
    name: str
    path: str
    cookie: str | None = None


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    requests: int
    errors: int


@dataclass
class Result:
    target: Target
    samples: list[Sample] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    folder = ROOT / "instance" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'bench.db'}"


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "WARNING"})
    return env


def prepare(url: str) -> dict[str, str]:
    """Migrate, fill (once) and return the session cookies of the signed-in requests."""
    os.environ.update(_env(url))
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from bench import data
    from challenges import create_app

    app = create_app()
    with app.app_context():
        upgrade()
        built = data.build()
        if built.created:
            print(f"data set built in {built.seconds:.1f} s", flush=True)
        results_slug = data.results_slug()
        cookies = {name: cookie(app, user_id)
                   for name, user_id in (("organiser", 1), ("chair", 2), ("juror", 101))}
    return {**cookies, "results": results_slug}


def cookie(app, user_id: int) -> str:
    """A sign-in as the sign-in page makes it: kept in the database, named by the cookie."""
    import secrets

    from challenges.accounts.models import LoginSession, token_digest
    from challenges.extensions import db

    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user_id, token_hash=token_digest(token)))
    db.session.commit()
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": f"{user_id}:{token}", "_fresh": True})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def targets(cookies: dict[str, str]) -> list[Target]:
    return [
        Target("GET /healthz", "/healthz"),
        Target("GET /api/v1/", "/api/v1/"),
        Target("GET /api/v1/challenges", "/api/v1/challenges"),
        Target("GET /api/v1/challenges/<slug>", "/api/v1/challenges/uitdaging-0003"),
        Target("GET /", "/"),
        Target("GET /challenges", "/challenges"),
        Target("GET /challenges?page=20", "/challenges?page=20"),
        Target("GET /challenges?q=zwerfvuil", "/challenges?q=zwerfvuil"),
        Target("GET /challenges?phase=open&theme=thema-3", "/challenges?phase=open&theme=thema-3"),
        Target("GET /challenges/<slug>", "/challenges/uitdaging-0003"),
        Target("Atom feed", "/feeds/challenges.atom"),
        Target("public results page", f"/challenges/{cookies['results']}/results"),
        Target("organiser's proposal list (2,000)", "/manage/challenges/uitdaging-0001/proposals",
               cookies["organiser"]),
        Target("juror's work list (300)", "/jury/uitdaging-0002", cookies["juror"]),
        Target("jury ranking page (300 × 7)", "/jury/uitdaging-0002/ranking", cookies["chair"]),
    ]


def _gunicorn_config() -> str:
    if os.environ.get("BENCH_PRELOAD", "") not in ("", "0"):
        return str(ROOT / "bench" / "preload_conf.py")
    return "/dev/null"


class Server:
    def __init__(self, app: str, env: dict[str, str]):
        self.port = _free_port()
        self.process = subprocess.Popen(
            # No configuration file (the project's gunicorn.conf.py is production's): the same
            # plain settings for the app and the hello-world.
            [str(BIN / "gunicorn"), "--config", _gunicorn_config(), "--workers", "2",
             "--worker-class", "sync",
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", app],
            cwd=ROOT, env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                if len(self.workers()) == 2:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"{app} did not start")

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])   # utime, stime
        return total / CLOCK_TICKS

    def settle(self, seconds: float = 60) -> None:
        """Wait until the workers are idle: requests that wrk left queued (a slow page at 16
        connections) would otherwise be counted against the next measurement."""
        deadline = time.monotonic() + seconds
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.3)
            now = self.cpu_seconds()
            if now == last:
                return
            last = now

    def memory_mb(self) -> list[tuple[float, float, float]]:
        """Each worker's RSS, PSS (the pages it shares counted by the share) and private
        memory: RSS counts every page a worker touched, those it shares with the master and
        the other workers too (gunicorn --preload, as production runs)."""
        sizes = []
        for pid in self.workers():
            fields = {}
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
                name, _, value = line.partition(":")
                fields[name] = int(value.split()[0]) / 1024
            sizes.append((fields["Rss"], fields["Pss"],
                          fields["Private_Clean"] + fields["Private_Dirty"]))
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


_LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(server: Server, target: Target, seconds: float, connections: int) -> Sample:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds:g}s", "--latency",
               "--timeout", "30s", "-H", "Accept-Language: nl"]
    if target.cookie:
        command += ["-H", f"Cookie: {target.cookie}"]
    command.append(f"http://127.0.0.1:{server.port}{target.path}")
    server.settle()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    # What wrk left queued is still served; the next measurement starts after it.
    server.settle()
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", output)
    latency = {q: float(v) * _UNIT[u] for q, v, u in _LATENCY.findall(output)}
    return Sample(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
                  latency.get("50", 0.0), latency.get("99", 0.0),
                  cpu_per_request(server, target), requests,
                  (int(errors.group(1)) if errors else 0)
                  + (sum(map(int, socket_errors.groups())) if socket_errors else 0))


def cpu_per_request(server: Server, target: Target, seconds: float = 1.5) -> float:
    """The workers' CPU milliseconds per request, from requests sent one after the other on
    an idle server: wrk's count at 16 connections leaves out the requests still queued when
    it stops, whose work the workers do all the same."""
    def get() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        headers = {"Accept-Language": "nl"}
        if target.cookie:
            headers["Cookie"] = target.cookie
        connection.request("GET", target.path, headers=headers)
        connection.getresponse().read()
        connection.close()

    started = time.monotonic()
    before = server.cpu_seconds()
    count = 0
    while count < 3 or (time.monotonic() - started < seconds and count < 500):
        get()
        count += 1
    return (server.cpu_seconds() - before) * 1000 / count


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def ranking_timings(sizes: list[int]) -> list[tuple[int, float]]:
    """The pure ranking (challenges.results.ranking.all_views) of N proposals × 7 jurors × 6
    criteria, every juror scoring every proposal."""
    import random

    from challenges.results import ranking

    criteria = [ranking.CriterionSpec(i, f"c{i}", w, None)
                for i, w in enumerate((20, 20, 20, 15, 15, 10), start=1)]
    results = []
    for size in sizes:
        rng = random.Random(size)
        reviews = [ranking.ReviewScores(j, p, {c.id: Decimal(rng.randint(0, 5))
                                               for c in criteria})
                   for j in range(1, 8) for p in range(1, size + 1)]
        started = time.process_time()
        ranking.all_views(criteria, reviews)
        results.append((size, time.process_time() - started))
    return results


def main() -> None:
    # Stopped (Ctrl-C, kill): stop the servers too, through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    url = _database_url()
    duration = float(os.environ.get("BENCH_DURATION", "5"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "16"))
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(";") if n.strip()]
    print(f"database: {url.split('@')[-1]}", flush=True)
    cookies = prepare(url)
    chosen = [t for t in targets(cookies) if not only or t.name in only]
    env = _env(url)
    app = Server("challenges:create_app()", env)
    try:
        hello = Server("bench.hello:app", env)
    except BaseException:
        app.stop()
        raise
    hello_target = Target("hello-world", "/")
    try:
        for target in chosen:       # warm-up: caches, imports, the database's pages
            wrk(app, target, 1, 2)
        wrk(hello, hello_target, 1, 2)
        results = {t.name: Result(t) for t in chosen}
        hello_result = Result(hello_target)
        for number in range(1, rounds + 1):
            base = wrk(hello, hello_target, duration, connections)
            hello_result.samples.append(base)
            for target in chosen:
                sample = wrk(app, target, duration, connections)
                results[target.name].samples.append(sample)
                results[target.name].ratios.append(sample.rps / base.rps)
            print(f"round {number}/{rounds} done", flush=True)
        _print(hello_result, list(results.values()), duration, connections, rounds)
        for name, server in (("app", app), ("hello-world", hello)):
            print(f"\nworker memory after the load, {name}: " + "; ".join(
                f"RSS {rss:.0f}, PSS {pss:.0f}, private {own:.0f} MB"
                for rss, pss, own in server.memory_mb()), end="")
        print()
    finally:
        app.stop()
        hello.stop()
    sizes = [int(s) for s in os.environ.get("BENCH_RANKING", "1000,10000,50000").split(",")
             if s.strip()]
    if sizes:
        print("\npure ranking (all three views), 7 jurors × 6 criteria:")
        for size, seconds in ranking_timings(sizes):
            print(f"  {size:>6} proposals: {seconds:.2f} s CPU")


def _print(hello: Result, results: list[Result], duration: float, connections: int,
           rounds: int) -> None:
    print(f"\n{rounds} rounds of {duration:g} s per request, {connections} connections, "
          "gunicorn 2 sync workers; medians")
    header = f"{'request':<42} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6} " \
             f"{'CPU ms/req':>10} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for result in [hello, *results]:
        s = result.samples
        ratio = f"{_median(result.ratios):.3f}" if result.ratios else "1"
        print(f"{result.target.name:<42} {_median([x.rps for x in s]):>8.1f} "
              f"{_median([x.p50_ms for x in s]):>7.1f} {_median([x.p99_ms for x in s]):>7.1f} "
              f"{ratio:>6} {_median([x.cpu_ms for x in s]):>10.2f} "
              f"{sum(x.errors for x in s):>6}")


if __name__ == "__main__":
    main()
