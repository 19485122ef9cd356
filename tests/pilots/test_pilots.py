"""A pilot followed through the app: started for a winner, milestones submitted and
reviewed, payments approved by a second person, changes proposed and decided, reminders.
Each refusal of "Bad input and access" has its test here, with nothing saved lost."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import ChallengeStatus
from challenges.events import Event
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.pilots.models import (
    ChangeRequest,
    ChangeStatus,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentStatus,
    Pilot,
)
from challenges.pilots.operations import send_milestone_reminders
from tests.pilots.helpers import iso, pilot, world

EN = {"Accept-Language": "en"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action)))


def outbox_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == address)))


def milestone(p: Pilot, title="Sensoren geplaatst", days=10, amount="4000") -> Milestone:
    obj = Milestone(pilot=p, title=title, due_on=p.starts_on + timedelta(days=40 + days),
                    amount=Decimal(amount) if amount else None)
    db.session.add(obj)
    db.session.commit()
    return obj


def test_the_organiser_starts_a_pilot_for_the_winner(client, make):
    w = world(make)
    client.login_as(w.editor)
    url = f"/manage/challenges/{w.challenge.slug}/proposals/{w.winner.id}/pilot"
    assert client.get(url).status_code == 200
    response = client.post(url, data={
        "amount": "9500,50", "starts_on": iso(w.today), "ends_on": iso(w.today - timedelta(1)),
        "decision_reference": "Collegebesluit 2026/77", "municipality_contact_id": "0",
        "objectives": "Twintig sensoren."}, headers=EN)
    assert response.status_code == 400  # dates out of order: refused, what was typed kept
    html = response.data.decode()
    assert "The end date must come after the start date." in html
    assert "Collegebesluit 2026/77" in html and "Twintig sensoren." in html
    assert db.session.scalar(select(func.count(Pilot.id))) == 0
    response = client.post(url, data={
        "amount": "9500,50", "starts_on": iso(w.today), "ends_on": iso(w.today + timedelta(90)),
        "decision_reference": "Collegebesluit 2026/77",
        "municipality_contact_id": str(w.editor.id), "objectives": "Twintig sensoren."})
    assert response.status_code == 302
    started = db.session.scalar(select(Pilot))
    assert started.amount == Decimal("9500.50") and started.legal_route == LegalRoute.LOW_VALUE_CONTRACT
    assert started.municipality_contact_id == w.editor.id
    db.session.refresh(w.challenge)
    assert w.challenge.status == ChallengeStatus.FOLLOW_UP
    assert events("pilot_started")[0].actor_id == w.editor.id
    assert {m.recipient for m in db.session.scalars(select(OutboxMessage))} >= {
        w.author.email, w.coauthor.email}
    # One pilot per proposal; a proposal that did not win has none.
    assert client.post(url, data={"amount": "1", "starts_on": iso(w.today),
                                  "ends_on": iso(w.today + timedelta(9)),
                                  "municipality_contact_id": "0"}).status_code == 400
    loser = make.proposal(w.challenge, status="not_selected")
    assert client.get(f"/manage/challenges/{w.challenge.slug}/proposals/{loser.id}/pilot"
                      ).status_code == 404


def test_who_sees_the_pilot(client, make):
    w = world(make)
    p = pilot(w)
    for user, status in ((w.editor, 200), (w.admin, 200), (w.author, 200), (w.coauthor, 200),
                         (w.outsider, 403), (make.user(platform_admin=True), 200)):
        client.login_as(user)
        assert client.get(f"/pilots/{p.id}").status_code == status, user.display_name
    client.logout()
    assert client.get(f"/pilots/{p.id}").status_code == 302
    client.login_as(w.editor)
    assert client.get("/pilots/999999").status_code == 404


def test_milestone_submitted_with_a_pdf_sent_back_then_accepted(client, make):
    w = world(make)
    p = pilot(w, municipality_contact_id=None)
    client.login_as(w.editor)
    response = client.post(f"/pilots/{p.id}/milestones", data={
        "title": "Sensoren geplaatst", "due_on": iso(w.today + timedelta(10)), "amount": "4000"})
    assert response.status_code == 302
    m = db.session.scalar(select(Milestone))
    client.login_as(w.author)
    response = client.post(f"/pilots/{p.id}/milestones/{m.id}/submit", data={
        "report": "Alle twintig staan er.", "files": [(__import__("io").BytesIO(PDF), "rapport.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(m)
    assert m.status == MilestoneStatus.SUBMITTED
    assert m.last_submission.documents[0].filename == "rapport.pdf"
    assert outbox_to(w.editor.email) and outbox_to(w.admin.email)  # the organisation is told
    # A participant cannot accept it.
    assert client.post(f"/pilots/{p.id}/milestones/{m.id}/review",
                       data={"decision": "accept"}).status_code == 403
    client.login_as(w.editor)
    response = client.post(f"/pilots/{p.id}/milestones/{m.id}/review",
                           data={"decision": "changes", "reason": ""}, headers=EN,
                           follow_redirects=True)
    assert "Say what must change." in response.data.decode()
    client.post(f"/pilots/{p.id}/milestones/{m.id}/review",
                data={"decision": "changes", "reason": "Foto's ontbreken."})
    db.session.refresh(m)
    assert m.status == MilestoneStatus.CHANGES_REQUESTED
    client.login_as(w.coauthor)
    client.post(f"/pilots/{p.id}/milestones/{m.id}/submit", data={"report": "Met foto's."})
    client.login_as(w.editor)
    client.post(f"/pilots/{p.id}/milestones/{m.id}/review", data={"decision": "accept"})
    db.session.refresh(m)
    assert m.status == MilestoneStatus.ACCEPTED and m.accepted_by_id == w.editor.id
    payment = db.session.scalar(select(Payment))
    assert payment.amount == Decimal("4000") and payment.status == PaymentStatus.PENDING
    assert [e.actor_id for e in events("milestone_changes_requested")] == [w.editor.id]
    assert len(events("milestone_submitted")) == 2
    # The PDF is private: the team and the organisation fetch it, nobody else.
    document = m.submissions[0].documents[0]
    url = f"/pilots/{p.id}/documents/{document.id}"
    assert client.get(url).data == PDF
    client.login_as(w.outsider)
    assert client.get(url).status_code == 403


def test_a_milestone_submitted_by_someone_not_on_the_team_is_refused(client, make):
    w = world(make)
    p = pilot(w)
    m = milestone(p)
    for user in (w.outsider, w.editor):
        client.login_as(user)
        assert client.post(f"/pilots/{p.id}/milestones/{m.id}/submit",
                           data={"report": "x"}).status_code == 403
    db.session.refresh(m)
    assert m.status == MilestoneStatus.PLANNED
    # A milestone of another pilot is not found under this one.
    other_world_pilot = pilot(world(make, LegalRoute.PRIZE))
    client.login_as(w.author)
    assert client.post(f"/pilots/{other_world_pilot.id}/milestones/{m.id}/submit",
                       data={"report": "x"}).status_code in (403, 404)


def test_milestone_dates_and_amounts_are_checked(client, make):
    w = world(make)
    p = pilot(w, amount="5000")
    client.login_as(w.editor)
    response = client.post(f"/pilots/{p.id}/milestones", headers=EN, follow_redirects=True,
                           data={"title": "Te vroeg", "due_on": iso(p.starts_on - timedelta(1))})
    assert "The due date must fall within the pilot" in response.data.decode()
    response = client.post(f"/pilots/{p.id}/milestones", headers=EN, follow_redirects=True,
                           data={"title": "Te duur", "due_on": iso(w.today), "amount": "5000,01"})
    assert "more than the award" in response.data.decode()
    response = client.post(f"/pilots/{p.id}/milestones", headers=EN, follow_redirects=True,
                           data={"title": "Geen datum", "due_on": "morgen"})
    assert response.status_code == 200 and "Not a valid date value" in response.data.decode()
    assert db.session.scalar(select(func.count(Milestone.id))) == 0


def test_a_late_milestone_is_flagged(client, make):
    w = world(make)
    p = pilot(w)
    late = Milestone(pilot=p, title="Rapport", due_on=w.today - timedelta(days=2))
    db.session.add(late)
    db.session.commit()
    assert late.shown_status == MilestoneStatus.LATE
    client.login_as(w.author)
    assert "milestone-late" in client.get(f"/pilots/{p.id}").data.decode()


def accepted_milestone(w, p, amount="4000", by=None):
    m = milestone(p, amount=amount)
    m.status, m.accepted_by_id = MilestoneStatus.ACCEPTED, (by or w.admin).id
    payment = Payment(pilot=p, milestone=m, amount=m.amount)
    db.session.add(payment)
    db.session.commit()
    return payment


def test_payments_need_a_second_administrator(client, make):
    w = world(make)
    p = pilot(w)
    payment = accepted_milestone(w, p)
    url = f"/pilots/{p.id}/payments/{payment.id}/approve"
    client.login_as(w.editor)  # an editor is not an administrator
    assert client.post(url).status_code == 403
    client.login_as(w.author)
    assert client.post(url).status_code == 403
    client.login_as(w.admin)  # accepted the milestone
    response = client.post(url, headers=EN, follow_redirects=True)
    assert "another administrator approves its payment" in response.data.decode()
    db.session.refresh(payment)
    assert payment.status == PaymentStatus.PENDING
    client.login_as(w.admin2)
    client.post(url, data={"internal_note": "Factuur 2026-118"})
    db.session.refresh(payment)
    assert payment.status == PaymentStatus.APPROVED and payment.approved_by_id == w.admin2.id
    assert events("payment_approved")[0].actor_id == w.admin2.id
    assert p.paid == Decimal("4000")
    # The internal note never reaches the team's page or the public page.
    client.login_as(w.author)
    assert "Factuur 2026-118" not in client.get(f"/pilots/{p.id}").data.decode()
    client.logout()
    assert "Factuur 2026-118" not in client.get(f"/challenges/{w.challenge.slug}").data.decode()


def test_a_payment_over_the_award_is_refused(client, make):
    w = world(make)
    p = pilot(w, amount="6000")
    accepted_milestone(w, p, "4000").status = PaymentStatus.APPROVED
    second = accepted_milestone(w, p, "2000")
    p.amount = Decimal("5000")  # as if the award had shrunk beneath what was promised
    db.session.commit()
    client.login_as(w.admin2)
    response = client.post(f"/pilots/{p.id}/payments/{second.id}/approve", headers=EN,
                           follow_redirects=True)
    assert "past the award" in response.data.decode()
    db.session.refresh(second)
    assert second.status == PaymentStatus.PENDING


def test_a_prize_to_a_company_waits_for_its_de_minimis_declaration(client, make):
    w = world(make, LegalRoute.PRIZE)
    w.winner.organisation_name = "SlimParkeren BV"
    db.session.commit()
    p = pilot(w)
    payment = accepted_milestone(w, p)
    client.login_as(w.admin2)
    response = client.post(f"/pilots/{p.id}/payments/{payment.id}/approve", headers=EN,
                           follow_redirects=True)
    assert "de minimis declaration" in response.data.decode()
    client.post(f"/pilots/{p.id}/de-minimis", data={"received_on": iso(w.today)})
    client.post(f"/pilots/{p.id}/payments/{payment.id}/approve")
    db.session.refresh(payment)
    assert payment.status == PaymentStatus.APPROVED


def test_changes_are_proposed_by_one_side_and_decided_by_the_other(client, make):
    w = world(make)
    p = pilot(w, amount="10000")
    m = milestone(p)
    client.login_as(w.author)
    response = client.post(f"/pilots/{p.id}/changes", headers=EN, follow_redirects=True,
                           data={"kind": "amount", "reason": "Extra sensoren", "new_amount": "",
                                 "milestone_id": "0"})
    assert "Give the new amount of the award." in response.data.decode()
    client.post(f"/pilots/{p.id}/changes", data={"kind": "amount", "reason": "Extra sensoren",
                                                 "new_amount": "12000", "milestone_id": "0"})
    change = db.session.scalar(select(ChangeRequest))
    assert change.side.value == "participant"
    assert outbox_to(w.admin.email)  # the other side is told
    # The side that proposed it cannot accept it.
    response = client.post(f"/pilots/{p.id}/changes/{change.id}/decide", headers=EN,
                           follow_redirects=True, data={"decision": "accept"})
    assert "The other side decides" in response.data.decode()
    client.login_as(w.outsider)
    assert client.post(f"/pilots/{p.id}/changes/{change.id}/decide",
                       data={"decision": "accept"}).status_code == 403
    client.login_as(w.editor)
    client.post(f"/pilots/{p.id}/changes/{change.id}/decide",
                data={"decision": "accept", "note": "Akkoord college 2026/90"})
    db.session.refresh(p)
    assert p.amount == Decimal("12000")
    # A new due date for a milestone, declined: nothing moves, the history keeps both.
    client.post(f"/pilots/{p.id}/changes", data={
        "kind": "dates", "reason": "Leverancier laat", "milestone_id": str(m.id),
        "new_due_on": iso(m.due_on + timedelta(days=14))})
    client.login_as(w.coauthor)
    second = db.session.scalars(select(ChangeRequest).order_by(ChangeRequest.id)).all()[-1]
    client.post(f"/pilots/{p.id}/changes/{second.id}/decide", data={"decision": "decline"})
    db.session.refresh(second)
    assert second.status == ChangeStatus.DECLINED
    assert [e.action for e in db.session.scalars(select(Event).where(
        Event.action.like("change_%")).order_by(Event.id))] == [
        "change_proposed", "change_accepted", "change_proposed", "change_declined"]


def test_a_change_request_on_a_closed_pilot_is_refused(client, make):
    w = world(make)
    p = pilot(w)
    client.login_as(w.editor)
    client.post(f"/pilots/{p.id}/drop", data={"reason": "Het bedrijf ging failliet."})
    db.session.refresh(p)
    assert p.status.value == "dropped"
    client.login_as(w.author)
    response = client.post(f"/pilots/{p.id}/changes", headers=EN, follow_redirects=True,
                           data={"kind": "scope", "reason": "x", "scope": "y", "milestone_id": "0"})
    assert "This pilot is closed" in response.data.decode()
    assert db.session.scalar(select(func.count(ChangeRequest.id))) == 0


def test_reminders_before_the_due_date_go_out_once(app, make, smtp):
    w = world(make)
    p = pilot(w)
    soon = Milestone(pilot=p, title="Tussentijds rapport", due_on=w.today + timedelta(days=3))
    later = Milestone(pilot=p, title="Eindrapport", due_on=w.today + timedelta(days=60))
    db.session.add_all([soon, later])
    db.session.commit()
    assert send_milestone_reminders() == 1
    assert send_milestone_reminders() == 0
    send_due()
    mails = smtp.to(w.author.email)
    assert mails and "Tussentijds rapport" in mails[0]["Subject"]
    assert events("milestone_reminder_sent")[0].actor_id is None


def test_reminders_cli(runner, make):
    w = world(make)
    p = pilot(w)
    db.session.add(Milestone(pilot=p, title="Rapport", due_on=w.today + timedelta(days=1)))
    db.session.commit()
    result = runner.invoke(args=["reminders", "milestones"])
    assert "reminded 1 milestone(s)" in result.output
