"""`EXPLAIN ANALYZE` of the public listing's statements on the benchmark's PostgreSQL data:
`DATABASE_URL=postgresql+psycopg://…/bench SECRET_KEY=… .venv/bin/python -m bench.explain`
(SHOW=1 prints the plans). The statements are captured as the app sends them (page and count
of the listing, page 1 and 20, the search, a phase and theme, newest first), then each is
explained 7 times; the median and the minimum of PostgreSQL's execution time are printed.
"""

from __future__ import annotations

import os
import re
import statistics

from sqlalchemy import event

from challenges import create_app
from challenges.challenges import queries
from challenges.challenges.models import Phase
from challenges.extensions import db

PAGE = 20
CASES = {
    "listing, page 1": (queries.ChallengeFilters(), 1),
    "listing, page 20": (queries.ChallengeFilters(), 20),
    "search, page 1": (queries.ChallengeFilters(q="zwerfvuil"), 1),
    "open + theme, page 1": (queries.ChallengeFilters(phase=Phase.OPEN, theme="thema-3"), 1),
    "newest, page 20": (queries.ChallengeFilters(sort="newest"), 20),
}


def main() -> None:
    app = create_app()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            raise SystemExit("bench.explain reads PostgreSQL's plans: set DATABASE_URL")
        captured: list[tuple[str, object]] = []

        def capture(*args):
            # before_cursor_execute(conn, cursor, statement, parameters, context, executemany)
            captured.append((args[2], args[3]))

        event.listen(db.engine, "before_cursor_execute", capture)
        for name, (filters, page) in CASES.items():
            captured.clear()
            queries.public_page(filters, page, PAGE)
            # The page's rows and its count; the loads of related rows are by primary key.
            statements = [(sql, params) for sql, params in captured
                          if "FROM challenges" in sql and "challenges.id IN (%" not in sql]
            event.remove(db.engine, "before_cursor_execute", capture)
            for sql, params in statements:
                kind = "count" if sql.lstrip().lower().startswith("select count") else "page"
                times = []
                for _ in range(7):
                    plan = [row[0] for row in db.session.connection().exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS) " + sql, params)]  # type: ignore[arg-type]
                    found = re.search(r"Execution Time: ([\d.]+)", plan[-1])
                    times.append(float(found.group(1)) if found else 0.0)
                print(f"{name:22} {kind:5} median {statistics.median(times):6.2f} ms, "
                      f"min {min(times):6.2f} ms")
                if os.environ.get("SHOW"):
                    print("\n".join(plan))
            event.listen(db.engine, "before_cursor_execute", capture)
        event.remove(db.engine, "before_cursor_execute", capture)
        db.session.rollback()


if __name__ == "__main__":
    main()
