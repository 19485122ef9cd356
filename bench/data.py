"""The benchmark's data set: 1,000 published challenges in 50 organisations, 100,000 proposals.

Bulk inserts through SQLAlchemy Core on the app's own tables (so every column default of the
models applies), after the real migrations. One challenge has 2,000 proposals (the organiser's
list), one has 300 proposals reviewed by 7 jurors on 6 criteria (the ranking page). Built once
per database and kept: a second run finds the marker row and does nothing.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select

ORGANISATIONS = 50
CHALLENGES = 1000
PROPOSALS = 100_000
PARTICIPANTS = 5000
BIG_LIST = 2000          # proposals of the organiser's list (challenge 1)
JURY_PROPOSALS = 300     # proposals of the ranked challenge (challenge 2)
JURORS = 7
CRITERIA = 6
MARKER = "bench-data-v1"
THEMES = 1000            # the bench's theme ids start above those of the migrations

WORDS = (
    "afval", "zwerfvuil", "mobiliteit", "parkeren", "fiets", "energie", "zonnepanelen", "warmte",
    "hittegolf", "schaduw", "groen", "water", "regen", "riolering", "participatie", "buurt",
    "wijk", "school", "jongeren", "senioren", "digitaal", "loket", "dienstverlening", "data",
    "sensoren", "verlichting", "veiligheid", "verkeer", "luchtkwaliteit", "geluid", "circulair",
    "hergebruik", "compost", "markt", "handel", "toerisme", "cultuur", "sport", "zorg",
    "welzijn", "armoede", "huisvesting", "renovatie", "isolatie", "laadpalen", "deelwagens",
    "bus", "tram", "station", "plein",
)
FIRST_PARTICIPANT = 1000


@dataclass
class Built:
    seconds: float
    created: bool


def _paragraph(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _markdown(rng: random.Random, size: int) -> str:
    """About `size` characters of Markdown: paragraphs, a list, some emphasis."""
    parts = []
    while sum(len(p) for p in parts) < size:
        kind = rng.random()
        if kind < 0.2:
            parts.append("\n".join(f"- {_paragraph(rng, 6)}" for _ in range(4)))
        elif kind < 0.3:
            parts.append(f"## {_paragraph(rng, 3)}")
        else:
            parts.append(f"{_paragraph(rng, 30)} **{rng.choice(WORDS)}** {_paragraph(rng, 20)}")
    return "\n\n".join(parts)


def _tables():
    from challenges.extensions import db

    return db.metadata.tables


def is_built() -> bool:
    from challenges.extensions import db

    themes = _tables()["themes"]
    return db.session.scalar(select(func.count()).select_from(themes)
                             .where(themes.c.slug == MARKER)) == 1


def results_slug() -> str:
    """A challenge whose results are published (its public results page)."""
    from challenges.extensions import db

    challenges = _tables()["challenges"]
    return db.session.scalar(select(challenges.c.slug)
                             .where(challenges.c.status == "results_published")
                             .order_by(challenges.c.id).limit(1)) or "uitdaging-0003"


class _Loader:
    def __init__(self, seed: int):
        from challenges.extensions import db

        self.rng = random.Random(seed)
        self.tables = _tables()
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.conn = db.session.connection()
        self.phase_of: dict[int, str] = {}

    def bulk(self, table: str, rows: list[dict]) -> None:
        # One executemany per set of keys: it takes its columns from the first row.
        groups: dict[tuple, list[dict]] = {}
        for row in rows:
            groups.setdefault(tuple(sorted(row)), []).append(row)
        for group in groups.values():
            for start in range(0, len(group), 5000):
                self.conn.execute(insert(self.tables[table]), group[start:start + 5000])

    def people(self) -> None:
        now = self.now
        self.bulk("themes", [{"id": THEMES + i, "slug": f"thema-{i}", "name_nl": f"Thema {i}",
                              "name_en": f"Theme {i}", "position": 100 + i, "active": True}
                             for i in range(1, 9)]
                  + [{"id": THEMES + 99, "slug": MARKER, "name_nl": "bench", "name_en": "bench",
                      "position": 199, "active": False}])
        self.bulk("organisations", [{"id": i, "name": f"Gemeente {i:02d}",
                                     "slug": f"gemeente-{i:02d}"}
                                    for i in range(1, ORGANISATIONS + 1)])
        # One administrator per organisation, seven jurors, the participants.
        users = [(i, f"admin{i}@gemeente.bench", f"Beheerder {i}")
                 for i in range(1, ORGANISATIONS + 1)]
        users += [(100 + j, f"juror{j}@jury.bench", f"Jurylid {j}") for j in range(1, JURORS + 1)]
        users += [(FIRST_PARTICIPANT + k, f"deelnemer{k}@example.bench", f"Deelnemer {k}")
                  for k in range(PARTICIPANTS)]
        self.bulk("users", [{"id": i, "email": email, "display_name": name,
                             "email_verified_at": now, "session_token": f"tok{i}"}
                            for i, email, name in users])
        self.bulk("memberships", [{"user_id": i, "organisation_id": i, "role": "admin"}
                                  for i in range(1, ORGANISATIONS + 1)])

    def _dates(self, c: int) -> tuple[datetime, datetime, datetime, str, str]:
        """Published, opens, closes, status and phase: 30 % open, 10 % upcoming, 20 % closed,
        25 % with results, 15 % completed; challenge 1 open, challenge 2 closed (the jury)."""
        now, rng = self.now, self.rng
        roll = rng.random()
        published = now - timedelta(days=rng.randint(20, 400))
        if c == 2:
            return published, published, now - timedelta(days=2), "published", "closed"
        if c == 1 or roll < 0.3:
            return (published, published, now + timedelta(days=rng.randint(1, 60)), "published",
                    "open")
        if roll < 0.4:
            return (published, now + timedelta(days=5), now + timedelta(days=50), "published",
                    "upcoming")
        if roll < 0.6:
            return (published, published, now - timedelta(days=rng.randint(1, 30)), "published",
                    "closed")
        status = "results_published" if roll < 0.85 else "completed"
        published -= timedelta(days=100)
        return (published, published, published + timedelta(days=60), status,
                "results" if roll < 0.85 else "completed")

    def challenges(self) -> None:
        from challenges.challenges.models import SEARCHED_FIELDS

        rng = self.rng
        challenges, audiences, themes, criteria = [], [], [], []
        for c in range(1, CHALLENGES + 1):
            org = (c - 1) % ORGANISATIONS + 1
            published, opens, closes, status, phase = self._dates(c)
            opens = min(opens, closes - timedelta(days=1))
            self.phase_of[c] = phase
            finished = phase in ("results", "completed")
            challenges.append({
                "id": c, "organisation_id": org, "slug": f"uitdaging-{c:04d}", "status": status,
                "title": f"{_paragraph(rng, 4)[:-1]} ({c})", "summary": _paragraph(rng, 25)[:480],
                "problem": _markdown(rng, 1500), "context": _markdown(rng, 1000),
                "expected_solutions": _markdown(rng, 800), "goals": _markdown(rng, 600),
                "out_of_scope": _markdown(rng, 300), "constraints": _markdown(rng, 300),
                "eligibility": _markdown(rng, 300), "reward_text": _paragraph(rng, 12),
                "reward_amount": Decimal(rng.choice((5000, 10000, 25000))),
                "follow_ups": ["pilot"], "public_support_enabled": c % 7 == 0,
                "proposal_visibility": "after_results", "contact_name": f"Beheerder {org}",
                "contact_email": f"admin{org}@gemeente.bench", "opens_at": opens,
                "closes_at": closes, "published_at": published, "created_at": published,
                "updated_at": published, "created_by_id": org,
                "pilot_summary": _markdown(rng, 300) if finished else "",
                "lessons_learned": _markdown(rng, 300) if phase == "completed" else "",
            })
            # What the app keeps when a challenge is saved (Challenge.searched_document).
            row = challenges[-1]
            row["search_text"] = "\n".join(row[name] for name in SEARCHED_FIELDS if row[name])
            audiences += [{"challenge_id": c, "kind": kind}
                          for kind in ("citizen", "startup", "company")]
            themes += [{"challenge_id": c, "theme_id": THEMES + th}
                       for th in sorted(rng.sample(range(1, 9), 2))]
            criteria += [{"id": (c - 1) * CRITERIA + p + 1, "challenge_id": c, "position": p,
                          "name": f"Criterium {p + 1}", "description": _paragraph(rng, 10),
                          "weight": (20, 20, 20, 15, 15, 10)[p]} for p in range(CRITERIA)]
        self.bulk("challenges", challenges)
        self.bulk("challenge_audiences", audiences)
        self.bulk("challenge_themes", themes)
        self.bulk("criteria", criteria)

    def proposals(self) -> None:
        """2,000 on challenge 1, 300 on challenge 2, the rest spread over the others; the
        finished challenges have a winner and two shortlisted proposals."""
        rng = self.rng
        per_challenge = {1: BIG_LIST, 2: JURY_PROPOSALS}
        rest, others = PROPOSALS - BIG_LIST - JURY_PROPOSALS, CHALLENGES - 2
        for index, c in enumerate(range(3, CHALLENGES + 1)):
            per_challenge[c] = rest // others + (1 if index < rest % others else 0)
        proposals, decisions = [], []
        texts = [_markdown(rng, 600) for _ in range(50)]
        pid = 0
        for c, count in per_challenge.items():
            finished = self.phase_of[c] in ("results", "completed")
            for n in range(count):
                pid += 1
                submitted = self.now - timedelta(days=3, minutes=pid)
                status = "submitted"
                if finished:
                    status = "winner" if n == 0 else "shortlisted" if n < 3 else "not_selected"
                if finished and n < 3:
                    decisions.append({"challenge_id": c, "proposal_id": pid,
                                      "shortlisted": True, "place": n + 1,
                                      "motivation": _paragraph(rng, 20)})
                proposals.append({
                    "id": pid, "challenge_id": c,
                    "author_id": FIRST_PARTICIPANT + (pid * 7919) % PARTICIPANTS,
                    "reference": f"2026-{c:04d}-{n + 1:05d}", "status": status,
                    "title": f"Voorstel {pid}: {_paragraph(rng, 4)[:-1]}",
                    "summary": _paragraph(rng, 30)[:590], "description": texts[pid % 50],
                    "approach": texts[(pid + 7) % 50], "impact": texts[(pid + 13) % 50],
                    "cost_estimate": "€ 20.000", "timeline": "Zes maanden",
                    "team_description": "Twee ontwikkelaars en een ontwerper.",
                    "rules_accepted_at": submitted, "submitted_at": submitted, "version": 1,
                    "created_at": submitted, "updated_at": submitted,
                })
        self.bulk("proposals", proposals)
        self.bulk("jury_decisions", decisions)

    def jury(self) -> None:
        """Challenge 2's jury: seven jurors, every review submitted, six scores each."""
        self.bulk("juries", [{"id": 1, "challenge_id": 2, "blind": False, "scale_min": 0,
                              "scale_max": 5}])
        self.bulk("jury_members", [{"id": j, "jury_id": 1, "email": f"juror{j}@jury.bench",
                                    "user_id": 100 + j, "is_chair": j == 1,
                                    "accepted_at": self.now} for j in range(1, JURORS + 1)])
        reviews, scores = [], []
        rid = 0
        for j in range(1, JURORS + 1):
            for p in range(BIG_LIST + 1, BIG_LIST + JURY_PROPOSALS + 1):
                rid += 1
                reviews.append({"id": rid, "member_id": j, "proposal_id": p,
                                "status": "submitted", "submitted_at": self.now,
                                "overall_comment": _paragraph(self.rng, 15)})
                scores += [{"review_id": rid, "criterion_id": CRITERIA + k + 1,
                            "value": Decimal(self.rng.randint(0, 5)), "comment": ""}
                           for k in range(CRITERIA)]
        self.bulk("reviews", reviews)
        self.bulk("scores", scores)

    def sequences(self) -> None:
        """PostgreSQL: the ids were given, so move every sequence past them."""
        if self.conn.dialect.name != "postgresql":
            return
        for name in ("themes", "organisations", "users", "challenges", "criteria", "proposals",
                     "juries", "jury_members", "reviews", "scores", "memberships",
                     "jury_decisions"):
            self.conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT max(id) FROM {name}))")


def build(seed: int = 2026) -> Built:
    """Fill a migrated database (inside an app context), once."""
    from challenges.extensions import db

    started = time.perf_counter()
    if is_built():
        _render_texts()
        return Built(0.0, False)
    loader = _Loader(seed)
    loader.people()
    loader.challenges()
    loader.proposals()
    loader.jury()
    loader.sequences()
    db.session.commit()
    _render_texts()
    if db.engine.dialect.name == "postgresql":
        # The planner's statistics and the visibility map now, not when autovacuum comes by:
        # a data set measured right after it was built is otherwise planned as an empty one,
        # and its index-only scans would visit the rows (the texts' rendering rewrote them).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return Built(time.perf_counter() - started, True)


def _render_texts() -> None:
    """The texts rendered and stored, as the app does when they are written (bulk inserts
    skip that): otherwise every page would render Markdown when read, which the app's own
    rows never make it do. Also for a data set built before this step."""
    from sqlalchemy import select

    from challenges.challenges.models import Challenge
    from challenges.extensions import db
    from challenges.text import render_all_stored

    if db.session.scalar(select(Challenge.id).where(Challenge.rendered_markdown.is_(None))
                         .limit(1)) is not None:
        render_all_stored()
