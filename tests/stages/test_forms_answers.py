"""Answers to a form's own questions, through the proposal form: saved in a draft, checked
on the server with the message next to the field (and what was typed kept), required to
submit; shown to the team, the organisers (private ones marked), the jury and the public
(never the private ones), and exported for the organisation."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from challenges.accounts.models import ParticipantKind, Role
from challenges.challenges.models import ProposalVisibility
from challenges.challenges.stages import (
    ChallengeStage,
    FormQuestion,
    ProposalAnswer,
    QuestionKind,
    QuestionVisibility,
)
from challenges.db import utcnow
from challenges.extensions import db
from challenges.jury import operations as jury_ops
from challenges.submissions.models import Proposal, ProposalAttachment, ProposalStatus

EN = {"Accept-Language": "en"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
       b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
CONTENT = {"title": "Sensoren in vuilnisbakken", "summary": "We meten hoe vol ze zijn.",
           "description": "LoRa-sensoren.", "approach": "Betere ophaalrondes.",
           "accept_rules": "y"}


def ask(challenge, kind, label, position, stage=None, **fields):
    question = FormQuestion(challenge_id=challenge.id, stage_id=stage.id if stage else None,
                            position=position, kind=kind, label=label,
                            translations={"en": {"label": f"{label} (en)"}}, **fields)
    db.session.add(question)
    db.session.commit()
    return question


@pytest.fixture
def world(make):
    mechelen = make.organisation("Stad Mechelen")
    organiser = make.user(email="els@mechelen.be", language="en")
    make.membership(organiser, mechelen, Role.EDITOR)
    challenge = make.challenge(mechelen, title="Slimme vuilnisbakken",
                               proposal_visibility=ProposalVisibility.IMMEDIATELY)
    founder = make.user(email="ruben@slimparkeren.be", kind=ParticipantKind.STARTUP,
                        language="en")
    q = {
        "why": ask(challenge, QuestionKind.LONG_TEXT, "Waarom", 1, required=True,
                   settings={"word_limit": 5}, help_text="Kort"),
        "sector": ask(challenge, QuestionKind.CHOICE_ONE, "Sector", 2, required=True,
                      settings={"choices": [{"key": "c1", "nl": "Zorg", "en": "Care"},
                                            {"key": "c2", "nl": "Energie", "en": "Energy"}]}),
        "phone": ask(challenge, QuestionKind.SHORT_TEXT, "Telefoon", 3,
                     visibility=QuestionVisibility.PRIVATE),
        "budget": ask(challenge, QuestionKind.NUMBER, "Budget", 4,
                      settings={"min": "0", "max": "50000"}),
        "open": ask(challenge, QuestionKind.YES_NO, "Open source", 5),
        "start": ask(challenge, QuestionKind.DATE, "Start", 6),
        "site": ask(challenge, QuestionKind.URL, "Website", 7),
        "tags": ask(challenge, QuestionKind.CHOICE_MANY, "Thema", 8, settings={"choices": [
            {"key": "a", "nl": "Afval", "en": "Waste"}, {"key": "b", "nl": "Water", "en": ""}]}),
        "plan": ask(challenge, QuestionKind.FILE, "Plan", 9, visibility=QuestionVisibility.PRIVATE,
                    settings={"file_types": ["pdf"], "max_mb": 1}),
        "video": ask(challenge, QuestionKind.FILE, "Poster", 10, settings={"file_types": ["png"]}),
    }
    return {"challenge": challenge, "organiser": organiser, "founder": founder, "q": q,
            "organisation": mechelen}


def name(question):
    return f"answer_{question.id}"


def good_answers(q):
    return {name(q["why"]): "Omdat het *nu* moet.", name(q["sector"]): "c2",
            name(q["phone"]): "0470 12 34 56", name(q["budget"]): "12 500,50",
            name(q["open"]): "yes", name(q["start"]): "2027-03-01",
            name(q["site"]): "https://slimparkeren.be", name(q["tags"]): ["a", "b"]}


def answers_of(proposal):
    return {a.question_id: a for a in db.session.scalars(
        select(ProposalAnswer).where(ProposalAnswer.proposal_id == proposal.id))}


def test_a_team_answers_saves_a_draft_and_submits(client, world, smtp):
    challenge, q = world["challenge"], world["q"]
    client.login_as(world["founder"])
    form = client.get(f"/challenges/{challenge.slug}/proposals/new", headers=EN).data.decode()
    assert "Waarom (en)" in form and 'enctype="multipart/form-data"' in form
    assert "At most 5 words." in form and "Only the organisers read this answer" in form
    # A draft may leave the required answers empty.
    response = client.post(f"/challenges/{challenge.slug}/proposals/new",
                           data={**CONTENT, "action": "save", name(q["budget"]): "300"})
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert answers_of(proposal)[q["budget"].id].value == "300"
    # Submitting without them: refused, the message next to each field.
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data={**CONTENT, "action": "submit"}, headers=EN)
    assert response.status_code == 409
    html = response.data.decode()
    assert f'id="{name(q["why"])}-error"' in html and "Answer this question: Waarom (en)" in html
    assert f'id="{name(q["sector"])}-error"' in html
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.DRAFT
    # With every answer and the files.
    data = {**CONTENT, **good_answers(q), "action": "submit",
            name(q["plan"]): (io.BytesIO(PDF), "plan.pdf"),
            name(q["video"]): (io.BytesIO(PNG), "poster.png")}
    response = client.post(f"/proposals/{proposal.id}/edit", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.data.decode()
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.SUBMITTED
    given = answers_of(proposal)
    assert given[q["why"].id].value == "Omdat het *nu* moet."
    assert given[q["sector"].id].value == "c2" and given[q["tags"].id].value == ["a", "b"]
    assert given[q["budget"].id].value == "12500.5" and given[q["open"].id].value is True
    assert given[q["start"].id].value == "2027-03-01"
    plan = db.session.get(ProposalAttachment, given[q["plan"].id].attachment_id)
    assert plan.filename == "plan.pdf" and plan.question_id == q["plan"].id
    # Answer files are not among the team's own attachments, and the version keeps answers.
    assert proposal.attachments == []
    assert proposal.versions[-1].content["answers"][str(q["sector"].id)] == "c2"
    # The form shows what was saved.
    html = client.get(f"/proposals/{proposal.id}/edit", headers=EN).data.decode()
    assert "0470 12 34 56" in html and 'value="2027-03-01"' in html and "plan.pdf" in html


@pytest.mark.parametrize("key, value, message", [
    ("why", "een twee drie vier vijf zes", "Use at most 5 words; this answer has 6."),
    ("sector", "c9", "Choose from the options given."),
    ("tags", ["a", "zz"], "Choose from the options given."),
    ("open", "perhaps", "Choose from the options given."),
    ("budget", "9" * 400, "Enter a number"),
    ("budget", "1e999999", "too large"),
    ("budget", "NaN", "Enter a number"),
    ("budget", "-1", "Enter at least 0."),
    ("budget", "60000", "Enter at most 50000."),
    ("start", "2027-13-45", "Not a valid date"),
    ("start", "0001-01-01", "between the years"),
    ("site", "javascript:alert(1)", "https://"),
    ("site", "ftp://example.org/x", "https://"),
    ("phone", "x" * 501, "500"),
])
def test_bad_answers_are_refused_next_to_the_field_and_kept(client, world, key, value,
                                                          message):
    challenge, q = world["challenge"], world["q"]
    client.login_as(world["founder"])
    data = {**CONTENT, **good_answers(q), "action": "save", name(q[key]): value}
    response = client.post(f"/challenges/{challenge.slug}/proposals/new", data=data,
                           headers=EN)
    assert response.status_code == 400
    html = response.data.decode()
    assert f'id="{name(q[key])}-error"' in html and message in html
    assert "Sensoren in vuilnisbakken" in html  # what was typed is kept
    if key != "why":
        assert "Omdat het *nu* moet." in html
    assert db.session.scalar(select(Proposal)) is None


def test_a_nul_byte_and_a_wrong_file_type(client, world):
    challenge, q = world["challenge"], world["q"]
    client.login_as(world["founder"])
    data = {**CONTENT, "action": "save", name(q["phone"]): "04\x0070",
            name(q["plan"]): (io.BytesIO(PNG), "plan.pdf")}
    response = client.post(f"/challenges/{challenge.slug}/proposals/new", data=data,
                           content_type="multipart/form-data", headers=EN)
    assert response.status_code == 400
    html = response.data.decode()
    assert f'id="{name(q["plan"])}-error"' in html and "PDF" in html
    # Over 1 MB; encoded in memory (Werkzeug's test client leaves a large body's temporary
    # file open otherwise).
    data[name(q["plan"])] = FileStorage(io.BytesIO(PDF * 40000), "plan.pdf",
                                        content_type="application/pdf")
    body, length, boundary = stream_encode_multipart(data, threshold=10**8)
    response = client.post(f"/challenges/{challenge.slug}/proposals/new", input_stream=body,
                           content_length=length, headers=EN,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400 and "larger than 1 MB" in response.data.decode()
    data.pop(name(q["plan"]))
    assert client.post(f"/challenges/{challenge.slug}/proposals/new",
                       data=data).status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert answers_of(proposal)[q["phone"].id].value == "0470"


def test_a_question_of_another_form_is_ignored(client, make, world):
    challenge, q = world["challenge"], world["q"]
    elsewhere = make.challenge(world["organisation"])
    foreign = ask(elsewhere, QuestionKind.SHORT_TEXT, "Elders", 1)
    stage = ChallengeStage(challenge=elsewhere, position=1, name="Idee")
    db.session.add(stage)
    db.session.commit()
    client.login_as(world["founder"])
    data = {**CONTENT, "action": "save", name(foreign): "ingeslopen",
            name(q["phone"]): "0470"}
    assert client.post(f"/challenges/{challenge.slug}/proposals/new",
                       data=data).status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert set(answers_of(proposal)) == {q["phone"].id}


def submitted_with_answers(make, world):
    challenge, q = world["challenge"], world["q"]
    proposal = make.proposal(challenge, world["founder"])
    pdf = ProposalAttachment(proposal_id=proposal.id, question_id=q["plan"].id,
                             filename="plan-met-naam.pdf", content_type="application/pdf",
                             size=len(PDF), file_sha256=__import__(
                                 "challenges.storage", fromlist=["keep"]).keep(PDF))
    db.session.add(pdf)
    db.session.flush()
    values = {"why": "Omdat het **nu** moet.", "sector": "c2", "phone": "0470 12 34 56",
              "budget": "12500", "open": True, "start": "2027-03-01",
              "site": "https://slimparkeren.be", "tags": ["a"]}
    for key, value in values.items():
        proposal.answers.append(ProposalAnswer(question_id=q[key].id, value=value))
    proposal.answers.append(ProposalAnswer(question_id=q["plan"].id, value="plan-met-naam.pdf",
                                           attachment_id=pdf.id))
    db.session.commit()
    return proposal, pdf


def test_who_reads_which_answers(client, make, world):
    proposal, pdf = submitted_with_answers(make, world)
    organiser = world["organiser"]
    # The organisers: everything, the private answers marked.
    client.login_as(organiser)
    html = client.get(f"/manage/proposals/{proposal.id}", headers=EN).data.decode()
    assert "0470 12 34 56" in html and "Private: not shown to the jury" in html
    assert "<strong>nu</strong>" in html and "Energy" in html and "Waste" in html
    assert client.get(f"/proposals/{proposal.id}/attachments/{pdf.id}").status_code == 200
    # A juror: the answers shown to the jury, never the private ones nor their file.
    juror = make.user(email="juror@kuleuven.be", language="en")
    member = jury_ops.invite_member(world["challenge"], juror.email, organiser)
    jury_ops.accept_invitation(member, juror)
    world["challenge"].closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    jury_ops.declare(member, proposal, False, "", juror)
    client.login_as(juror)
    slug = world["challenge"].slug
    page = client.get(f"/jury/{slug}/proposals/{proposal.id}/review", headers=EN)
    assert page.status_code == 200
    html = page.data.decode()
    assert "Energy" in html and "Omdat het" in html and "2027" in html
    assert "0470" not in html and "Telefoon" not in html and "plan-met-naam" not in html
    assert client.get(f"/jury/{slug}/proposals/{proposal.id}/attachments/{pdf.id}"
                      ).status_code == 404
    assert client.get(f"/proposals/{proposal.id}/attachments/{pdf.id}").status_code == 404
    # The public, where proposals are public: the same, without the private answers.
    client.logout()
    html = client.get(f"/proposals/{proposal.id}", headers=EN).data.decode()
    assert "Energy" in html and "0470" not in html and "Telefoon" not in html
    assert client.get(f"/proposals/{proposal.id}/attachments/{pdf.id}").status_code == 404
    # The team reads its own answers, private ones included.
    client.login_as(world["founder"])
    html = client.get(f"/proposals/{proposal.id}", headers=EN).data.decode()
    assert "0470 12 34 56" in html


def test_the_organisers_export_has_a_column_per_question(client, make, world):
    _proposal, pdf = submitted_with_answers(make, world)
    client.login_as(world["organiser"])
    response = client.get(f"/manage/challenges/{world['challenge'].slug}/proposals.csv",
                          headers=EN)
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, row = rows[0], rows[1]
    assert "Telefoon (en) (private)" in header and "Sector (en)" in header
    cells = dict(zip(header, row, strict=True))
    assert cells["Sector (en)"] == "Energy" and cells["Telefoon (en) (private)"] == "0470 12 34 56"
    assert cells["Plan (en) (private)"].endswith(f"/attachments/{pdf.id}")
    assert client.get(f"/manage/challenges/{world['challenge'].slug}/proposals.xlsx"
                      ).status_code == 200


def test_the_proposal_pages_keep_their_number_of_queries(client, make, world, count_queries):
    proposal, _pdf = submitted_with_answers(make, world)
    other = make.proposal(world["challenge"], make.user())
    other.answers.append(ProposalAnswer(question_id=world["q"]["phone"].id, value="1"))
    db.session.commit()
    client.login_as(world["organiser"])
    with count_queries() as few:
        assert client.get(f"/manage/proposals/{other.id}").status_code == 200
    with count_queries() as many:
        assert client.get(f"/manage/proposals/{proposal.id}").status_code == 200
    assert many.count == few.count, many.statements
    client.logout()
    with count_queries() as few:
        assert client.get(f"/proposals/{other.id}").status_code == 200
    with count_queries() as many:
        assert client.get(f"/proposals/{proposal.id}").status_code == 200
    assert many.count == few.count, many.statements


def test_the_jurys_export_leaves_out_the_private_answers(client, make, world):
    proposal, _pdf = submitted_with_answers(make, world)
    challenge, organiser = world["challenge"], world["organiser"]
    chair = make.user(email="chair@kuleuven.be", language="en")
    juror = make.user(email="juror@kuleuven.be", language="en")
    for person, chairs in ((chair, True), (juror, False)):
        member = jury_ops.invite_member(challenge, person.email, organiser, chair=chairs)
        jury_ops.accept_invitation(member, person)
    jury = member.jury
    jury.blind = True
    challenge.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    client.login_as(chair)
    response = client.get(f"/jury/{challenge.slug}/export/answers.csv", headers=EN)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Reference" and "Title" not in rows[0]  # blind: no title
    assert "Sector (en)" in rows[0] and not any("Telefoon" in h or "Plan" in h for h in rows[0])
    assert rows[1][0] == proposal.reference and "Energy" in rows[1]
    assert not any("0470" in cell for cell in rows[1])
    assert client.get(f"/jury/{challenge.slug}/export/answers.xlsx").status_code == 200
    client.login_as(juror)
    assert client.get(f"/jury/{challenge.slug}/export/answers.csv").status_code == 403
