"""Demo data drawn from the seed texts: Flemish municipalities, their staff, jurors,
citizens and startups, challenges in every phase with their criteria, questions, an
attachment and a change notice, proposals in every state with their teams, versions,
attachments and public support, and juries at work and done. Loading twice changes nothing.

`flask --app challenges demo` runs `load_demo`. The data and its loader live together by
area: `people`, `challenge_data`, `proposal_data`, `jury_data`, `stage_data` (the challenge
in two stages) and the others; `helpers` holds what they share."""

from __future__ import annotations

from collections.abc import Iterator

from challenges.db import utcnow
from challenges.demo.announcement_data import announcement_lines, load_announcements
from challenges.demo.challenge_data import (
    CHALLENGES,
    LESSONS,
    THEMES,
    add_lessons,
    challenge_lines,
    load_challenges,
    load_themes,
)
from challenges.demo.clarification_data import clarification_lines, load_clarifications
from challenges.demo.cover_data import cover_lines, load_covers
from challenges.demo.follow_data import follow_lines, load_follows
from challenges.demo.form_data import form_lines, load_form
from challenges.demo.host_data import host_lines, load_hosts
from challenges.demo.jury_data import JURIES, MIDWAY_JURY, jury_lines, load_juries
from challenges.demo.lesson_data import lesson_lines, load_lessons
from challenges.demo.people import (
    DEMO_PASSWORD,
    ORGANISATIONS,
    PEOPLE,
    ROLES,
    load_people,
    people_lines,
)
from challenges.demo.pilot_data import load_pilots, pilot_lines
from challenges.demo.proposal_data import PROPOSALS, load_proposals, proposal_lines
from challenges.demo.session_data import load_sessions, session_lines
from challenges.demo.stage_data import load_stages, stage_lines
from challenges.demo.template_data import load_templates, template_lines
from challenges.demo.translation_data import add_translations, translation_lines
from challenges.extensions import db

# Importable from `challenges.demo` as before it became a package: the CLI imports load_demo,
# the tests DEMO_PASSWORD and MIDWAY_JURY; the data lists stay at hand for any new caller.
__all__ = ["CHALLENGES", "DEMO_PASSWORD", "JURIES", "LESSONS", "MIDWAY_JURY", "ORGANISATIONS",
           "PEOPLE", "PROPOSALS", "ROLES", "THEMES", "load_demo"]


def load_demo() -> Iterator[str]:
    """Add whatever demo data is missing in one transaction, then yield the summary the demo
    command prints: the password, who to sign in as and where to look."""
    organisations, users = load_people()
    themes = load_themes()
    now = utcnow()
    challenges = load_challenges(organisations, users, themes, now)
    load_hosts(challenges, organisations, users, now)
    load_proposals(challenges, users, now)
    load_form(challenges)
    load_juries(challenges, users, now)
    load_pilots(challenges, users, now)
    add_lessons(challenges)
    add_translations(challenges)
    db.session.flush()
    load_lessons(challenges, users, now)
    db.session.flush()
    load_templates(organisations, challenges, users, now)
    load_follows(users, organisations, challenges, themes)
    db.session.flush()
    load_announcements(challenges, users, now)
    load_sessions(challenges, users, now)
    load_clarifications(challenges, users, now)
    load_stages(challenges, users, now)
    load_covers(challenges)
    db.session.commit()

    yield "Demo data loaded. Every demo account uses the password: " + DEMO_PASSWORD
    yield ""
    yield from people_lines(organisations)
    yield ""
    yield from challenge_lines()
    yield from host_lines()
    yield ""
    yield from translation_lines()
    yield ""
    yield from proposal_lines()
    yield from form_lines()
    yield ""
    yield from pilot_lines()
    yield from lesson_lines()
    yield from template_lines()
    yield ""
    yield from jury_lines()
    yield ""
    yield from follow_lines()
    yield from announcement_lines()
    yield from session_lines()
    yield from clarification_lines()
    yield ""
    yield from stage_lines()
    yield from cover_lines()
    yield from file_lines()


def file_lines() -> Iterator[str]:
    """Where the demo's files are: the store STORAGE_URL names (challenges/storage.py)."""
    from sqlalchemy import func, select

    from challenges import storage
    from challenges.challenges.models import ChallengeAttachment
    from challenges.pilots.models import PilotDocument
    from challenges.submissions.models import ProposalAttachment

    attachments = sum(db.session.scalar(select(func.count()).select_from(model)) or 0
                      for model in (ChallengeAttachment, ProposalAttachment, PilotDocument))
    stores = dict(db.session.execute(select(storage.StoredFile.store, func.count()).group_by(
        storage.StoredFile.store)).all())
    yield ""
    yield (f"Files: {attachments} attachment(s) kept as {sum(stores.values())} stored file(s) "
           f"({', '.join(f'{n} in {store}' for store, n in sorted(stores.items())) or 'none'}); "
           "`flask --app challenges files move --to s3` moves them to object storage.")
