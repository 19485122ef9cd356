"""No input gives a server error: every rule of the route table, as every role, with hostile
path parts, query strings and form fields, on the demo data.

A seeded generator (FUZZ_SEED, default a fixed number, so a failure can be replayed) picks
each request. The normal suite walks every rule once, each as a role chosen in turn, and
stops after a few seconds (FUZZ_SECONDS, default 6). The long version is the same test with
more requests and no time limit:

    FUZZ_REQUESTS=10000 FUZZ_SECONDS=0 .venv/bin/pytest tests/test_fuzz.py -n 0 -q -s

A response of 500 or more (or an exception, which the test client raises with TESTING on)
fails the test; the report lists each request that failed, to replay it.
"""

from __future__ import annotations

import os
import random
import re
import time
import traceback
from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import quote

import pytest
from sqlalchemy import select

from challenges.accounts.models import Organisation, User
from challenges.challenges.models import Challenge, Theme
from challenges.extensions import db

SEED = int(os.environ.get("FUZZ_SEED", "20261202"))
REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "0"))  # 0: every rule once
SECONDS = float(os.environ.get("FUZZ_SECONDS", "6"))  # 0: no time limit

# The roles, as demo accounts: the demo's Mechelen challenges are another organisation's for
# the Brugge editor (but for the joint smart-bins challenge, where Brugge is a partner and
# its administrator the partner's), the Antwerpen jury has Goossens as its chair and De Wilde
# as a juror.
ROLES = {
    "anonymous": None,
    "participant": "founder@slimparkeren.demo",
    "editor of another organisation": "pieter.vermeulen@brugge.demo",
    "partner administrator": "sofie.declercq@brugge.demo",
    "editor": "tom.janssens@mechelen.demo",
    "organisation admin": "an.willems@antwerpen.demo",
    "juror": "jury.dewilde@voka.demo",
    "chair": "jury.goossens@kuleuven.demo",
    "platform admin": "admin@challenges.demo",
}

SKIPPED = {"static", "bootstrap.static"}

HOSTILE_TEXT = [
    "", " ", "\x00", "a\x00b", "\x01\x02\x1b[31m", "\u202egnp.exe", "\ud7ff\ufffd", "😀" * 20,
    "-1", "0", "-0", "1e20", "1e308", "-1e308", "Infinity", "-Infinity", "NaN", "99999999999",
    str(2**31), str(2**63), str(2**64), "0.0000001", "1,5", "3.14159265358979",
    "0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T10:00", "2026-13-45T25:61", "0000-00-00",
    "1-1-1", "2026-10-25T02:30", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
    "' OR 1=1 --", "%s%s%n", "{{ 7*7 }}", "../../etc/passwd", "a\r\nSet-Cookie: x=1", "\n\n",
    "x" * 5000, "y " * 20000, "name@example.be", "a@b", "@", "javascript:alert(1)",
    "//evil.example", "http://evil.example/", "true", "false", "on", "y", "None", "null",
]
HOSTILE_SLUGS = [
    "%00", "a%00b", "%01", "%ff%fe", "..", "%2e%2e%2f", "x" * 3000, "%F0%9F%98%80",
    "'%20OR%201=1", "%3Cscript%3E", "%20", "a%0Ab", "%E2%80%AE", "-", "_",
]
HOSTILE_IDS = ["0", "-1", "abc", str(2**31), str(2**31 - 1), str(2**63), str(2**64), "1e3",
               "01", "%00", "9" * 40]
QUERY_NAMES = ["q", "page", "status", "theme", "organisation", "audience", "sort", "limit",
               "next", "action", "day", "kind", "lang", "phase", "proposal", "view", "format",
               "role", "email", "token", "criterion", "juror", "show", "filter"]
VARIABLE = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
FORM_NAME = re.compile(r"""<(?:input|select|textarea|button)\b[^>]*?\bname="([^"]+)"[^>]*>""")
INPUT_VALUE = re.compile(r"""\bname="([^"]+)"[^>]*?\bvalue="([^"]*)\"""")


@dataclass
class Pools:
    """Values that exist in the demo (so that loaders find something) and hostile ones."""

    slugs: list[str]
    ids: list[str]
    users: dict[str, int | None]
    form_names: set[str] = field(default_factory=set)
    form_values: dict[str, set[str]] = field(default_factory=dict)


def _pools() -> Pools:
    slugs = [*db.session.scalars(select(Challenge.slug)), *db.session.scalars(select(
        Organisation.slug)), *db.session.scalars(select(Theme.slug))]
    users = {role: (db.session.scalar(select(User.id).where(User.email == email))
                    if email else None) for role, email in ROLES.items()}
    assert all(users[role] for role, email in ROLES.items() if email), users
    return Pools(slugs=slugs, ids=[str(n) for n in range(1, 60)], users=users)


def _path(rng: random.Random, rule, pools: Pools) -> str:
    def value(match: re.Match) -> str:
        converter, name = match["converter"], match["name"]
        hostile = rng.random() < 0.25
        if converter in ("id", "int"):
            return rng.choice(HOSTILE_IDS) if hostile else rng.choice(pools.ids)
        if converter == "path":
            return rng.choice(["x/y", "%00/..", "openapi.json/x", "a" * 500])
        if name == "slug" or name.endswith("_slug"):
            return rng.choice(HOSTILE_SLUGS) if hostile else rng.choice(pools.slugs)
        text = rng.choice([*HOSTILE_SLUGS, "some-token", "x" * 200, "eyJhIjoxfQ.abc.def"])
        return text
    return VARIABLE.sub(value, rule.rule)


def _query(rng: random.Random, pools: Pools) -> str:
    parts = []
    for _ in range(rng.choice([0, 0, 1, 2, 4])):
        name = rng.choice([*QUERY_NAMES, *pools.form_names] or QUERY_NAMES)
        value = rng.choice([*HOSTILE_TEXT[:40], *pools.slugs[:5], "1", "2", "open", "newest"])
        parts.append(f"{quote(name)}={quote(value, safe='')}")
    if rng.random() < 0.05:
        parts.append(rng.choice(["%00=%00", "a%ff=%fe", "page", "=x", "q=%"]))
    return "&".join(parts)


def _form(rng: random.Random, names: list[str], pools: Pools) -> dict:
    data: dict = {}
    for name in names:
        if rng.random() < 0.15:
            continue  # a field left out
        known = pools.form_values.get(name)
        if known and rng.random() < 0.5:
            data[name] = rng.choice(sorted(known))
        elif name == "file" or name.endswith("file"):
            data[name] = rng.choice([
                (BytesIO(b""), ""), (BytesIO(b"%PDF-1.4\n%%EOF\n"), "x.pdf"),
                (BytesIO(b"MZ\x90\x00" * 50), "x.pdf"), (BytesIO(os.urandom(200)), "\x00.png"),
                (BytesIO(b"a;b\n1;2\n"), "../../data.csv")])
        else:
            data[name] = rng.choice(HOSTILE_TEXT)
    for _ in range(rng.choice([0, 0, 1])):  # a field the form does not have
        data[rng.choice(sorted(pools.form_names) or ["x"])] = rng.choice(HOSTILE_TEXT)
    return data


def _learn(pools: Pools, body: str) -> list[str]:
    names = FORM_NAME.findall(body)
    pools.form_names.update(names)
    for name, value in INPUT_VALUE.findall(body):
        if name != "csrf_token" and len(pools.form_values.setdefault(name, set())) < 20:
            pools.form_values[name].add(value)
    return names


@pytest.fixture
def demo_data(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output


def _plan(rng: random.Random, rules: list, count: int):
    """Every rule once (in a shuffled order), then rules at random; each as a role in turn."""
    roles = list(ROLES)
    order = rules[:]
    rng.shuffle(order)
    for n in range(count):
        rule = order[n] if n < len(order) else rng.choice(rules)
        yield rule, roles[n % len(roles)]


def test_no_input_gives_a_server_error(app, client, demo_data):
    rng = random.Random(SEED)
    pools = _pools()
    rules = sorted((r for r in app.url_map.iter_rules() if r.endpoint not in SKIPPED),
                   key=lambda r: (r.rule, r.endpoint))
    count = REQUESTS or len(rules)
    started = time.monotonic()
    failures, sent, by_status = [], 0, {}
    for rule, role in _plan(rng, rules, count):
        if SECONDS and time.monotonic() - started > SECONDS and sent >= len(rules) // 2:
            break
        user_id = pools.users[role]
        user = db.session.get(User, user_id) if user_id else None
        if user is None or not user.is_active:
            client.logout()
        else:
            client.login_as(user)
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        method = rng.choice(methods)
        path = _path(rng, rule, pools)
        query = _query(rng, pools)
        url = f"{path}?{query}" if query else path
        data = None
        if method == "POST":
            names = sorted(pools.form_names)
            if "GET" in rule.methods and rng.random() < 0.7:
                page = client.get(path)
                sent += 1
                if page.status_code >= 500:
                    failures.append(f"{role}: GET {path} -> {page.status_code}")
                if page.mimetype == "text/html":
                    names = _learn(pools, page.get_data(as_text=True)) or names
            data = _form(rng, rng.sample(names, min(len(names), rng.randint(0, 12))), pools)
        try:
            response = client.open(url, method=method, data=data,
                                   content_type="multipart/form-data" if data else None)
        except Exception as error:  # every error is a finding, to be listed
            failures.append(f"{role}: {method} {url} data={_short(data)}\n    {_where(error)}")
            db.session.rollback()
            sent += 1
            continue
        sent += 1
        by_status[response.status_code] = by_status.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            failures.append(f"{role}: {method} {url} data={_short(data)} -> "
                            f"{response.status_code}")
        elif response.mimetype == "text/html":
            _learn(pools, response.get_data(as_text=True))
    print(f"\nfuzz: seed {SEED}, {sent} requests, {len(failures)} with 5xx, "
          f"statuses {dict(sorted(by_status.items()))}")
    assert sent >= len(rules) // 2
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(
        failures[:30])


def _where(error: Exception) -> str:
    """The error and the last line of our code it passed through."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/challenges/" in f.filename]
    where = f"{frames[-1].filename.split('/challenges/')[-1]}:{frames[-1].lineno}" if frames else "?"
    message = str(error).splitlines()[0][:200] if str(error) else ""
    return f"{type(error).__name__}: {message} at {where}"


def _short(data) -> str:
    if not data:
        return "{}"
    return repr({k: (v if not isinstance(v, str) or len(v) < 40 else v[:37] + "...")
                 for k, v in data.items()})
