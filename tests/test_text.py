"""Markdown kept rendered and cleaned beside its source (challenges.text.StoresMarkdown)."""

from __future__ import annotations

from sqlalchemy import text

from challenges import text as rich_text
from challenges.challenges.models import Challenge
from challenges.extensions import db


def _stored(challenge: Challenge) -> dict:
    db.session.expire(challenge)
    return db.session.get(Challenge, challenge.id).rendered_markdown


def test_a_challenge_keeps_its_texts_rendered_and_cleaned_when_saved(make):
    challenge = make.challenge(problem="The **problem** <script>alert(1)</script>",
                               context="# A heading")
    stored = _stored(challenge)
    assert stored["v"] == rich_text.RENDERER_VERSION
    assert stored["problem"][1] == "<p>The <strong>problem</strong> </p>"
    assert stored["context"][1] == "<h2>A heading</h2>"
    assert "eligibility" not in stored          # empty texts keep nothing


def test_a_change_is_rendered_again_on_save(make):
    challenge = make.challenge(problem="Old")
    challenge.problem = "New *text*"
    db.session.commit()
    assert _stored(challenge)["problem"][1] == "<p>New <em>text</em></p>"


def test_the_page_shows_the_stored_html_and_never_a_stale_one(client, make):
    challenge = make.challenge(problem="Shown from the store")
    stored = dict(_stored(challenge))
    stored["problem"] = [stored["problem"][0], "<p>Kept HTML</p>"]
    db.session.execute(text("UPDATE challenges SET rendered_markdown = :r WHERE id = :id")
                       .bindparams(db.bindparam("r", type_=db.JSON)), {"r": stored,
                                                                       "id": challenge.id})
    db.session.commit()
    assert b"<p>Kept HTML</p>" in client.get(f"/challenges/{challenge.slug}").data
    # The source changed without the ORM (SQL, an old row): its digest no longer matches,
    # so the page renders the source instead of showing the stored HTML.
    db.session.execute(text("UPDATE challenges SET problem = 'Changed in SQL' WHERE id = :id"),
                       {"id": challenge.id})
    db.session.commit()
    page = client.get(f"/challenges/{challenge.slug}").data
    assert b"Kept HTML" not in page
    assert b"<p>Changed in SQL</p>" in page


def test_an_answer_is_kept_rendered(make):
    from challenges.questions.models import Question, QuestionStatus

    challenge = make.challenge()
    question = Question(challenge=challenge, body="Mag het?", status=QuestionStatus.ANSWERED,
                        answer="Ja, **zeker**.")
    db.session.add(question)
    db.session.commit()
    assert question.rendered_markdown["answer"][1] == "<p>Ja, <strong>zeker</strong>.</p>"
    assert question.html("answer") == "<p>Ja, <strong>zeker</strong>.</p>"


def test_the_cli_renders_every_stored_text_again(make, runner):
    challenge = make.challenge(problem="Again")
    db.session.execute(text("UPDATE challenges SET rendered_markdown = NULL WHERE id = :id"),
                       {"id": challenge.id})
    db.session.commit()
    result = runner.invoke(args=["texts", "render"])
    assert result.exit_code == 0, result.output
    assert "challenges: 1 rendered again" in result.output
    assert _stored(challenge)["problem"][1] == "<p>Again</p>"
