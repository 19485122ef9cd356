"""Public questions and answers: asking, answering, merging, rejecting, the organisers' queue,
the emails, who may do what, and the section shown on the challenge page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template
from flask_login import AnonymousUserMixin, login_user
from sqlalchemy import func, select

from challenges.accounts.models import Role
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.questions.models import Question, QuestionStatus
from challenges.questions.views import section_context
from tests.access import refused

EN = {"Accept-Language": "en"}


@pytest.fixture
def world(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    mechelen_admin = make.user(email="admin@mechelen.be", language="en")
    make.membership(mechelen_admin, mechelen, Role.ADMIN)
    mechelen_editor = make.user(email="editor@mechelen.be", language="nl")
    make.membership(mechelen_editor, mechelen, Role.EDITOR)
    brugge_editor = make.user(email="editor@brugge.be", language="en")
    make.membership(brugge_editor, brugge, Role.EDITOR)
    challenge = make.challenge(mechelen, title="Smart parking in the centre")
    return {
        "mechelen": mechelen, "brugge": brugge, "challenge": challenge,
        "mechelen_admin": mechelen_admin, "mechelen_editor": mechelen_editor,
        "brugge_editor": brugge_editor,
        "citizen": make.user(email="citizen@example.be", language="en"),
        "unverified": make.user(email="new@example.be", language="en", verified=False),
        "platform_admin": make.user(email="root@platform.be", language="en",
                                    platform_admin=True),
    }


def question(challenge, asker, body="Is the parking data open?", *, status=QuestionStatus.PENDING,
             answer=None, created_at=None, **fields) -> Question:
    obj = Question(challenge=challenge, asker=asker, body=body, status=status, answer=answer,
                   created_at=created_at or utcnow(), **fields)
    if status == QuestionStatus.ANSWERED:
        obj.answered_at = obj.answered_at or utcnow()
    db.session.add(obj)
    db.session.commit()
    return obj


def ask(client, challenge, body, **kwargs):
    return client.post(f"/challenges/{challenge.slug}/questions", data={"question-body": body},
                       headers=EN, **kwargs)


def page(client, url) -> str:
    response = client.get(url, headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def public_page(client, challenge) -> str:
    return page(client, f"/challenges/{challenge.slug}/questions")


def manage_page(client, challenge) -> str:
    return page(client, f"/manage/challenges/{challenge.slug}/questions")


# Asking -----------------------------------------------------------------------------------------

def test_verified_user_asks_and_the_question_waits_unpublished(client, world):
    client.login_as(world["citizen"])
    response = ask(client, world["challenge"], "  Can we use the city's parking sensors?  ")
    assert response.status_code == 302
    assert f"/challenges/{world['challenge'].slug}" in response.headers["Location"]
    asked = db.session.scalar(select(Question))
    assert asked.body == "Can we use the city's parking sensors?"
    assert asked.status == QuestionStatus.PENDING
    assert asked.asker_id == world["citizen"].id
    html = public_page(client, world["challenge"])
    assert "Your questions waiting for an answer" in html  # the asker sees their own...
    client.logout()
    html = public_page(client, world["challenge"])
    assert "parking sensors" not in html  # ...nobody else does, until it is answered


def test_editors_get_the_new_question_email_in_their_own_language(client, world, smtp):
    client.login_as(world["citizen"])
    ask(client, world["challenge"], "Is there a budget for a pilot?")
    send_due()
    to_admin = smtp.to("admin@mechelen.be")
    to_editor = smtp.to("editor@mechelen.be")
    assert len(to_admin) == 1 and len(to_editor) == 1
    assert not smtp.to("editor@brugge.be") and not smtp.to("citizen@example.be")
    assert to_admin[0]["Subject"] == "New question on Smart parking in the centre"
    assert 'lang="en"' in smtp.html(to_admin[0])
    assert 'lang="nl"' in smtp.html(to_editor[0])
    assert "Is there a budget for a pilot?" in smtp.text(to_editor[0])
    languages = {m.recipient: m.language for m in db.session.scalars(select(OutboxMessage))}
    assert languages == {"admin@mechelen.be": "en", "editor@mechelen.be": "nl"}
    link = smtp.link(to_admin[0], "/manage/challenges/")
    assert link.endswith(f"/manage/challenges/{world['challenge'].slug}/questions"
                         f"#question-{db.session.scalar(select(Question.id))}")


def test_unverified_user_is_refused_and_keeps_the_text(client, world):
    client.login_as(world["unverified"])
    response = ask(client, world["challenge"], "My carefully typed question")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "Confirm your email address to ask a question" in html
    assert "My carefully typed question</textarea>" in html
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


@pytest.mark.parametrize("phase,message", [
    ("closed", "This challenge is not open"),
    ("results_published", "This challenge is not open"),
    ("cancelled", "This challenge is not open"),
    ("upcoming", "Questions can be asked once the challenge opens"),
])
def test_question_on_a_challenge_that_is_not_open_is_refused(client, world, make, phase,
                                                             message):
    challenge = make.challenge(world["mechelen"], phase=phase)
    client.login_as(world["citizen"])
    response = ask(client, challenge, "Too late?")
    assert response.status_code == 403
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


@pytest.mark.parametrize("who", [None, "citizen", "brugge_editor"])
def test_draft_does_not_exist_for_outsiders(client, world, make, who):
    draft = make.challenge(world["mechelen"], phase="draft")
    if who:
        client.login_as(world[who])
    assert ask(client, draft, "Hello?").status_code == 404
    new = client.get(f"/challenges/{draft.slug}/questions/new")
    # A stranger is asked to sign in before anything is looked up.
    assert new.status_code == 404 if who else refused(new, signed_in=False)
    assert client.get(f"/challenges/{draft.slug}/questions").status_code == 404


def test_unknown_challenge_is_404(client, world):
    client.login_as(world["citizen"])
    assert client.post("/challenges/nope/questions", data={"question-body": "x"}).status_code \
        == 404


@pytest.mark.parametrize("body,message", [
    ("", "Write your question."),
    ("   \n  ", "Write your question."),
    ("x" * 2001, "Keep your question under 2000 characters."),
])
def test_bad_body_gets_a_message_next_to_the_field_and_keeps_the_text(client, world, body,
                                                                      message):
    client.login_as(world["citizen"])
    response = ask(client, world["challenge"], body)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'id="question-body-error"' in html and 'aria-invalid="true"' in html
    if body.strip():
        assert body in html
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_anonymous_is_sent_to_sign_in_and_back_to_the_form(client, world):
    slug = world["challenge"].slug
    for response in (ask(client, world["challenge"], "Hi"),
                     client.get(f"/challenges/{slug}/questions/new")):
        assert response.status_code == 302
        assert "/login?next=" in response.headers["Location"]
        assert f"/challenges/{slug}/questions/new" in response.headers["Location"].replace(
            "%2F", "/")


def test_ask_page_has_a_labelled_form(client, world):
    client.login_as(world["citizen"])
    html = page(client, f"/challenges/{world['challenge'].slug}/questions/new")
    assert '<label class="form-label fw-semibold" for="question-body">Your question</label>' \
        in html
    assert '<button type="submit"' in html
    assert f'action="/challenges/{world["challenge"].slug}/questions"' in html


@pytest.mark.csrf
def test_asking_works_with_csrf_protection(client, world):
    client.login_as(world["citizen"])
    html = page(client, f"/challenges/{world['challenge'].slug}/questions/new")
    token = re.search(r'name="question-csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(f"/challenges/{world['challenge'].slug}/questions",
                           data={"question-csrf_token": token, "question-body": "With token"})
    assert response.status_code == 302
    assert db.session.scalar(select(Question.body)) == "With token"
    without = client.post(f"/challenges/{world['challenge'].slug}/questions",
                          data={"question-body": "No token"})
    assert without.status_code == 400


# Answering --------------------------------------------------------------------------------------

def test_answer_is_published_and_the_asker_is_emailed(client, world, smtp):
    asked = question(world["challenge"], world["citizen"], "Is the parking data open?")
    client.login_as(world["mechelen_editor"])
    response = client.post(f"/manage/questions/{asked.id}/answer",
                           data={f"answer-{asked.id}-answer": "Yes, under a **CC-BY** licence."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#question-{asked.id}")
    db.session.refresh(asked)
    assert asked.status == QuestionStatus.ANSWERED
    assert asked.answered_by_id == world["mechelen_editor"].id
    assert asked.answered_at is not None

    client.logout()
    html = public_page(client, world["challenge"])
    assert f'id="question-{asked.id}"' in html
    assert "Is the parking data open?" in html
    assert "<strong>CC-BY</strong>" in html
    assert "citizen@example.be" not in html and world["citizen"].display_name not in html

    send_due()
    [mail] = smtp.to("citizen@example.be")
    assert mail["Subject"] == "Your question on Smart parking in the centre was answered"
    assert "Yes, under a **CC-BY** licence." in smtp.text(mail)
    link = smtp.link(mail, f"#question-{asked.id}")
    assert f"/challenges/{world['challenge'].slug}" in link
    assert client.get(link.split("#")[0].replace(client.application.config["BASE_URL"], "")) \
        .status_code == 200


def test_editing_an_answer_overwrites_it_without_a_second_email(client, world, smtp):
    earlier = utcnow() - timedelta(days=2)
    asked = question(world["challenge"], world["citizen"], status=QuestionStatus.ANSWERED,
                     answer="First version", answered_at=earlier)
    client.login_as(world["mechelen_admin"])
    response = client.post(f"/manage/questions/{asked.id}/answer",
                           data={f"answer-{asked.id}-answer": "Corrected version"})
    assert response.status_code == 302
    db.session.refresh(asked)
    assert asked.answer == "Corrected version"
    assert asked.answered_at > earlier
    assert "Corrected version" in public_page(client, world["challenge"])
    send_due()
    assert smtp.to("citizen@example.be") == []


def test_empty_answer_is_refused_next_to_the_field(client, world):
    asked = question(world["challenge"], world["citizen"])
    client.login_as(world["mechelen_admin"])  # English pages
    response = client.post(f"/manage/questions/{asked.id}/answer",
                           data={f"answer-{asked.id}-answer": "  "}, headers=EN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Write the answer." in html and f'id="answer-{asked.id}-answer-error"' in html
    db.session.refresh(asked)
    assert asked.status == QuestionStatus.PENDING


def test_script_in_an_answer_never_reaches_the_page(client, world, app):
    asked = question(world["challenge"], world["citizen"], "<script>alert('q')</script>?")
    client.login_as(world["mechelen_editor"])
    client.post(f"/manage/questions/{asked.id}/answer", data={
        f"answer-{asked.id}-answer":
            "<script>alert('a')</script> **fine** <img src=x onerror=alert(1)>"})
    for html in (public_page(client, world["challenge"]), manage_page(client, world["challenge"])):
        assert "<script>alert" not in html
        assert "<img" not in html
        assert "<strong>fine</strong>" in html
        assert "&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;?" in html
    with app.test_request_context(headers=EN):
        section = render_template("questions/_section.html",
                                  qa=section_context(world["challenge"]))
    assert "<script>" not in section


# Merging ----------------------------------------------------------------------------------------

def test_merge_into_an_answered_question_emails_the_asker_at_once(client, world, make, smtp):
    other = make.user(email="other@example.be", language="en")
    original = question(world["challenge"], world["citizen"], "Is the data open?",
                        status=QuestionStatus.ANSWERED, answer="Yes, it is open data.")
    duplicate = question(world["challenge"], other, "Can I reuse the data?")
    client.login_as(world["mechelen_editor"])
    response = client.post(f"/manage/questions/{duplicate.id}/merge",
                           data={f"merge-{duplicate.id}-target": str(original.id)})
    assert response.status_code == 302
    db.session.refresh(duplicate)
    assert duplicate.status == QuestionStatus.MERGED
    assert duplicate.merged_into_id == original.id

    html = public_page(client, world["challenge"])
    assert "Can I reuse the data?" not in html  # merged questions are not listed publicly
    assert f'id="question-{original.id}"' in html

    send_due()
    [mail] = smtp.to("other@example.be")
    assert "Yes, it is open data." in smtp.text(mail)
    assert smtp.link(mail, f"#question-{original.id}")


def test_merge_into_a_waiting_question_emails_once_it_is_answered(client, world, make, smtp):
    other = make.user(email="other@example.be", language="en")
    original = question(world["challenge"], world["citizen"], "Is the data open?")
    duplicate = question(world["challenge"], other, "Can I reuse the data?")
    client.login_as(world["mechelen_editor"])
    client.post(f"/manage/questions/{duplicate.id}/merge",
                data={f"merge-{duplicate.id}-target": str(original.id)})
    send_due()
    assert smtp.to("other@example.be") == []
    client.post(f"/manage/questions/{original.id}/answer",
                data={f"answer-{original.id}-answer": "Yes."})
    send_due()
    assert len(smtp.to("citizen@example.be")) == 1
    [mail] = smtp.to("other@example.be")
    assert smtp.link(mail, f"#question-{original.id}")


def test_duplicates_follow_a_question_merged_in_turn(client, world, make):
    first = question(world["challenge"], world["citizen"], "A")
    second = question(world["challenge"], world["citizen"], "B")
    third = question(world["challenge"], world["citizen"], "C")
    client.login_as(world["mechelen_editor"])
    client.post(f"/manage/questions/{third.id}/merge", data={f"merge-{third.id}-target": second.id})
    client.post(f"/manage/questions/{second.id}/merge", data={f"merge-{second.id}-target": first.id})
    db.session.refresh(third)
    assert third.merged_into_id == first.id


def test_merge_target_of_another_challenge_gets_a_clear_error(client, world, make):
    elsewhere = make.challenge(world["mechelen"])
    foreign = question(elsewhere, world["citizen"], "Elsewhere")
    asked = question(world["challenge"], world["citizen"], "Here")
    client.login_as(world["mechelen_admin"])  # English pages
    for target in (foreign.id, asked.id, 999999):
        response = client.post(f"/manage/questions/{asked.id}/merge",
                               data={f"merge-{asked.id}-target": str(target)}, headers=EN)
        assert response.status_code == 400
        assert "Choose one of the other questions of this challenge." in \
            response.get_data(as_text=True)
    for nonsense in ("abc", "", "99999999999999999999", "-1"):
        response = client.post(f"/manage/questions/{asked.id}/merge",
                               data={f"merge-{asked.id}-target": nonsense}, headers=EN)
        assert response.status_code == 400
    db.session.refresh(asked)
    assert asked.status == QuestionStatus.PENDING


def test_merge_offers_the_other_questions_of_the_challenge_only(client, world, make):
    elsewhere = make.challenge(world["mechelen"])
    question(elsewhere, world["citizen"], "Question of another challenge")
    first = question(world["challenge"], world["citizen"], "First question here")
    second = question(world["challenge"], world["citizen"], "Second question here")
    question(world["challenge"], world["citizen"], "Rejected one", status=QuestionStatus.REJECTED,
             rejection_reason="Off topic")
    client.login_as(world["mechelen_editor"])
    html = manage_page(client, world["challenge"])
    select_html = html.split(f'id="merge-{first.id}-target"')[1].split("</select>")[0]
    assert f'value="{second.id}"' in select_html
    assert f'value="{first.id}"' not in select_html
    assert "another challenge" not in select_html and "Rejected one" not in select_html


# Rejecting --------------------------------------------------------------------------------------

def test_reject_emails_the_reason_and_keeps_the_question_private(client, world, smtp):
    asked = question(world["challenge"], world["citizen"], "What is the mayor's phone number?")
    client.login_as(world["mechelen_admin"])
    response = client.post(f"/manage/questions/{asked.id}/reject",
                           data={f"reject-{asked.id}-reason": "We do not share personal data."})
    assert response.status_code == 302
    db.session.refresh(asked)
    assert asked.status == QuestionStatus.REJECTED
    assert asked.rejection_reason == "We do not share personal data."
    assert "phone number" not in public_page(client, world["challenge"])
    send_due()
    [mail] = smtp.to("citizen@example.be")
    assert "We do not share personal data." in smtp.text(mail)
    assert "We do not share personal data." in smtp.html(mail)


def test_reject_needs_a_reason(client, world):
    asked = question(world["challenge"], world["citizen"])
    client.login_as(world["mechelen_admin"])
    response = client.post(f"/manage/questions/{asked.id}/reject",
                           data={f"reject-{asked.id}-reason": ""}, headers=EN)
    assert response.status_code == 400
    assert "Explain why the question is not answered." in response.get_data(as_text=True)
    db.session.refresh(asked)
    assert asked.status == QuestionStatus.PENDING


def test_a_question_with_duplicates_cannot_be_rejected(client, world):
    original = question(world["challenge"], world["citizen"], "A")
    question(world["challenge"], world["citizen"], "B", status=QuestionStatus.MERGED,
             merged_into_id=original.id)
    client.login_as(world["mechelen_admin"])
    response = client.post(f"/manage/questions/{original.id}/reject",
                           data={f"reject-{original.id}-reason": "No"}, headers=EN)
    assert response.status_code == 400
    assert "Other questions were merged into this one" in response.get_data(as_text=True)


def test_actions_on_a_question_already_handled_are_refused_with_a_message(client, world):
    rejected = question(world["challenge"], world["citizen"], status=QuestionStatus.REJECTED,
                        rejection_reason="Off topic")
    client.login_as(world["mechelen_admin"])
    for action, field in (("answer", "answer"), ("reject", "reason"), ("merge", "target")):
        response = client.post(f"/manage/questions/{rejected.id}/{action}",
                               data={f"{action}-{rejected.id}-{field}": "1"}, headers=EN,
                               follow_redirects=True)
        assert response.status_code == 200
        assert "Only a " in response.get_data(as_text=True)
    db.session.refresh(rejected)
    assert rejected.status == QuestionStatus.REJECTED


# The organisers' pages --------------------------------------------------------------------------

def test_queue_lists_only_waiting_questions_of_my_organisations_oldest_first(client, world,
                                                                            make):
    now = utcnow()
    brugge_challenge = make.challenge(world["brugge"])
    question(world["challenge"], world["citizen"], "Newer waiting", created_at=now)
    question(world["challenge"], world["citizen"], "Older waiting",
             created_at=now - timedelta(days=3))
    question(world["challenge"], world["citizen"], "Answered one",
             status=QuestionStatus.ANSWERED, answer="Done")
    question(world["challenge"], world["citizen"], "Rejected one",
             status=QuestionStatus.REJECTED, rejection_reason="No")
    question(brugge_challenge, world["citizen"], "Question for Brugge")

    client.login_as(world["mechelen_editor"])
    html = page(client, "/manage/questions")
    assert html.index("Older waiting") < html.index("Newer waiting")
    assert "Answered one" not in html and "Rejected one" not in html
    assert "Question for Brugge" not in html

    client.login_as(world["brugge_editor"])
    html = page(client, "/manage/questions")
    assert "Question for Brugge" in html and "Older waiting" not in html

    client.login_as(world["platform_admin"])
    html = page(client, "/manage/questions")
    assert "Question for Brugge" in html and "Older waiting" in html


def test_queue_paginates(client, world, app):
    for i in range(app.config["PAGE_SIZE"] + 2):
        question(world["challenge"], world["citizen"], f"Question number {i:03d}",
                 created_at=utcnow() - timedelta(minutes=100 - i))
    client.login_as(world["mechelen_editor"])
    first = page(client, "/manage/questions")
    second = page(client, "/manage/questions?page=2")
    assert "Question number 000" in first and "Question number 000" not in second
    assert f"Question number {app.config['PAGE_SIZE'] + 1:03d}" in second


def test_challenge_page_groups_questions_by_status(client, world):
    question(world["challenge"], world["citizen"], "Waiting question")
    question(world["challenge"], world["citizen"], "Answered question",
             status=QuestionStatus.ANSWERED, answer="The answer")
    question(world["challenge"], world["citizen"], "Rejected question",
             status=QuestionStatus.REJECTED, rejection_reason="Off topic")
    client.login_as(world["mechelen_admin"])  # English pages
    html = manage_page(client, world["challenge"])
    assert html.count("<h1") == 1
    order = [html.index(text) for text in ("Waiting for an answer", "Waiting question",
                                            "Answered question", "Rejected question",
                                            "Off topic")]
    assert order == sorted(order)


@pytest.mark.parametrize("path", ["/manage/questions", "/manage/challenges/{slug}/questions"])
def test_organiser_pages_use_a_fixed_number_of_queries(client, world, make, count_queries,
                                                       path):
    other = make.challenge(world["mechelen"])

    def fill(n):
        for i in range(n):
            asker = make.user()
            target = world["challenge"] if i % 2 else other
            answered = i % 3 == 1
            question(target, asker, f"Question {i}",
                     status=QuestionStatus.ANSWERED if answered else QuestionStatus.PENDING,
                     answer="Yes" if answered else None,
                     answered_by=world["mechelen_admin"] if answered else None)

    client.login_as(world["mechelen_editor"])
    url = path.format(slug=world["challenge"].slug)
    counts = []
    for n in (3, 27):  # 3 questions, then 30
        fill(n)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_public_list_uses_a_fixed_number_of_queries(client, world, make, count_queries):
    counts = []
    for n in (3, 27):
        for i in range(n):
            question(world["challenge"], make.user(), f"Q {i}", status=QuestionStatus.ANSWERED,
                     answer="A")
        with count_queries() as counter:
            public_page(client, world["challenge"])
        counts.append(counter.count)
    assert counts[0] == counts[1]


# Who may do what --------------------------------------------------------------------------------

MANAGE_ROUTES = [
    ("GET", "/manage/questions"),
    ("GET", "/manage/challenges/{slug}/questions"),
    ("POST", "/manage/questions/{id}/answer"),
    ("POST", "/manage/questions/{id}/merge"),
    ("POST", "/manage/questions/{id}/reject"),
]
CHALLENGE_ROUTES = MANAGE_ROUTES[1:]


@pytest.fixture
def pending(world):
    return question(world["challenge"], world["citizen"], "Waiting question")


def call(client, world, pending, method, url):
    url = url.format(slug=world["challenge"].slug, id=pending.id)
    return client.open(url, method=method, data={
        f"answer-{pending.id}-answer": "Sneaky answer",
        f"merge-{pending.id}-target": str(pending.id),
        f"reject-{pending.id}-reason": "Sneaky reason"})


@pytest.mark.parametrize("method,url", MANAGE_ROUTES)
def test_stranger_is_sent_to_sign_in(client, world, pending, method, url):
    assert refused(call(client, world, pending, method, url), signed_in=False)


@pytest.mark.parametrize("method,url", MANAGE_ROUTES)
@pytest.mark.parametrize("who", ["citizen", "unverified"])
def test_participant_gets_403(client, world, pending, method, url, who):
    client.login_as(world[who])
    assert call(client, world, pending, method, url).status_code == 403


@pytest.mark.parametrize("method,url", CHALLENGE_ROUTES)
def test_editor_of_another_organisation_gets_403(client, world, pending, method, url):
    client.login_as(world["brugge_editor"])
    assert call(client, world, pending, method, url).status_code == 403
    db.session.refresh(pending)
    assert pending.status == QuestionStatus.PENDING and pending.answer is None


def test_editor_of_another_organisation_sees_only_their_own_queue(client, world, pending):
    # The queue is theirs too, so not 403: it just never shows another organisation's work.
    client.login_as(world["brugge_editor"])
    assert "Waiting question" not in page(client, "/manage/questions")


@pytest.mark.parametrize("who", ["mechelen_editor", "mechelen_admin", "platform_admin"])
@pytest.mark.parametrize("method,url", MANAGE_ROUTES)
def test_organisers_and_platform_admins_may(client, world, pending, who, method, url):
    client.login_as(world[who])
    assert call(client, world, pending, method, url).status_code in (200, 302, 400)


@pytest.mark.parametrize("action", ["answer", "merge", "reject"])
def test_unknown_question_is_404(client, world, action):
    client.login_as(world["mechelen_editor"])
    assert client.post(f"/manage/questions/999999/{action}").status_code == 404


def test_absurd_numbers_in_addresses_are_404_or_ignored(client, world):
    client.login_as(world["mechelen_editor"])
    assert client.post("/manage/questions/99999999999999999999/answer").status_code == 404
    assert client.get("/manage/questions?page=99999999999999999999").status_code == 200


def test_unknown_challenge_in_manage_is_404(client, world):
    client.login_as(world["mechelen_editor"])
    assert client.get("/manage/challenges/nope/questions").status_code == 404


# The section on the challenge page --------------------------------------------------------------

def render_section(app, challenge, user):
    """The section as `user` sees it (signed in, unless anonymous)."""
    with app.test_request_context(headers=EN):
        if user.is_authenticated:
            login_user(user)
        qa = section_context(challenge)
        return qa, render_template("questions/_section.html", qa=qa)


def test_section_shows_answered_questions_oldest_first_in_brussels_time(app, world):
    challenge = world["challenge"]
    january = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # 13:00 in Brussels (CET)
    newer = question(challenge, world["citizen"], "Newer question",
                     status=QuestionStatus.ANSWERED, answer="Second *answer*",
                     created_at=january, answered_at=january)
    older = question(challenge, world["citizen"], "Older question",
                     status=QuestionStatus.ANSWERED, answer="First answer",
                     created_at=january - timedelta(days=1), answered_at=january)
    question(challenge, world["citizen"], "Waiting question")
    question(challenge, world["citizen"], "Rejected question", status=QuestionStatus.REJECTED)

    context, html = render_section(app, challenge, AnonymousUserMixin())
    assert [q.id for q in context.questions] == [older.id, newer.id]
    assert "<h2" in html and "Questions and answers" in html
    assert f'id="question-{older.id}"' in html and f'id="question-{newer.id}"' in html
    assert html.index("Older question") < html.index("Newer question")
    assert "<em>answer</em>" in html
    assert "14 January 2026 at 13:00</time>" in html   # one format, no seconds
    assert "Waiting question" not in html and "Rejected question" not in html


def test_section_explains_why_someone_may_not_ask(app, world, make):
    challenge = world["challenge"]
    context, html = render_section(app, challenge, AnonymousUserMixin())
    assert context.refusal == "sign_in" and context.form is None
    assert "Sign in to ask a question." in html and "/login?next=" in html

    context, html = render_section(app, challenge, world["unverified"])
    assert context.refusal == "verify"
    assert "Confirm your email address" in html

    closed = make.challenge(world["mechelen"], phase="closed")
    context, html = render_section(app, closed, world["citizen"])
    assert context.refusal == "not_open"
    assert "not open" in html and "<textarea" not in html


def test_section_offers_a_labelled_form_to_a_verified_user(app, world):
    context, html = render_section(app, world["challenge"], world["citizen"])
    assert context.refusal is None and context.form is not None
    assert '<label class="form-label fw-semibold" for="question-body">' in html
    assert '<textarea' in html and 'id="question-body"' in html
    assert f'action="/challenges/{world["challenge"].slug}/questions"' in html
    assert '<button type="submit"' in html
    assert context.manage_url is None


def test_challenge_page_shows_the_section(client, world):
    answered = question(world["challenge"], world["citizen"], "Shown on the challenge page",
                        status=QuestionStatus.ANSWERED, answer="Indeed")
    html = page(client, f"/challenges/{world['challenge'].slug}")
    assert 'id="questions"' in html and f'id="question-{answered.id}"' in html
    assert "Shown on the challenge page" in html


def test_section_points_organisers_at_the_waiting_questions(app, world):
    question(world["challenge"], world["citizen"])
    context, html = render_section(app, world["challenge"], world["mechelen_editor"])
    assert context.pending_count == 1
    assert f"/manage/challenges/{world['challenge'].slug}/questions" in html


# In a real browser ------------------------------------------------------------------------------

def sign_in(browser_page, email):
    from tests.factories import PASSWORD

    browser_page.goto("/login")
    browser_page.locator("#email").fill(email)
    browser_page.locator("#password").fill(PASSWORD)
    browser_page.locator("form button[type=submit]").last.click()
    browser_page.wait_for_url(lambda url: "/login" not in url)


@pytest.mark.browser
def test_ask_answer_and_read_in_a_browser_with_no_accessibility_violations(page, world, axe_check):
    from playwright.sync_api import expect

    slug = world["challenge"].slug
    question(world["challenge"], world["citizen"], "Another waiting question")
    sign_in(page, "citizen@example.be")
    page.goto(f"/challenges/{slug}/questions")
    axe_check(page, "public questions, signed in")
    page.locator("#question-body").fill(" ")
    page.locator("#questions form button[type=submit]").click()
    expect(page.locator("#question-body-error")).to_be_visible()
    axe_check(page, "ask page with an error")
    page.locator("#question-body").fill("Which streets are in scope?")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#questions")).to_contain_text("Which streets are in scope?")
    page.locator("header form button.btn-outline-secondary").click()  # sign out

    sign_in(page, "editor@mechelen.be")
    page.goto("/manage/questions")
    expect(page.locator("tbody tr")).to_have_count(2)
    axe_check(page, "queue")
    page.goto(f"/manage/challenges/{slug}/questions")
    axe_check(page, "challenge questions")
    asked = db.session.scalar(select(Question).where(Question.body.like("Which streets%")))
    page.locator(f"#answer-{asked.id}-answer").fill("The **whole** city centre.")
    page.locator(f"#question-{asked.id} form[action$='/answer'] button").click()
    expect(page.locator(f"#question-{asked.id} strong")).to_have_text("whole")
    axe_check(page, "challenge questions after an answer")
    page.goto(f"/challenges/{slug}/questions")
    expect(page.locator(f"#question-{asked.id}")).to_contain_text("whole city centre")
    axe_check(page, "public questions with an answer")



class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"QUESTION_RATE_LIMIT": "2 per hour"}

    def test_a_flood_of_questions_is_stopped(self, client, world):
        # Every question emails every organiser: a limit per person keeps that humane.
        client.login_as(world["citizen"])
        assert ask(client, world["challenge"], "").status_code == 400  # does not count
        assert ask(client, world["challenge"], "One").status_code == 302
        assert ask(client, world["challenge"], "Two").status_code == 302
        assert ask(client, world["challenge"], "Three").status_code == 429
        client.login_as(world["brugge_editor"])
        assert ask(client, world["challenge"], "Someone else").status_code == 302


def test_questions_are_numbered_per_challenge(client, world, make):
    other = make.challenge(world["mechelen"])
    client.login_as(world["citizen"])
    for n in range(3):
        assert ask(client, world["challenge"], f"Vraag {n} over parkeren?").status_code == 302
    assert ask(client, other, "De eerste vraag hier?").status_code == 302
    client.login_as(world["mechelen_admin"])
    html = manage_page(client, other)
    assert "Question #1" in html and "Question #4" not in html
